"""The Account managers page's parts: the per-owner table, the chart of tiers per owner, the call list as
shown and downloaded, and every owner's list in one workbook (analytics/owners.py computes them)."""
from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.export import export_frame
from analytics.lifecycle import STAGE_ORDER
from analytics.owners import (CALL_REASONS, NO_OWNER, customers_column, owners_workbook, revenue_column)

from . import state
from .charts import COUNT_TICKS, _base_layout, _text, _wrap, tier_colour
from .customer import clickable_table
from .i18n import fmt_money, join_sentences, t
from .safe import md
from .tables import XLSX_MIME, column_config, display_frame, download_buttons, text_width


def owner_label(owner) -> str:
    """An owner as shown: the name, or "(no manager)" in the interface language (raw text: md() it for Markdown)."""
    return t("mgr.no_owner") if owner == NO_OWNER else str(owner)


def levels_text(levels: dict) -> str:
    """The service levels as one line of Markdown: A 4 · B 2 · C 0.5 (tier names escaped)."""
    return " · ".join(f"{md(name)} {level:g}" for name, level in levels.items())


def no_owner_column(attrs: pd.DataFrame | None) -> None:
    """Say why there is nothing to show and what to do: no customers file, no owner column, or an empty one."""
    if attrs is None:
        why = t("mgr.no_customers_file")
    elif "owner" not in attrs.columns:
        why = t("mgr.no_owner_column")
    else:
        why = t("mgr.empty_owner_column")
    st.info(join_sentences([why, t("mgr.what_to_do")]), icon=":material/person_search:")
    st.page_link("pages/data.py", label=t("mgr.to_data"), icon=":material/upload_file:")


def tier_values(summary: pd.DataFrame, name: str, levels: dict, by: str) -> pd.Series:
    """A tier's figure per owner: customers, revenue, or workload (customers x the tier's service level)."""
    counts = summary[customers_column(name)]
    return {"customers": counts, "revenue": summary[revenue_column(name)],
            "workload": counts.astype("float64") * levels.get(name, 0.0)}[by]


def summary_table(summary: pd.DataFrame, tier_names, levels: dict, by: str) -> None:
    """One row per owner: each tier's customers, revenue or workload (by), then customers, revenue, the top
    tier at risk and the workload in all; revenue in whole units (the files keep the cents). A tier's column
    is headed by its name (a dataframe header is plain text, not Markdown)."""
    whole = by == "revenue"
    view = pd.DataFrame({"owner": summary["owner"].map(owner_label)})
    for i, name in enumerate(tier_names):
        values = tier_values(summary, name, levels, by)
        view[f"tier_{i}"] = values.round(0) if whole else values
    view = view.assign(customers=summary["customers"], revenue=summary["revenue"].round(0),
                       at_risk_top=summary["at_risk_top"], workload=summary["workload"])
    num = lambda label, fmt="localized", **kw: st.column_config.NumberColumn(label, format=fmt, **kw)  # noqa: E731
    cfg = {"owner": st.column_config.Column(t("col.owner"), pinned=True,
                                            width=text_width([t("col.owner"), *view["owner"]], most=220))}
    fmt = "%.1f" if by == "workload" else "localized"
    for i, name in enumerate(tier_names):
        cfg[f"tier_{i}"] = num(name, fmt, help=t(f"mgr.col.{by}_tier", tier=name),
                               width=text_width([name, "000,000,000" if whole else "00,000"], most=200))
    cfg["customers"] = num(t("col.customers"))
    cfg["revenue"] = num(t("col.revenue"), width=text_width([t("col.revenue"), "000,000,000"]))
    cfg["at_risk_top"] = num(t("mgr.col.at_risk_top", tier=tier_names[0]), help=t("mgr.at_risk_help"))
    cfg["workload"] = num(t("col.workload"), "%.1f", help=t("mgr.workload_help"))
    st.dataframe(view, hide_index=True, width="stretch", column_config=cfg,
                 height=min(len(view) + 1, 16) * 35 + 3)


def plot_owner_tiers(summary: pd.DataFrame, tier_names, levels: dict, by: str, title: str,
                     axis_label: str) -> go.Figure:
    """Per owner (one horizontal bar each, in the summary's order from the top) the tiers stacked, best
    first from the left: customers (by="customers"), revenue ("revenue") or workload in calls a month
    ("workload": customers x the tier's service level). Aggregates only; names are escaped chart text."""
    owners = [_wrap(owner_label(o), width=24, lines=1) for o in summary["owner"]]
    fmt = {"customers": ",d", "revenue": ",.0f", "workload": ",.1f"}[by]
    # a tier's name as the trace name only (escaped), never inside the template
    bars = [go.Bar(y=owners, x=tier_values(summary, name, levels, by), name=_text(name), orientation="h",
                   marker_color=tier_colour(i), hovertemplate="%{y}: %{x:" + fmt + "}")
            for i, name in enumerate(tier_names)]
    layout = _base_layout(title, height=max(300, 30 * len(owners) + 130))
    layout.update(barmode="stack", legend=dict(orientation="h", y=-0.12, x=0, traceorder="normal"),
                  xaxis=dict(title=dict(text=axis_label), gridcolor="#eee",
                             tickformat=COUNT_TICKS if by == "customers" else ",.0f"),
                  yaxis=dict(autorange="reversed", automargin=True))
    return go.Figure(data=bars, layout=layout)


