"""Account managers (analytics/owners.py, pages/managers.py): per-owner counts, revenue, workload and call
lists on small hand-typed frames; the all-owners workbook with hostile names; the page on the sample."""
import io
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from analytics import ingest
from analytics.config import Scenario
from analytics.features import customer_attributes, customer_features
from analytics.lifecycle import customer_stages
from analytics.owners import (NO_OWNER, at_risk_top, call_list, call_lists, default_service, has_owners,
                              owner_summary, owners_workbook, playbook_service, service_levels, sheet_names)
from analytics.scoring import score_customers
from apptest import open_app

TIERS = ["A", "B", "C"]
SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"

# 10 customers with a tier, 3 owners: Li (5, one written " Li"), Wang (3), and none (c9 missing, c10 blank)
ROWS = [  # customer_id, owner, tier, monetary, recency_days, stage
    ("c01", "Li", "A", 5000.0, 200, "at_risk"),
    ("c02", "Li", "A", 8000.0, 10, "loyal"),
    ("c03", "Li", "A", 3000.0, 120, "repeat"),
    ("c04", " Li", "B", 1500.0, 400, "churned"),
    ("c05", "Li", "A", 7000.0, 190, "at_risk"),
    ("c06", "Wang", "A", 9000.0, 370, "churned"),
    ("c07", "Wang", "B", 1200.5, 50, "repeat"),
    ("c08", "Wang", "C", 300.25, 250, "at_risk"),
    ("c09", None, "A", 4000.0, 5, "loyal"),
    ("c10", "  ", "C", 100.0, 60, "new"),
]


@pytest.fixture
def frames():
    scored = pd.DataFrame(ROWS, columns=["customer_id", "owner", "tier", "monetary", "recency_days", "stage"])
    stages = scored[["customer_id", "stage"]]
    stages = pd.concat([stages, pd.DataFrame({"customer_id": ["c11"], "stage": ["prospect"]})], ignore_index=True)
    scored = scored.drop(columns="stage").assign(
        tier=lambda f: pd.Categorical(f["tier"], categories=TIERS), name=lambda f: "Name " + f["customer_id"],
        frequency=3, last_purchase=pd.Timestamp("2024-06-30") - pd.to_timedelta(scored["recency_days"], unit="D"))
    return scored, stages


def test_default_service_levels_go_by_position():
    assert default_service(["A", "B", "C"]) == {"A": 4, "B": 2, "C": 0.5}
    assert default_service(["A", "B"]) == {"A": 4, "B": 0.5}
    assert list(default_service(list("ABCDEF")).values()) == [4, 2, 1, 0.5, 0.5, 0.5]
    # overrides by tier name; a name that is no tier, or a value that is no number >= 0, is left out
    assert service_levels(TIERS, {"A": 3, "C": "1", "Z": 9, "B": "x"}) == {"A": 3, "B": 2, "C": 1}
    assert service_levels(TIERS, {"B": -1, "C": True, "A": float("nan")}) == {"A": 4, "B": 2, "C": 0.5}
    assert playbook_service(Scenario()) == {}


def test_owner_summary_counts_revenue_at_risk_and_workload(frames):
    scored, stages = frames
    got = owner_summary(scored, stages, TIERS).set_index("owner")
    assert list(got.index) == ["Li", "Wang", NO_OWNER]  # by name, no owner last; " Li" is Li
    assert list(got.columns) == ["customers_A", "customers_B", "customers_C", "customers", "revenue_A", "revenue_B",
                                 "revenue_C", "revenue", "at_risk_top", "workload"]
    li, wang, none = got.loc["Li"], got.loc["Wang"], got.loc[NO_OWNER]
    assert (li.customers_A, li.customers_B, li.customers_C, li.customers) == (4, 1, 0, 5)
    assert (li.revenue_A, li.revenue_B, li.revenue_C, li.revenue) == (23000.0, 1500.0, 0.0, 24500.0)
    assert li.at_risk_top == 2 and li.workload == 4 * 4 + 2  # c01, c05; c04 is churned but B
    assert (wang.customers_A, wang.customers_B, wang.customers_C, wang.customers) == (1, 1, 1, 3)
    assert (wang.revenue_A, wang.revenue_B, wang.revenue_C, wang.revenue) == (9000.0, 1200.5, 300.25, 10500.75)
    assert wang.at_risk_top == 1 and wang.workload == 4 + 2 + 0.5  # c06 churned counts; c08 is C
    assert (none.customers_A, none.customers_B, none.customers_C, none.customers) == (1, 0, 1, 2)
    assert none.revenue == 4100.0 and none.at_risk_top == 0 and none.workload == 4.5
    assert got["customers"].sum() == len(scored)  # c11, a prospect without a tier, is not counted
    custom = owner_summary(scored, stages, TIERS, {"A": 3, "C": 1}).set_index("owner")["workload"]
    assert custom.to_dict() == {"Li": 4 * 3 + 2, "Wang": 3 + 2 + 1, NO_OWNER: 3 + 1}


