"""Tiers beside classification: tier x attribute cross-tables and the customer filter (analytics/crosstab.py)
on hand-typed frames with exact numbers; the Tiers page's section, the shared filter (Tiers and Export, in the
address), the ABC and eight-class controls, and tiers within a slice from the command line and the page."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.config import SETTINGS, Scenario
from analytics.crosstab import MISSING, OTHER, TOTAL, filter_customers, tier_by_attribute, value_labels
from apptest import open_app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
TIERS = ["A", "B", "C", "D"]


def customers() -> pd.DataFrame:
    """Eight customers in tiers A-D (D empty): two without a region (None and blank), a return in C."""
    return pd.DataFrame({
        "customer_id": [f"c{i}" for i in range(1, 9)],
        "tier": pd.Categorical(list("AABCCCBC"), categories=TIERS, ordered=True),
        "monetary": [100.0, 50.5, 30.0, 10.0, 5.25, -2.0, 20.0, 1.0],
        "region": ["North", "South", "North", None, "South", "North", "  ", "East"],
        "size": [3.0, 3.0, 2.5, np.nan, 1.0, 3.0, 2.5, 1.0],
    })


# --- analytics ------------------------------------------------------------------------------------------

def test_the_cross_table_counts_and_sums_every_value_and_tier():
    x = tier_by_attribute(customers(), "region")
    # by customers, most first; the missing and the blank region together, last; tier D kept though empty
    assert list(x.customers.index) == ["North", "South", "East", MISSING]
    assert list(x.customers.columns) == TIERS
    assert x.customers.to_numpy().tolist() == [[1, 1, 1, 0], [1, 0, 1, 0], [0, 0, 1, 0], [0, 1, 1, 0]]
    assert x.revenue.to_numpy().tolist() == [[100.0, 30.0, -2.0, 0.0], [50.5, 0.0, 5.25, 0.0], [0.0, 0.0, 1.0, 0.0],
                                             [0.0, 20.0, 10.0, 0.0]]
    assert x.folded == ()


def test_totals_and_shares():
    x = tier_by_attribute(customers(), "region")
    c = x.with_totals("customers")
    assert c[TOTAL].tolist() == [3, 2, 1, 2, 8]
    assert c.loc[TOTAL].tolist() == [2, 2, 4, 0, 8]
    r = x.with_totals("revenue")
    assert r[TOTAL].tolist() == [128.0, 55.75, 1.0, 30.0, 214.75]
    assert r.loc[TOTAL].tolist() == [150.5, 50.0, 14.25, 0.0, 214.75]
    by_value = x.shares("customers", "value")
    assert by_value.loc["North"].tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3, 0.0])
    assert by_value.sum(axis=1).tolist() == pytest.approx([1.0] * 4)
    by_tier = x.shares("customers", "tier")
    assert by_tier["A"].tolist() == [0.5, 0.5, 0.0, 0.0]
    assert by_tier["D"].tolist() == [0.0] * 4  # an empty tier: 0, not a division by zero
    assert x.shares("customers", "all").loc["North", "A"] == 1 / 8
    assert x.shares("revenue", "value").loc["North"].tolist() == pytest.approx([100 / 128, 30 / 128, -2 / 128, 0.0])


def test_past_fifteen_values_the_smaller_ones_are_summed_in_other():
    # v01 has 17 customers, v02 16, ... v17 1; v05 and v05b tie at 13 (ordered by text); two missing
    values = [f"v{i:02d}" for i in range(1, 18) for _ in range(18 - i)] + ["v05b"] * 13 + [None, None]
    frame = pd.DataFrame({"customer_id": range(len(values)), "tier": pd.Categorical(["A"] * len(values), ["A", "B"]),
                          "monetary": 1.0, "kind": values})
    x = tier_by_attribute(frame, "kind")
    assert list(x.customers.index) == ["v01", "v02", "v03", "v04", "v05", "v05b", "v06", "v07", "v08", "v09", "v10",
                                       "v11", "v12", "v13", "v14", OTHER, MISSING]
    assert x.folded == ("v15", "v16", "v17")
    assert x.customers.loc[OTHER].tolist() == [3 + 2 + 1, 0]
    assert x.customers.loc[MISSING].tolist() == [2, 0]
    assert int(x.customers.to_numpy().sum()) == len(values)


def test_numbers_are_compared_as_text_and_stages_keep_their_order():
    assert value_labels(pd.Series([3.0, 2.5, np.nan, 1])).tolist() == ["3", "2.5", MISSING, "1"]
    x = tier_by_attribute(customers(), "size")
    assert list(x.customers.index) == ["3", "1", "2.5", MISSING]  # 3 customers, then 2 and 2 by text
    stages = pd.DataFrame({"customer_id": ["c1", "c2", "c3", "c4", "c5", "c6", "c7"],
                           "stage": ["churned", "churned", "churned", "loyal", "new", "loyal", "churned"]})
    s = tier_by_attribute(customers(), "stage", stages)  # c8 has no stage
    assert list(s.customers.index) == ["new", "loyal", "churned", MISSING]  # the lifecycle's order, not by size
    assert s.customers.loc["churned"].tolist() == [2, 2, 0, 0]


def test_filter_keeps_the_rows_matching_every_column_in_order():
    frame = customers()
    assert filter_customers(frame, {"region": ["North", MISSING]})["customer_id"].tolist() == ["c1", "c3", "c4", "c6",
                                                                                              "c7"]
    assert filter_customers(frame, {"region": ["North"], "tier": ["C"]})["customer_id"].tolist() == ["c6"]
    assert filter_customers(frame, {"size": [3]})["customer_id"].tolist() == ["c1", "c2", "c6"]  # 3 matches 3.0
    assert filter_customers(frame, {"region": [], "size": ["2.5"]})["customer_id"].tolist() == ["c3", "c7"]
    assert filter_customers(frame, {})["customer_id"].tolist() == frame["customer_id"].tolist()
    assert filter_customers(frame, {"region": ["West"]}).empty
    stages = pd.DataFrame({"customer_id": ["c1", "c2"], "stage": ["loyal", "new"]})
    assert filter_customers(frame, {"stage": ["loyal", MISSING]}, stages)["customer_id"].tolist() == \
        ["c1", "c3", "c4", "c5", "c6", "c7", "c8"]
    with pytest.raises(KeyError):
        filter_customers(frame, {"owner": ["x"]})


def test_the_heatmap_escapes_every_name_and_draws_numbers_in_cells():
    from ui.crosstab import plot_tier_by_attribute
    frame = pd.DataFrame({"customer_id": ["a", "b", "c"], "monetary": [10.0, 20.0, 30.0],
                          "tier": pd.Categorical(["<b>T1</b>", "T2", "T2"], ["<b>T1</b>", "T2"], ordered=True),
                          "kind": ["<img src=x onerror=alert(1)>", "1", "1"]})
    x = tier_by_attribute(frame, "kind")
    fig = plot_tier_by_attribute(x, "customers", "t", {}, lambda v: f"{v:,.0f}",
                                 lambda value, tier, number, share: f"{value} {tier} {number} {share}")
    layout = fig.layout
    # "1" is a name, not y = 1; a long name wraps between words
    assert list(layout.yaxis.ticktext) == ["1", "&lt;img src=x<br>onerror=alert(1)&gt;"]
    assert list(layout.xaxis.ticktext) == ["&lt;b&gt;T1&lt;/b&gt;", "T2"]
    heat = fig.data[0]
    assert [list(r) for r in heat.text] == [["<b>0</b><br>0%", "<b>2</b><br>100%"], ["<b>1</b><br>100%", "<b>0</b><br>0%"]]
    assert heat.customdata[1][0] == "&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;T1&lt;/b&gt; 1 100.0%"
    assert "<img" not in json.dumps(fig.to_plotly_json()["layout"]) + str(heat.customdata)


# --- command line: tiers within a slice ---------------------------------------------------------------------

WITHIN = {"tier_method": "share", "tiers": [["A", 0.1], ["B", 0.2], ["C", 0.7]], "tier_within": "region"}


@pytest.fixture(scope="module")
def within_counts(tmp_path_factory) -> pd.DataFrame:
    """python -m analytics score with tiers within region: customers per (region, tier)."""
    d = tmp_path_factory.mktemp("within")
    (d / "s.json").write_text(json.dumps(WITHIN), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "analytics", "score", str(SAMPLE / "orders.csv"), "--customers",
                        str(SAMPLE / "customers.csv"), "--config", str(d / "s.json"), "--out", str(d / "x.csv")],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    scored = pd.read_csv(d / "x.csv", dtype={"customer_id": str}, encoding="utf-8-sig")
    regions = pd.read_csv(SAMPLE / "customers.csv", dtype={"customer_id": str}).set_index("customer_id")["region"]
    # score writes the slice's column beside the tier: it is the customers table's
    assert scored["region"].tolist() == scored["customer_id"].map(regions).tolist()
    return pd.crosstab(scored["region"], scored["tier"]).reindex(columns=["A", "B", "C"], fill_value=0)


def test_the_command_line_takes_the_top_share_within_every_region(within_counts):
    n = within_counts.sum(axis=1)
    assert (within_counts["A"] == (0.1 * n).round()).all()  # round half to even, as the tiers are cut
    assert (within_counts["A"] + within_counts["B"] == (0.3 * n).round()).all()
    # by hand: North has 447 scored customers; 10% is 44.7, so 45 are A; 30% is 134.1, so 134 - 45 = 89 are B
    assert within_counts.loc["North"].tolist() == [45, 89, 313]


# --- pages --------------------------------------------------------------------------------------------------

def xt_table(at) -> pd.DataFrame:
    """The tiers-by-attribute table (value, t0.., total, share)."""
    return next(d.value for d in at.dataframe if {"t0", "total", "share"} <= set(d.value.columns))


def xt_figure(at) -> dict:
    return next(s for s in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
                if "and tier" in s["layout"].get("title", {}).get("text", ""))


def array(value) -> np.ndarray:
    """A plotly array as sent to the browser: a list, or typed bytes (bdata)."""
    if isinstance(value, dict):
        import base64
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        return flat.reshape([int(n) for n in str(shape).split(",")]) if shape else flat
    return np.array(value)


def tier_counts(at) -> dict:
    return {m.label.split(" ")[1]: int(m.value.replace(",", "")) for m in at.metric if m.label.startswith("Tier ")}


@pytest.fixture(scope="module")
def sample(sample_scoring):
    scored = sample_scoring(Scenario())
    attrs = pd.read_csv(SAMPLE / "customers.csv", dtype={"customer_id": str})
    return scored, attrs


def test_the_section_draws_tier_by_attribute_and_follows_the_picker(sample):
    scored, _ = sample
    at = open_app()
    table = xt_table(at)
    expected = pd.crosstab(scored["industry"], scored["tier"].astype(str))
    order = expected.sum(axis=1).sort_values(ascending=False, kind="stable")
    assert table["value"].tolist() == [*expected.loc[order.index].index, "Total"]
    assert table.iloc[-1][["t0", "t1", "t2"]].tolist() == list(tier_counts(at).values())
    assert table.iloc[-1]["total"] == len(scored)
    fig = xt_figure(at)
    assert "Industry" in fig["layout"]["title"]["text"]
    assert array(fig["data"][0]["z"]).sum() == len(scored)

    at.selectbox(key="xt_column").set_value("region").run()
    assert not at.exception, at.exception
    table = xt_table(at)
    assert set(table["value"][:-1]) == set(scored["region"])
    north = table.set_index("value").loc["North"]
    assert north[["t0", "t1", "t2"]].tolist() == pd.crosstab(scored["region"], scored["tier"]).loc["North"].tolist()

    at.segmented_control(key="xt_metric").set_value("revenue").run()
    totals = xt_table(at).iloc[-1][["t0", "t1", "t2"]].tolist()
    assert totals == pytest.approx(scored.groupby("tier", observed=False)["monetary"].sum().round(2).tolist())

    at.selectbox(key="xt_column").set_value("stage").run()
    assert not at.exception, at.exception
    assert xt_table(at)["value"].tolist()[:2] == ["New", "Repeat"]  # the lifecycle's order, translated


def test_the_filter_narrows_the_page_says_so_travels_in_the_link_and_to_the_export(sample):
    scored, _ = sample
    at = open_app()
    at.multiselect(key="flt_tiers_cols").set_value(["region"]).run()
    at.multiselect(key="flt_tiers_v_region").set_value(["North", "East"]).run()
    assert not at.exception, at.exception
    inside = scored[scored["region"].isin(["North", "East"])]
    caption = f"Showing {len(inside):,} of {len(scored):,} customers (Region: North, East)"
    assert [c.value.replace("\\", "") for c in at.caption if c.value.startswith("Showing")] == [caption]
    want = inside["tier"].astype(str).value_counts().reindex(["A", "B", "C"]).to_dict()
    assert tier_counts(at) == want
    assert xt_table(at).iloc[-1]["total"] == len(inside)
    assert at.dataframe[-1].value["customer_id"].isin(inside["customer_id"]).all()  # the customer list
    assert json.loads(at.query_params["filter"]) == {"region": ["North", "East"]}

    at.switch_page("pages/export.py").run()  # the same filter, in force on the export
    assert not at.exception, at.exception
    assert any(c.value.replace("\\", "") == caption for c in at.caption)
    a = inside[inside["tier"].astype(str) == "A"]  # the export's default: the first tier
    assert any(h.value == f"{len(a):,} customers selected" for h in at.subheader), [h.value for h in at.subheader]
    assert at.dataframe[0].value["customer_id"].isin(a["customer_id"]).all()

    link = open_app({"filter": at.query_params["filter"]})  # a link reproduces it
    assert [c.value.replace("\\", "") for c in link.caption if c.value.startswith("Showing")] == [caption]
    assert link.multiselect(key="flt_tiers_v_region").value == ["North", "East"]


def test_a_filter_link_naming_what_the_data_lacks_is_said_not_applied():
    at = open_app({"filter": json.dumps({"region": ["North", "Atlantis"], "planet": ["Mars"]})})
    shown = " ".join(w.value.replace("\\", "").replace("\u200b", "") for w in at.warning)
    assert "region: Atlantis" in shown and "planet: Mars" in shown
    assert json.loads(at.query_params["filter"]) == {"region": ["North"]}
    bad = open_app({"filter": "{not json"})
    assert any("could not be read" in w.value for w in bad.warning)
    assert not any(c.value.startswith("Showing") for c in bad.caption)


def test_abc_cut_offs_and_the_eight_class_split_are_controls(sample):
    scored, _ = sample
    at = open_app()
    for key, setting in (("w_abc_a", "abc.A"), ("w_abc_b", "abc.B")):  # the settings table's range, in percent
        s = at.slider(key=key).proto
        st_ = SETTINGS[setting]
        assert (s.min, s.max, s.step) == pytest.approx((st_.low * 100, st_.high * 100, st_.step * 100))
    abc = lambda: next(d.value for d in at.dataframe if "abc" in d.value.columns).set_index("abc")  # noqa: E731
    assert abc().loc["A", "revenue_share"] <= 80
    at.slider(key="w_abc_a").set_value(50.0).run()
    assert not at.exception, at.exception
    assert 40 < abc().loc["A", "revenue_share"] <= 50
    assert at.session_state["scenario"].abc == (0.5, 0.95)
    at.slider(key="w_abc_a").set_value(96.0).run()  # not below B: refused, the cuts in force stay
    shown = " ".join(e.value.replace("\\", "").replace("\u200b", "") for e in at.error)
    assert "ABC: class A (96%) must end below class B (95%): not applied. In force: A 50% · B 95%." in shown
    assert at.session_state["scenario"].abc == (0.5, 0.95)

    from analytics.rfm import EIGHT_CLASS
    from ui.i18n import SEGMENT_NAMES

    def expected(centre) -> dict:
        r = scored["recency_days"] < centre(scored["recency_days"])
        f = scored["frequency"] > centre(scored["frequency"])
        m = scored["monetary"] > centre(scored["monetary"])
        names = [SEGMENT_NAMES["en"][EIGHT_CLASS[k]] for k in zip(r, f, m)]
        return pd.Series(names).value_counts().to_dict()

    eight = lambda: next(d.value for d in at.dataframe if "segment" in d.value.columns  # noqa: E731
                         and "Key value" in set(d.value["segment"])).set_index("segment")["customers"].to_dict()
    assert eight() == expected(pd.Series.mean)
    at.radio(key="w_eight_split").set_value("median").run()
    assert not at.exception, at.exception
    assert eight() == expected(pd.Series.median) != expected(pd.Series.mean)
    assert any("median customer" in c.value for c in at.caption)


def test_tiers_within_a_region_on_the_page_match_the_command_line(within_counts):
    at = open_app()
    at.radio(key="w_tier_method").set_value("share").run()
    at.selectbox(key="w_tier_within").set_value("region").run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"].tier_within == "region"
    at.selectbox(key="xt_column").set_value("region").run()
    table = xt_table(at).set_index("value").drop("Total")
    assert table[["t0", "t1", "t2"]].sort_index().to_numpy().tolist() == \
        within_counts.sort_index().to_numpy().tolist()
    assert any("computed within each value of Region" in c.value for c in at.caption)
    link = open_app({"scenario": json.dumps(WITHIN)})  # the scenario file's key, from a link
    assert link.selectbox(key="w_tier_within").value == "region"
    assert tier_counts(link) == within_counts.sum().to_dict()
