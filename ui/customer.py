"""The customer page (pages/customer.py): one customer's whole story; tiers set by hand (overrides); and the
clickable customer tables that open it from every page.

Every customer table calls clickable_table(frame, key, ...): a click on a row opens /customer?customer=ID.
The page is hidden from the sidebar's navigation (it is a drill-down, not a view of its own); its search box
picks any customer by id or name, and the address names the customer, so a link reproduces the view.
"""
from __future__ import annotations

import math
import re
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import customer_story as story
from analytics.clv import ClvError
from analytics.explain import ExplainError, explain, explain_frame
from analytics.export import to_csv_bytes, to_excel_workbook_bytes
from analytics.lifecycle import UNSCORED, playbook
from analytics.scorecard import components
from analytics.scoring import override_report

from . import data, state
from .i18n import fmt_money, join_sentences, t
from .safe import html, md

PAGE = "pages/customer.py"
PARAM = "customer"
_OPEN = "cust_open"  # the customer a click asked to open (set by the table's callback, read on the next run)
MAX_REASON = 500
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- clickable customer tables ---------------------------------------------------------------------------------

def open_customer(customer_id: str) -> None:
    """Go to the customer page for customer_id (the address keeps the language, data set and scenario)."""
    params = {k: st.query_params.get(k) for k in st.query_params.keys() if k != PARAM}
    st.switch_page(PAGE, query_params={**params, PARAM: str(customer_id)})


def _picked(key: str) -> None:
    """A row was selected: remember its customer for the run that follows (a callback cannot switch pages)."""
    rows = (st.session_state.get(key) or {}).get("selection", {}).get("rows", [])
    ids = st.session_state.get(f"{key}__ids") or []
    if rows and 0 <= rows[0] < len(ids):
        st.session_state[_OPEN] = ids[rows[0]]


def clickable_table(frame: pd.DataFrame, key: str, ids=None, hint: bool = True, **kwargs) -> None:
    """st.dataframe(frame, **kwargs) where clicking a row opens that customer's page.

    ids: the customer id of each row of frame (default: its customer_id column); without ids the table is
    shown plain. Only a new click navigates: a selection left over from an earlier visit does not."""
    pending = st.session_state.pop(_OPEN, None)
    if pending is not None:
        open_customer(pending)
    if ids is None and "customer_id" in frame.columns:
        ids = frame["customer_id"]
    if ids is None:
        st.dataframe(frame, key=key, **kwargs)
        return
    st.session_state[f"{key}__ids"] = [str(x) for x in ids]
    kwargs.setdefault("hide_index", True)
    st.dataframe(frame, key=key, on_select=lambda: _picked(key), selection_mode="single-row", **kwargs)
    if hint and len(frame):
        st.caption(t("cust.click_hint"))


# --- labels and words --------------------------------------------------------------------------------------------

def component_label(key: str) -> str:
    """A score component in the interface language: R/F/M/profit/derived as the sidebar names them, an attribute
    component by its column's label (the user's own column name as it is)."""
    if key == "total":
        return t("cust.total")
    if key.startswith("attr:"):
        return t(f"col.{key[5:]}", default=key[5:])
    return t(f"controls.weight.{key}", default=key)


PERCENT_KEYS = ("growth", "margin_pct")
MONEY_KEYS = ("M", "profit", "avg_month", "avg_quarter")


def _number(v) -> str:
    v = float(v)
    return f"{v:,.0f}" if v == int(v) else f"{v:,.2f}".rstrip("0").rstrip(".")