def test_at_risk_top_lists_the_top_tier_at_risk_by_owner_then_revenue(frames):
    got = at_risk_top(*frames, TIERS)
    assert list(zip(got["owner"], got["customer_id"])) == [("Li", "c05"), ("Li", "c01"), ("Wang", "c06")]


def test_call_list_order(frames):
    scored, stages = frames
    li = call_list(scored, stages, "Li", TIERS)
    assert list(li["customer_id"]) == ["c05", "c01", "c03", "c04", "c02"]
    assert list(li["reason"]) == ["top_at_risk", "top_at_risk", "top_quiet", "next_at_risk", "top_regular"]
    assert list(li["priority"]) == [1, 2, 3, 4, 5]
    assert list(li["calls_per_month"]) == [4, 4, 4, 2, 4]
    # with 150 quiet days c03 (120 days) is a regular call, after c02 (more revenue)
    assert list(call_list(scored, stages, "Li", TIERS, quiet_days=150)["customer_id"]) == ["c05", "c01", "c04", "c02",
                                                                                           "c03"]
    assert list(call_list(scored, stages, "Wang", TIERS)["customer_id"]) == ["c06"]  # c07 fine, c08 is C
    assert list(call_list(scored, stages, NO_OWNER, TIERS)["customer_id"]) == ["c09"]
    book = {"stage": {"at_risk": "call now"}, "tier": {"A": "visit"}}
    both = call_lists(scored, stages, TIERS, book=book)
    assert list(both["owner"]) == ["Li"] * 5 + ["Wang", NO_OWNER]
    assert both.loc[0, "stage_action"] == "call now" and both.loc[0, "tier_action"] == "visit"


def test_no_owner_column_puts_everyone_under_no_owner(frames):
    scored, stages = frames
    bare = scored.drop(columns="owner")
    assert not has_owners(bare) and not has_owners(scored.assign(owner=" ")) and has_owners(scored)
    got = owner_summary(bare, stages, TIERS)
    assert list(got["owner"]) == [NO_OWNER] and got["customers"].iloc[0] == 10


HOSTILE = "=cmd|' /C calc'!A0"
LONG = "Regional key account manager, East"  # 34 characters: two owners equal once cut to 31
TWIN = "Regional key account manager, Eastern"


def test_sheet_names_are_valid_and_distinct():
    names = sheet_names(["owners", HOSTILE, "A/B:C*?", "[x]\\y", LONG, TWIN, "OWNERS", "'quoted'", "", "History"])
    assert names[:4] == ["owners", "_cmd|' _C calc'!A0", "A_B_C__", "_x__y"]
    assert names[4] == LONG[:31] and names[5] == LONG[:27] + " (2)" and len(names[5]) == 31
    assert names[6:] == ["OWNERS (2)", "quoted", "sheet", "History (2)"]
    assert len({n.lower() for n in names}) == len(names) and all(1 <= len(n) <= 31 for n in names)


def test_workbook_of_every_owner_round_trips_with_hostile_names(frames):
    scored, stages = frames
    scored = scored.assign(owner=scored["owner"].replace({"Li": HOSTILE, " Li": HOSTILE, "Wang": "A/B:C*?"}))
    scored.loc[scored["customer_id"] == "c09", "owner"] = LONG
    scored.loc[scored["customer_id"] == "c10", "owner"] = TWIN
    scored.loc[scored["customer_id"] == "c02", "monetary"] = 8000.004  # rounded to the cent in the file
    summary = owner_summary(scored, stages, TIERS)
    lists = call_lists(scored, stages, TIERS)
    book = openpyxl.load_workbook(io.BytesIO(owners_workbook(summary, lists, "Overview")))
    sheets = ["Overview", "_cmd|' _C calc'!A0", "A_B_C__", LONG[:31], LONG[:27] + " (2)"]
    # owners in name order: "=cmd..." < "A/B..." < LONG < TWIN; the overview names each one's sheet exactly
    assert book.sheetnames == sheets
    over = pd.read_excel(io.BytesIO(owners_workbook(summary, lists, "Overview")), sheet_name=None, engine="openpyxl")
    first = over["Overview"]
    assert list(first["sheet"]) == sheets[1:]
    assert list(first["owner"]) == ["'" + HOSTILE, "A/B:C*?", LONG, TWIN]  # the formula neutralised in its cell
    assert list(first["workload"]) == [18, 6.5, 4, 0.5]
    hostile = over[sheets[1]]
    assert list(hostile["customer_id"]) == ["c05", "c01", "c03", "c04", "c02"]
    assert set(hostile["owner"]) == {"'" + HOSTILE}
    assert hostile.loc[4, "monetary"] == 8000.0
    assert list(over[sheets[3]]["customer_id"]) == ["c09"] and over[sheets[4]].empty
    for ws in book.worksheets:  # no cell is a formula
        assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in ws.iter_rows() for c in row)