def owner_metrics(row, top: str) -> None:
    """The picked owner's customers, revenue, top tier at risk and workload as cards."""
    cards = [(t("col.customers"), f"{row.customers:,}", None), (t("col.revenue"), fmt_money(row.revenue), None),
             (t("mgr.col.at_risk_top", tier=md(top)), f"{row.at_risk_top:,}", t("mgr.at_risk_help")),
             (t("col.workload"), f"{row.workload:,.1f}", t("mgr.workload_help"))]
    for col, (label, value, help_text) in zip(st.columns(len(cards)), cards):
        col.metric(label, value, help=help_text, border=True)


def _readable_values(frame: pd.DataFrame) -> pd.DataFrame:
    """The reason and a missing owner in the interface language (the other codes: tables.readable_frame)."""
    out = frame.copy()
    if "reason" in out.columns:
        out["reason"] = out["reason"].map({c: t(f"mgr.reason.{c}") for c in CALL_REASONS})
    if "owner" in out.columns:
        out["owner"] = out["owner"].map(owner_label)
    return out


def call_list_table(lists: pd.DataFrame) -> None:
    """One owner's call list as shown: reasons, stages and headers in the interface language."""
    shown = [c for c in lists.columns if c != "owner"]
    cfg = column_config(shown)
    cfg["priority"] = st.column_config.NumberColumn(t("col.priority"), width=50, pinned=True)
    cfg["calls_per_month"] = st.column_config.NumberColumn(t("col.calls_per_month"), format="%g")
    reasons = [t(f"mgr.reason.{c}") for c in CALL_REASONS]
    cfg["reason"] = st.column_config.Column(t("col.reason"), width=text_width([t("col.reason"), *reasons]))
    view = display_frame(_readable_values(lists), shown)
    clickable_table(view, "mgr_calls", ids=lists["customer_id"], hide_index=True, width="stretch", column_config=cfg,
                    height=min(len(view) + 1, 13) * 35 + 3)


def file_stem(owner: str, as_of) -> str:
    """A file name for an owner's list: letters, digits (any script), - and _ kept, the rest "_"."""
    name = re.sub(r"[^\w-]+", "_", owner_label(owner), flags=re.UNICODE).strip("_")[:60] or "owner"
    return f"call_list_{name}_{as_of}"


def list_downloads(one: pd.DataFrame, owner: str, as_of) -> None:
    """CSV and Excel of one owner's list, through analytics.export (formulas neutralised, money rounded)."""
    readable = st.session_state.get("mgr_dl_readable", False)
    download_buttons(export_frame(_readable_values(one) if readable else one), file_stem(owner, as_of), "mgr_dl")


def _relabel(tier_names) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """The workbook's frames for people (headers, stages, reasons, a missing owner in the interface
    language), with every text looked up now: the download runs in a thread without a session."""
    heads = {c: t(f"col.{c}") for c in ("owner", "priority", "reason", "customer_id", "name", "tier", "stage",
                                        "recency_days", "last_purchase", "frequency", "monetary", "calls_per_month",
                                        "region", "stage_action", "tier_action", "customers", "revenue", "workload",
                                        "sheet")}
    heads["at_risk_top"] = t("mgr.col.at_risk_top", tier=tier_names[0])
    for name in tier_names:
        heads[customers_column(name)] = t("mgr.col.customers_tier", tier=name)
        heads[revenue_column(name)] = t("mgr.col.revenue_tier", tier=name)
    values = {"reason": {c: t(f"mgr.reason.{c}") for c in CALL_REASONS},
              "stage": {s: t(f"stage.{s}") for s in STAGE_ORDER}, "owner": {NO_OWNER: t("mgr.no_owner")}}

    def relabel(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        for col, names in values.items():
            if col in out.columns:
                out[col] = out[col].map(lambda v, n=names: n.get(v, v))
        return out.rename(columns=heads)
    return relabel


def workbook_download(summary: pd.DataFrame, lists: pd.DataFrame, tier_names, as_of) -> None:
    """Every owner's list in one workbook: an overview sheet, then a sheet per owner (analytics.owners)."""
    readable = st.session_state.get("mgr_dl_readable", False)
    relabel = _relabel(tier_names) if readable else None
    overview, no_owner = t("mgr.overview_sheet"), t("mgr.no_owner")
    st.download_button(t("mgr.all"), lambda: owners_workbook(summary, lists, overview, no_owner, relabel),
                       file_name=f"call_lists_{as_of}.xlsx", mime=XLSX_MIME, icon=":material/library_books:",
                       disabled=lists.empty, key="mgr_all", on_click="ignore", help=t("mgr.all_help"))


def service_editor(tier_names, levels: dict) -> dict:
    """Calls a month per tier (the workload's weights), kept in the scenario as playbook["service"]; returns
    the levels in force."""
    from .controls import _apply, limits
    s = state.scenario()
    with st.expander(t("mgr.service_edit"), icon=":material/edit:"):
        st.caption(t("help.service"))
        chosen = {}
        for col, name in zip(st.columns(len(tier_names)), tier_names):
            chosen[name] = float(col.number_input(md(name), **limits("playbook.service"), format="%g",
                                                  key=state.widget_default(f"svc_{name}", float(levels[name]))))
        if chosen != levels and _apply(playbook={**s.playbook, "service": chosen}):
            return chosen
    return levels