def value_text(key: str, value, column: str | None = None) -> str:
    """A component's raw value as people read it: days, money, percents, counts, the category as it is."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, str):
        return value
    if key == "M" and column == "quantity":
        return _number(value)
    if key in MONEY_KEYS:
        return fmt_money(value)
    if key in PERCENT_KEYS:
        return f"{float(value):.1%}"
    if key in ("R", "interval_days"):
        return t("cust.days", n=_number(value))
    return _number(value)


def change_text(c: dict) -> str:
    """One single change in words: "2 more purchases", "last purchase within 11 days", "12.3K more spend",
    "growth at least 15.0%", "Ownership State-owned" (Markdown: the user's values escaped)."""
    key, needed, delta = c["component"], c["needed"], c.get("delta")
    if c.get("category"):
        return t("cust.change.category", what=md(component_label(key)), value=md(needed))
    if key == "F" and delta is not None:
        n = int(math.ceil(delta - 1e-9))
        return t("cust.change.F1") if n == 1 else t("cust.change.F", n=f"{n:,}")
    if key == "R":
        return t("cust.change.R", days=_number(needed))
    if key in ("M", "profit") and delta is not None:
        if c.get("column") == "quantity":
            return t("cust.change.quantity", n=_number(delta))
        return t(f"cust.change.{key}", amount=fmt_money(delta))
    what = md(component_label(key))
    shown = md(value_text(key, needed, c.get("column")))
    return t("cust.change.at_least" if c["direction"] == "at_least" else "cust.change.at_most", what=what, value=shown)


# --- charts ------------------------------------------------------------------------------------------------------

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def _layout(title: str, height: int) -> dict:
    return dict(title=dict(text=title, x=0, font=dict(size=16)), height=height, margin=dict(l=10, r=30, t=48, b=10),
                font=dict(family=FONT, size=13), plot_bgcolor="white", paper_bgcolor="white")


def plot_points(rows: pd.DataFrame, labels: dict, title: str, axis: str) -> go.Figure:
    """What each component added to the score: one horizontal bar per component (points), largest on top.
    rows: the explanation's component rows (without the total); labels: component -> its name."""
    parts = rows[rows["component"] != "total"].iloc[::-1]
    names = [html(labels.get(k, k)) for k in parts["component"]]
    pts = parts["points"].astype("float64").tolist()
    fig = go.Figure(go.Bar(x=pts, y=names, orientation="h", marker_color="#1d6a96",
                           text=[f"{p:.1f}" for p in pts], textposition="outside", cliponaxis=False,
                           hovertemplate="%{y}: %{x:.2f}<extra></extra>"))
    top = max([*pts, 1.0])
    fig.update_layout(_layout(title, 90 + 44 * max(len(pts), 2)))
    fig.update_xaxes(title=axis, range=[0, top * 1.15], gridcolor="#eee", zeroline=True, zerolinecolor="#999")
    fig.update_yaxes(automargin=True)
    return fig


def plot_orders(monthly: pd.DataFrame, orders: pd.DataFrame, title: str, month_label: str, order_label: str,
                axis: str) -> go.Figure:
    """Net amount per calendar month (bars) and every order (markers: its date and net amount; returns red)."""
    fig = go.Figure()
    day = 86_400_000  # a date axis measures bar widths in milliseconds
    fig.add_bar(x=monthly["month"] + pd.Timedelta(days=15), y=monthly["amount"], name=month_label,
                marker_color="#b7d7ee", width=[26 * day] * len(monthly), customdata=monthly["month"],
                hovertemplate="%{customdata|%Y-%m}: %{y:,.2f}<extra></extra>")
    colours = ["#c0392b" if a < 0 else "#0b3c5d" for a in orders["amount"]]
    fig.add_scatter(x=orders["date"], y=orders["amount"], mode="markers", name=order_label,
                    marker=dict(size=7, color=colours), text=[html(o) for o in orders["order_id"]],
                    hovertemplate="%{x|%Y-%m-%d} %{text}: %{y:,.2f}<extra></extra>")
    fig.update_layout(_layout(title, 340), legend=dict(orientation="h", y=1.02, x=1, xanchor="right",
                                                      yanchor="bottom"), bargap=0.15)
    first, last = monthly["month"].min(), monthly["month"].max() + pd.offsets.MonthEnd(0)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    pad = pd.Timedelta(days=20)
    fig.update_xaxes(tickformat="%Y-%m", gridcolor="#eee", range=[first - pad, last + pad],
                     dtick="M1" if months <= 8 else None)  # a short history: one tick a month, not repeated labels
    fig.update_yaxes(title=axis, tickformat=",.0f", gridcolor="#eee", zerolinecolor="#999")
    return fig


def plot_history(history: pd.DataFrame, title: str, axis: str, thresholds: dict) -> go.Figure:
    """Score at each date (line and markers, the tier written above each point; "—" not scored) and the score
    tiers' minimums as dotted lines."""
    h = history.dropna(subset=["score"])
    fig = go.Figure(go.Scatter(x=history["date"].dt.strftime("%Y-%m-%d"), y=history["score"], mode="lines+markers+text",
                               text=[html(x) for x in history["tier"]], textposition="top center",
                               line=dict(color="#1d6a96"), marker=dict(size=8), connectgaps=False, cliponaxis=False,
                               hovertemplate="%{x}: %{y:.1f} · %{text}<extra></extra>"))
    for name, low in thresholds.items():
        fig.add_hline(y=low, line=dict(color="#999", dash="dot", width=1), annotation_text=html(name),
                      annotation_position="right")
    fig.update_layout(_layout(title, 320), showlegend=False)
    fig.update_xaxes(type="category")
    fig.update_yaxes(title=axis, range=[0, 112] if h.empty or h["score"].max() <= 100 else None, gridcolor="#eee")
    return fig


# --- the page -----------------------------------------------------------------------------------------------------

def _known(scored: pd.DataFrame, attrs: pd.DataFrame | None) -> tuple[list[str], dict]:
    """Every customer the data knows (scored or in the customers table), by id, and their names."""
    ids = set(scored["customer_id"].astype("str"))
    names = {}
    if attrs is not None:
        ids |= set(attrs["customer_id"].astype("str"))
        if "name" in attrs.columns:
            named = attrs[attrs["name"].notna()]
            names = dict(zip(named["customer_id"].astype("str"), named["name"].astype("str")))
    return sorted(ids), names


def pick_customer(scored: pd.DataFrame, attrs: pd.DataFrame | None) -> str | None:
    """The customer of the address (?customer=ID), or the one picked in the search box (which then goes into
    the address)."""
    options, names = _known(scored, attrs)
    wanted = st.query_params.get(PARAM)
    seen = st.session_state.get("cust_pick_seen")
    if wanted is not None and (seen != wanted or not st.session_state.get("cust_pick")):
        st.session_state["cust_pick"] = wanted if wanted in names or wanted in set(options) else None
        st.session_state["cust_pick_seen"] = wanted
    elif "cust_pick" not in st.session_state:
        st.session_state["cust_pick"] = None
    label = lambda c: f"{c} · {names[c]}" if c in names else c  # noqa: E731  plain text: a selectbox shows no Markdown
    pick = st.selectbox(t("cust.search"), options, key="cust_pick", format_func=label,
                        placeholder=t("cust.search_hint"))
    if wanted is not None and wanted not in set(options):
        st.warning(t("cust.unknown", id=md(wanted)), icon=":material/person_off:")
    if pick and pick != wanted:
        st.query_params[PARAM] = pick
        st.session_state["cust_pick_seen"] = pick
    return pick


def _row(frame: pd.DataFrame | None, customer_id: str) -> pd.Series | None:
    if frame is None or frame.empty:
        return None
    hit = frame[frame["customer_id"].astype("str") == customer_id]
    return None if hit.empty else hit.iloc[0]


def _attributes_line(row: pd.Series | None) -> str:
    if row is None:
        return t("cust.no_attributes")
    parts = []
    for col, v in row.items():
        if col in ("customer_id", "name") or v is None or (not isinstance(v, str) and pd.isna(v)):
            continue
        if isinstance(v, pd.Timestamp):
            v = v.date()
        shown = v if isinstance(v, str) else (_number(v) if isinstance(v, (int, float)) else str(v))
        parts.append(f"**{md(t(f'col.{col}', default=col))}** {md(shown)}")
    return " · ".join(parts) if parts else t("cust.no_attributes")


def _value_of(scenario, customer_id: str) -> tuple[pd.Series | None, object, str | None]:
    """(the customer's row of the value model or None, the ValueResult or None, why there is none)."""
    try:
        result = data.value(scenario)
    except ClvError as e:
        return None, None, t("cust.no_value_model", error=md(str(e)))
    return _row(result.values, customer_id), result, None


def render() -> None:
    scenario = state.scenario()
    scored = data.scored(scenario)
    attrs = data.attributes()
    st.title(t("cust.title"))
    customer_id = pick_customer(scored, attrs)
    if not customer_id:
        st.info(t("cust.pick_first"), icon=":material/person_search:")
        return
    a_row = _row(attrs, customer_id)
    s_row = _row(scored, customer_id)
    name = a_row.get("name") if a_row is not None and "name" in a_row.index else None
    heading = f"{customer_id} · {name}" if isinstance(name, str) and name else customer_id
    st.subheader(md(heading))
    st.markdown(_attributes_line(a_row))
    as_of = data.effective_as_of(scenario)
    st.caption(t("cust.caption", as_of=as_of))

    ex = None
    if s_row is not None:
        try:
            ex = explain(scored, scenario, customer_id)
        except (ExplainError, KeyError):
            ex = None
    stage_row = _row(data.stages(scenario), customer_id)
    stage = stage_row["stage"] if stage_row is not None else None
    v_row, result, why_no_value = _value_of(scenario, customer_id)
    kpis(ex, stage, v_row, result, why_no_value)

    override_form(scenario, customer_id, ex)
    st.divider()
    if ex is None:
        st.info(t("cust.not_scored", unscored=UNSCORED), icon=":material/info:")
    else:
        explanation(ex, scenario)
    orders = orders_section(customer_id, as_of)
    history = history_section(scenario, customer_id)
    actions = playbook_section(scenario, stage, ex)
    downloads(customer_id, name, ex, stage, v_row, result, orders, history, actions)


def kpis(ex, stage, v_row, result, why_no_value) -> None:
    box = st.container(key="cust_kpis")
    # five cards a row: values a little smaller than Streamlit's, wrapped rather than cut (忠诚客户, not 忠诚客…)
    box.html("<style>.st-key-cust_kpis [data-testid=stMetricValue] { font-size: 1.9rem; }"
             ".st-key-cust_kpis [data-testid=stMetricValue] * { white-space: normal !important; "
             "overflow: visible !important; text-overflow: clip !important; }</style>")
    c = box.columns(5)
    if ex is None:
        c[0].metric(t("cust.k.score"), UNSCORED, border=True)
        c[1].metric(t("cust.k.tier"), UNSCORED, border=True)
    else:
        c[0].metric(t("cust.k.score"), f"{ex.score:.1f}", border=True, help=t("cust.k.score_help"))
        c[1].metric(t("cust.k.tier"), md(ex.tier), border=True,
                    help=t("cust.k.tier_help_hand") if ex.override is not None else None)
    if ex is not None and ex.override is not None:  # under the row: a reason needs the page's width
        st.info(t("cust.k.by_hand", tier=md(ex.tier), reason=md(ex.override), score_tier=md(ex.score_tier)),
                icon=":material/pan_tool:")
    c[2].metric(t("cust.k.stage"), t(f"stage.{stage}", default=stage) if stage else UNSCORED, border=True)
    if v_row is None:
        c[3].metric(t("cust.k.value"), UNSCORED, border=True)
        c[4].metric(t("cust.k.alive"), UNSCORED, border=True)
        c[3].caption(why_no_value or t("cust.not_valued"))
        return
    months = state.scenario().clv["horizon_months"]
    c[3].metric(t("cust.k.value"), fmt_money(v_row["clv"]), border=True, help=t("cust.k.value_help", months=months))
    if result.p_alive_informative:
        c[4].metric(t("cust.k.alive"), f"{v_row['p_alive']:.0%}", border=True, help=t("value.alive_help"))
    else:
        c[4].metric(t("cust.k.alive"), UNSCORED, border=True)
        c[4].caption(t("cust.alive_flat"))


def _gap_words(ex) -> list[str]:
    """The distance to the next tier and the single changes that close it, as Markdown lines."""
    names = [n for n, _ in state.scenario().tiers]
    if ex.next_tier is None:
        if names and ex.score_tier == names[0]:
            return [t("cust.top", tier=md(ex.score_tier))]
        return [t("cust.no_threshold")]
    if ex.threshold is None or ex.gap is None:
        return [t("cust.next_empty", tier=md(ex.next_tier))]
    lines = [t("cust.gap", gap=f"{max(ex.gap, 0):.1f}", tier=md(ex.next_tier), threshold=f"{ex.threshold:g}")]
    if ex.changes:
        lines.append(t("cust.changes"))
        lines += [f"- {change_text(c)}" for c in ex.changes]
    else:
        lines.append(t("cust.no_change"))
    return lines


def explanation(ex, scenario) -> None:
    st.subheader(t("cust.why", tier=md(ex.score_tier)))
    rows = ex.rows
    labels = {k: component_label(k) for k in rows["component"]}
    left, right = st.columns(2)
    left.plotly_chart(plot_points(rows, labels, t("cust.points_title", score=f"{ex.score:.1f}"), t("cust.points_axis")),
                      key="cust_points")
    with right:
        column = {c.key: c.column for c in _components(scenario)}
        table = pd.DataFrame({
            "component": [labels[k] for k in rows["component"]],
            "value": [value_text(k, v, column.get(k)) if k != "total" else ""
                      for k, v in zip(rows["component"], rows["value"])],
            "normalised": ["" if pd.isna(x) else f"{x:.2f}" for x in rows["normalised"]],
            "weight_share": rows["weight_share"] * 100, "points": rows["points"]})
        st.dataframe(table, hide_index=True, width="stretch", column_config={
            "component": st.column_config.Column(t("cust.col.component")),
            "value": st.column_config.Column(t("cust.col.value")),
            "normalised": st.column_config.Column(t("cust.col.normalised"), help=t("cust.col.normalised_help")),
            "weight_share": st.column_config.NumberColumn(t("cust.col.weight_share"), format="%.1f%%"),
            "points": st.column_config.NumberColumn(t("cust.col.points"), format="%.1f")})
        st.markdown("\n\n".join(_gap_words(ex)))


def _components(scenario):
    try:
        return components(scenario)
    except KeyError:
        return []


def orders_section(customer_id: str, as_of: date | None) -> pd.DataFrame:
    st.subheader(t("cust.orders_title"))
    orders = data_orders(customer_id, as_of)
    if orders.empty:
        st.info(t("cust.no_orders"), icon=":material/info:")
        return orders
    total = orders["amount"].sum()
    st.caption(t("cust.orders_caption" if len(orders) != 1 else "cust.orders_caption1", n=len(orders),
                 first=orders["date"].min().date(),
                 last=orders["date"].max().date(), total=fmt_money(total)))
    st.plotly_chart(plot_orders(story.monthly_amounts(orders), orders, t("cust.orders_chart"), t("cust.month_net"),
                                t("cust.an_order"), t("cust.amount_axis")), key="cust_orders")
    return orders


def data_orders(customer_id: str, as_of: date | None) -> pd.DataFrame:
    return _orders(data.dataset().fingerprint, customer_id, as_of, data.connection())


@st.cache_data(show_spinner=False, max_entries=64, ttl=data.CACHE_TTL)
def _orders(key: str, customer_id: str, as_of: date | None, _con) -> pd.DataFrame:
    return story.orders_of(_con, customer_id, as_of)


@st.cache_data(show_spinner=False, max_entries=8, ttl=data.CACHE_TTL)
def _scores_at(key: str, scenario_json: str, dates: tuple, _con) -> pd.DataFrame:
    from analytics.config import Scenario
    return story.scores_at(_con, Scenario.from_json(scenario_json), list(dates), data.attributes())


def history_dates(scenario) -> list[date]:
    first, _ = data.date_range()
    return story.history_dates(first, data.effective_as_of(scenario))


def history_section(scenario, customer_id: str) -> pd.DataFrame | None:
    st.subheader(t("cust.history_title"))
    dates = history_dates(scenario)
    if not dates:
        return None
    key = scenario.with_changes(as_of=None, playbook={}, overrides={}).to_json()
    try:
        with st.spinner(t("cust.history_scoring", n=len(dates))):
            scores = _scores_at(data.dataset().fingerprint, key, tuple(dates), data.connection())
    except KeyError:
        st.info(t("cust.history_cannot"), icon=":material/info:")
        return None
    history = story.history_of(scores, customer_id, dates)
    st.caption(t("cust.history_caption", unscored=UNSCORED, changes=story.tier_changes(history)))
    left, right = st.columns([3, 2])
    mins = dict(scenario.tiers) if scenario.tier_method == "score" else {}
    mins = {n: v for n, v in mins.items() if v > 0}
    left.plotly_chart(plot_history(history, t("cust.history_chart"), t("cust.score_axis"), mins), key="cust_history")
    shown = pd.DataFrame({"date": history["date"].dt.strftime("%Y-%m-%d"), "tier": history["tier"],
                          "score": [UNSCORED if pd.isna(s) else f"{s:.1f}" for s in history["score"]]})
    right.dataframe(shown[["date", "score", "tier"]], hide_index=True, width="stretch", column_config={
        "date": st.column_config.Column(t("cust.col.date")),
        "score": st.column_config.Column(t("col.score")),
        "tier": st.column_config.Column(t("col.tier"))})
    return history


def playbook_section(scenario, stage: str | None, ex) -> pd.DataFrame:
    """The scenario's actions for the customer's stage and tier (or the built-in suggestions)."""
    st.subheader(t("cust.playbook_title"))
    names = [n for n, _ in scenario.tiers]
    book = playbook(scenario, state.lang(), names)
    own = scenario.playbook or {}
    rows = []
    if stage:
        rows.append(("stage", t(f"stage.{stage}", default=stage), book["stage"].get(stage, ""),
                     stage in own.get("stage", {})))
    if ex is not None and ex.tier in book["tier"]:
        rows.append(("tier", ex.tier, book["tier"][ex.tier], ex.tier in own.get("tier", {})))
    if not rows:
        st.caption(t("cust.no_actions"))
    for kind, what, action, mine in rows:
        source = t("cust.yours") if mine else t("cust.built_in")
        st.markdown(f"- **{t(f'playbook.{kind}')} {md(what)}**: {md(action)} *({source})*")
    heads = [t("cust.pb.for"), t("playbook.action"), t("cust.pb.source")]  # the workbook's sheet, for people
    return pd.DataFrame([(f"{t(f'playbook.{k}')} {w}", a, t("cust.yours") if m else t("cust.built_in"))
                         for k, w, a, m in rows], columns=heads)


def summary_frame(customer_id, name, ex, stage, v_row, result) -> pd.DataFrame:
    """The story's summary as item / value rows (labels in the interface language)."""
    items = [(t("col.customer_id"), customer_id), (t("col.name"), name or "")]
    if ex is not None:
        items += [(t("col.score"), round(ex.score, 6)), (t("col.tier"), ex.tier),
                  (t("col.score_tier"), ex.score_tier), (t("col.override_reason"), ex.override or ""),
                  (t("cust.s.next_tier"), ex.next_tier or ""),
                  (t("cust.s.threshold"), "" if ex.threshold is None else ex.threshold),
                  (t("cust.s.gap"), "" if ex.gap is None else round(ex.gap, 6)),
                  (t("cust.s.changes"), "; ".join(_plain_markdown(change_text(c)) for c in ex.changes))]
    items.append((t("col.stage"), t(f"stage.{stage}", default=stage) if stage else ""))
    if v_row is not None:
        items.append((t("col.clv"), round(float(v_row["clv"]), 2)))
        if result is not None and result.p_alive_informative:
            items.append((t("col.p_alive"), round(float(v_row["p_alive"]), 4)))
    items.append((t("cust.s.as_of"), str(data.effective_as_of(state.scenario()))))
    return pd.DataFrame(items, columns=[t("cust.s.item"), t("cust.s.value")]).astype({t("cust.s.value"): "object"})


def _plain_markdown(text: str) -> str:
    """Markdown with its backslash escapes and zero-width spaces removed (for a file, not a page)."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u200b", "")


def downloads(customer_id, name, ex, stage, v_row, result, orders, history, actions) -> None:
    st.subheader(t("cust.download_title"))
    sheets = [(t("cust.sheet.summary"), summary_frame(customer_id, name, ex, stage, v_row, result))]
    if ex is not None:
        sheets.append((t("cust.sheet.explanation"), explain_frame(ex)))
    sheets.append((t("cust.sheet.orders"), orders))
    if history is not None:
        sheets.append((t("cust.sheet.history"), history.assign(date=history["date"].dt.date.astype("str"))))
    sheets.append((t("cust.sheet.playbook"), actions))
    stem = f"customer_{customer_id}"
    row = st.container(horizontal=True)
    row.download_button(t("cust.download_story"), lambda: to_excel_workbook_bytes(sheets), file_name=f"{stem}.xlsx",
                        mime=XLSX_MIME, icon=":material/table:", type="primary", key="cust_dl_xlsx", on_click="ignore")
    if ex is not None:
        frame = explain_frame(ex)
        row.download_button(t("cust.download_explanation"), lambda: to_csv_bytes(frame),
                            file_name=f"{stem}_explanation.csv", mime="text/csv", icon=":material/download:",
                            key="cust_dl_csv", on_click="ignore")


# --- tiers set by hand ---------------------------------------------------------------------------------------------

def set_override(customer_id: str, tier: str, reason: str) -> None:
    s = state.scenario()
    state.update_scenario(overrides={**s.overrides, str(customer_id): {"tier": tier, "reason": reason[:MAX_REASON]}})


def remove_override(customer_id: str) -> None:
    s = state.scenario()
    state.update_scenario(overrides={k: v for k, v in s.overrides.items() if k != str(customer_id)})


def _apply_clicked(customer_id: str) -> None:
    reason = (st.session_state.get("ovr_reason") or "").strip()
    tier = st.session_state.get("ovr_tier")
    if not reason:
        st.session_state["ovr_problem"] = "ovr.reason_required"
        return
    st.session_state.pop("ovr_problem", None)
    set_override(customer_id, tier, reason)


def override_form(scenario, customer_id: str, ex) -> None:
    """Set the customer's tier by hand, with a reason (kept in the scenario's overrides), or remove it."""
    current = scenario.overrides.get(customer_id)
    names = [n for n, _ in scenario.tiers]
    title = t("ovr.set_title") if current is None else t("ovr.set_title_on", tier=md(current["tier"]))
    with st.expander(title, icon=":material/pan_tool:", expanded=False):
        if ex is None:
            st.caption(t("ovr.not_scored"))
        st.caption(t("ovr.help"))
        if st.session_state.get("ovr_for") != customer_id:  # another customer: the form starts from theirs
            st.session_state["ovr_for"] = customer_id
            st.session_state["ovr_tier"] = current["tier"] if current and current["tier"] in names else \
                (ex.score_tier if ex is not None and ex.score_tier in names else names[0])
            st.session_state["ovr_reason"] = current.get("reason", "") if current else ""
            st.session_state.pop("ovr_problem", None)
        c1, c2 = st.columns([1, 3])
        c1.selectbox(t("ovr.tier"), names, key="ovr_tier", format_func=lambda n: n)
        c2.text_area(t("ovr.reason"), key="ovr_reason", max_chars=MAX_REASON, height=80,
                     placeholder=t("ovr.reason_hint"))
        problem = st.session_state.get("ovr_problem")
        if problem:
            st.error(t(problem), icon=":material/error:")
        row = st.container(horizontal=True)
        row.button(t("ovr.apply"), key="ovr_apply", type="primary", icon=":material/check:",
                   on_click=_apply_clicked, args=(customer_id,))
        if current is not None:
            row.button(t("ovr.remove"), key="ovr_remove", icon=":material/undo:", on_click=remove_override,
                       args=(customer_id,))


def hand_counts(scored: pd.DataFrame) -> dict:
    """Customers whose tier was set by hand, per tier (the tier they were set to)."""
    if "override" not in scored.columns:
        return {}
    hit = scored[scored["override"].notna()]
    return {str(k): int(v) for k, v in hit["tier"].astype("str").value_counts().items()}


def overrides_panel(scenario, scored: pd.DataFrame) -> None:
    """The Tiers page's list of tiers set by hand: who, the tier from the score -> the tier set, the reason, a
    remove button each; and a notice for those that cannot apply."""
    ovr = scenario.overrides
    if not ovr:
        return
    with st.expander(t("ovr.panel", n=len(ovr)), icon=":material/pan_tool:"):
        bad = override_report(scored["customer_id"], scenario)
        notes = []
        if bad["unknown_tier"]:
            notes.append(t("ovr.bad_tier", n=len(bad["unknown_tier"]), ids=md(", ".join(bad["unknown_tier"][:10]))))
        missing = [c for c in bad["unknown_customer"] if c not in bad["unknown_tier"]]
        if missing:
            notes.append(t("ovr.bad_customer", n=len(missing), ids=md(", ".join(missing[:10]))))
        if notes:
            st.warning(join_sentences(notes), icon=":material/warning:")
        by_id = scored.set_index(scored["customer_id"].astype("str"))
        names = data.attributes()
        names = {} if names is None or "name" not in names.columns else \
            dict(zip(names["customer_id"].astype("str"), names["name"]))
        for cid, o in list(ovr.items())[:200]:
            from_tier = str(by_id.at[cid, "score_tier"]) if cid in by_id.index and "score_tier" in by_id.columns \
                else UNSCORED
            c1, c2, c3 = st.columns([4, 6, 2], vertical_alignment="center")
            who = f"{cid} · {names[cid]}" if isinstance(names.get(cid), str) else cid
            c1.markdown(f"**{md(who)}**  \n{md(from_tier)} → **{md(o['tier'])}**")
            c2.markdown(md(o.get("reason") or "-"))
            c3.button(t("ovr.remove_short"), key=f"ovr_rm_{cid}", icon=":material/close:", on_click=remove_override,
                      args=(cid,), help=t("ovr.remove"))
        if len(ovr) > 200:
            st.caption(t("ovr.more", n=len(ovr) - 200))