@pytest.fixture(scope="module")
def sample():
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    return score_customers(customer_features(con), Scenario(), customer_attributes(con)), customer_stages(con)


def test_the_page_shows_analytics_numbers_and_speaks_chinese(sample):
    scored, stages = sample
    summary = owner_summary(scored, stages, TIERS)
    at = open_app(page="pages/managers.py")
    assert at.title[0].value == "Account managers"
    shown = at.dataframe[0].value.reset_index(drop=True)
    totals = ["customers", "at_risk_top", "workload"]
    tiers = {f"tier_{i}": f"customers_{name}" for i, name in enumerate(TIERS)}
    assert list(shown["owner"]) == list(summary["owner"])
    pd.testing.assert_frame_equal(shown[list(tiers) + totals].rename(columns=tiers), summary[list(tiers.values()) + totals],
                                  check_dtype=False)
    assert list(shown["revenue"]) == list(summary["revenue"].round(0))  # whole units on screen
    at.segmented_control(key="mgr_view").set_value("revenue").run()
    shown = at.dataframe[0].value.reset_index(drop=True)
    for i, name in enumerate(TIERS):
        assert list(shown[f"tier_{i}"]) == list(summary[f"revenue_{name}"].round(0))
    owner = summary.sort_values("workload").iloc[-1]
    at.selectbox(key="mgr_owner").set_value(owner["owner"]).run()
    assert not at.exception, at.exception
    cards = {m.label: m.value for m in at.metric[4:]}
    assert cards == {"Customers": f"{owner['customers']:,}", "Revenue": f"{owner['revenue'] / 1e6:,.1f}M",
                     "A at risk": f"{owner['at_risk_top']:,}", "Workload (calls/month)": f"{owner['workload']:,.1f}"}
    listed = at.dataframe[1].value
    want = call_list(scored, stages, owner["owner"], TIERS)
    assert list(listed["customer_id"]) == list(want["customer_id"])
    assert any(f"**{len(want):,}** customers for" in m.value for m in at.markdown)
    at.session_state["lang"] = "zh"  # what the sidebar's switch sets (AppTest omits the sidebar after a page switch)
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "客户经理"
    assert {m.label for m in at.metric[:4]} == {"客户经理", "无客户经理", "A 风险客户", "工作量（次/月）"}
    assert at.selectbox(key="mgr_owner").value == owner["owner"]
    assert set(at.dataframe[1].value["reason"]) <= {"1 挽回：最高层级风险客户", "2 回访：最高层级久未购买",
                                                     "3 挽回：第二层级风险客户", "4 例行联系：最高层级"}
    assert any("需联系" in m.value for m in at.markdown)


def test_service_levels_set_on_the_page_weigh_the_workload(sample):
    scored, stages = sample
    at = open_app(page="pages/managers.py")
    at.number_input(key="w_svc_A").set_value(10.0).run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"].playbook["service"] == {"A": 10.0, "B": 2.0, "C": 0.5}
    summary = owner_summary(scored, stages, TIERS, service_levels(TIERS, {"A": 10.0}))
    shown = at.dataframe[0].value.reset_index(drop=True)
    assert list(shown["workload"]) == list(summary["workload"])
    # A 10 x its customers + B 2 x + C 0.5 x, for the first owner
    first = summary.iloc[0]
    assert first["workload"] == 10 * first["customers_A"] + 2 * first["customers_B"] + 0.5 * first["customers_C"]


def test_the_page_says_what_to_do_without_an_owner_column():
    at = open_app(page="pages/data.py")
    orders = "customer_id,order_date,amount\n" + "".join(
        f"k{i},2024-0{1 + i % 6}-1{i % 9},{100 + 10 * i}\n" for i in range(12))
    at.file_uploader(key="up_orders").upload("orders.csv", orders.encode(), "text/csv").run()
    next(b for b in at.button if b.label == "Check and load").click().run()
    assert not at.exception, at.exception
    at.switch_page("pages/managers.py").run()
    assert not at.exception, at.exception
    info = " ".join(i.value for i in at.info)
    assert "No customers file is loaded" in info and "**owner**" in info and "**客户经理**" in info
    assert not at.dataframe and not at.get("plotly_chart")


def test_the_chart_keeps_owner_and_tier_names_as_text(frames):
    from ui.managers import plot_owner_tiers
    scored, stages = frames
    hostile = "<b>x</b> %{y}"
    summary = owner_summary(scored.assign(owner=scored["owner"].replace({"Wang": hostile})), stages, TIERS)
    levels = service_levels(TIERS)
    fig = plot_owner_tiers(summary, TIERS, levels, "workload", "t", "calls")
    assert [tr.name for tr in fig.data] == TIERS
    assert list(fig.data[0].y) == ["&lt;b&gt;x&lt;/b&gt; %{y}", "Li", "(no manager)"]  # escaped, in order
    assert list(fig.data[0].x) == [4, 16, 4] and list(fig.data[2].x) == [0.5, 0, 0.5]  # customers x calls a month
