"""The Tiers page's "Tiers by attribute" section: tier x any customer attribute (or the lifecycle stage), in
customers or revenue, as a heatmap (aggregates only) and the table below it, over the customers the filter
shows (ui/filters.py). The numbers come from analytics/crosstab.py."""
from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.crosstab import METRICS, STAGE, TOTAL, CrossTable, tier_by_attribute

from . import data, filters
from .charts import _base_layout, _wrap
from .i18n import fmt_money, t
from .safe import html, md
from .tables import PERCENT


def plot_tier_by_attribute(table: CrossTable, metric: str, title: str, row_names: dict, number, hover) -> go.Figure:
    """Values (rows, in the table's order) x tiers (columns, best first) as a heatmap coloured by the metric;
    each cell shows the number (number(v) -> text) and, below it, the cell's share of its row.
    row_names: a row's text -> the text shown (translated (missing) / (other), stages); hover(value, tier,
    number, share) -> the hover text, from texts already escaped. Every name reaching the chart is escaped
    (ui.safe.html); positions are numbers with tick texts, so two names that read alike never merge."""
    cells = table.cells(metric)
    shares = table.shares(metric, "value").to_numpy(dtype="float64")
    z = cells.to_numpy(dtype="float64")
    rows = [row_names.get(v, v) for v in cells.index]
    tiers = [str(c) for c in cells.columns]
    text = [[f"<b>{number(v)}</b><br>{s:.0%}" for v, s in zip(zr, sr)] for zr, sr in zip(z, shares)]
    tips = [[hover(html(r), html(tier), number(v), f"{s:.1%}") for tier, v, s in zip(tiers, zr, sr)]
            for r, zr, sr in zip(rows, z, shares)]
    layout = _base_layout(title, height=max(280, 46 * len(rows) + 110))
    layout.update(
        xaxis=dict(tickvals=list(range(len(tiers))), ticktext=[_wrap(n, 16, 2) for n in tiers], side="top",
                   fixedrange=True, showgrid=False, zeroline=False),
        yaxis=dict(tickvals=list(range(len(rows))), ticktext=[_wrap(r, 24, 2) for r in rows], autorange="reversed",
                   fixedrange=True, showgrid=False, zeroline=False, automargin=True),
        margin=dict(l=10, r=10, t=88, b=10))
    return go.Figure(go.Heatmap(z=z, x=list(range(len(tiers))), y=list(range(len(rows))), text=text,
                                texttemplate="%{text}", customdata=tips, hovertemplate="%{customdata}<extra></extra>",
                                colorscale="Blues", showscale=False, xgap=2, ygap=2), layout=layout)


@st.cache_data(show_spinner=False, max_entries=16, ttl=data.CACHE_TTL)
def _table(key: str, column: str, _frame: pd.DataFrame, _stages) -> CrossTable:
    return tier_by_attribute(_frame, column, _stages() if column == STAGE else None)


def cross_table(shown: filters.Shown, scenario, column: str) -> CrossTable:
    """The cross-table of the customers shown, cached per data set, scenario, filter and column."""
    if column == STAGE and STAGE in shown.frame.columns:
        return tier_by_attribute(shown.frame, column)
    key = shown.key or f"{data.dataset().fingerprint}|{data.effective_as_of(scenario)}|{scenario.to_json()}|" \
                       f"{json.dumps(shown.filters, sort_keys=True, ensure_ascii=False)}"
    return _table(key, column, shown.frame, shown.stages)


def section(shown: filters.Shown, scenario) -> None:
    """The section's title, attribute picker, metric switch, heatmap and table."""
    st.subheader(t("xt.title"))
    offered = [c for c in filters.columns() if c in shown.frame.columns or c == STAGE]
    if offered == [STAGE] and not filters.columns(stage=False):
        st.info(t("xt.none"))
    left, right = st.columns([2, 1])
    column = left.selectbox(t("xt.attribute"), offered, format_func=filters.column_label, key="xt_column")
    metric = right.segmented_control(t("xt.metric"), list(METRICS), default="customers", required=True,
                                     format_func=lambda m: t(f"xt.metric.{m}"), key="xt_metric")
    table = cross_table(shown, scenario, column)
    label = filters.column_label(column)
    notes = [t("xt.help", metric=t(f"xt.metric_word.{metric}"))]
    if scenario.tier_method == "share" and scenario.tier_within == column:
        notes.append(t("xt.within", column=md(label)))
    if table.folded:
        notes.append(t("xt.folded", n=len(table.folded), values=", ".join(md(v) for v in table.folded[:20])
                       + (" …" if len(table.folded) > 20 else "")))
    st.caption(" ".join(notes))
    names = {v: filters.value_label(column, v) for v in table.customers.index}
    # each cell in its own money unit: one unit for all would read 0.00亿 beside 1.27亿 (the colour compares)
    number = (lambda v: f"{v:,.0f}") if metric == "customers" else fmt_money
    hover = lambda value, tier, num, share: t("xt.hover", value=value, tier=tier, number=num, share=share)  # noqa: E731
    title = t("xt.chart_title", metric=t(f"xt.metric.{metric}"), column=label)
    st.plotly_chart(plot_tier_by_attribute(table, metric, html(title), names, number, hover), key="xt_heatmap")
    _table_view(table, metric, column, names)


def _table_view(table: CrossTable, metric: str, column: str, names: dict) -> None:
    """The cross-table with its totals and each value's share of all, as a table (plain-text cells)."""
    full = table.with_totals(metric)
    tiers = list(table.customers.columns)
    grand = float(full.loc[TOTAL, TOTAL])
    out = pd.DataFrame({"value": [t("xt.total") if v == TOTAL else names.get(v, v) for v in full.index]})
    for i, tier in enumerate(tiers):  # positional keys: a tier may be named like another column
        out[f"t{i}"] = full[tier].to_numpy()
    out["total"] = full[TOTAL].to_numpy()
    out["share"] = (full[TOTAL].to_numpy(dtype="float64") / grand * 100) if grand else 0.0
    fmt = "localized" if metric == "customers" else "accounting"
    cfg = {"value": st.column_config.Column(filters.column_label(column), pinned=True),
           "total": st.column_config.NumberColumn(t("xt.total"), format=fmt),
           "share": st.column_config.NumberColumn(t(f"xt.share.{metric}"), format=PERCENT)}
    for i, tier in enumerate(tiers):
        cfg[f"t{i}"] = st.column_config.NumberColumn(str(tier), format=fmt)
    st.dataframe(out, hide_index=True, width="stretch", column_config=cfg)
