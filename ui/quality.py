"""The data-quality report: what was read, accepted and rejected, and why."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.export import to_csv_bytes
from analytics.ingest import QualityReport

from .i18n import t
from .safe import md


def rejected_view(rejected: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows with the reason in the interface language, first columns row/column/reason/value."""
    out = rejected.copy()
    out["reason"] = out["reason"].map(lambda code: t(f"reason.{code}", default=code))
    return out


def decision_lines(decimal: dict, date_order: dict) -> list[str]:
    """How each column was read (decimal separator, day/month order) and why, one line each
    (QualityReport.decimal and .date_order, or the same detections before loading)."""
    lines = []
    for col, d in decimal.items():
        if d["why"] in ("comma", "mixed", "grouping_only", "chosen"):  # a plain decimal point goes in the caption
            lines.append(t(f"quality.decimal.{d['why']}", col=md(col), row=d.get("row"), value=md(d.get("value")),
                           sep=d["decimal"]))
    for col, o in date_order.items():
        why = o["why"]
        if why == "chosen":
            lines.append(t("quality.order.chosen", col=md(col), order=t(f"quality.order.name.{o['order']}")))
        elif why == "day_over_12":
            lines.append(t("quality.order.day_first", col=md(col), row=o["row"], value=md(o["value"])))
        elif why in ("month_over_12", "undecided"):
            lines.append(t(f"quality.order.{why}", col=md(col), row=o["row"], value=md(o["value"])))
    return [line.replace("“None”", "") for line in lines]


def _reading(report: QualityReport) -> None:
    """What the reader decided, the future dates and a latin-1 fallback: said where the user looks."""
    if "latin1" in report.notes:
        st.warning(t("quality.latin1"), icon=":material/translate:")
    if report.future_dates:
        st.warning(t("quality.future_first", n=report.future_dates, today=report.today,
                     first=report.future_first, latest=report.latest_not_future or "—"),
                   icon=":material/event_upcoming:")
    lines = decision_lines(report.decimal, report.date_order)
    plain = [md(c) for c, d in report.decimal.items() if d["why"] == "point"]
    if plain:
        st.caption(t("quality.decimal.plain", cols=t("list.names").join(plain)))
    if lines:
        st.markdown(f"**{t('quality.read_as')}**\n\n" + "\n".join(f"- {line}" for line in lines))


def render_transactions(report: QualityReport, rejected: pd.DataFrame, filename: str) -> None:
    _counts(report)
    c = st.columns(4)
    c[0].metric(t("quality.duplicates"), f"{report.duplicates:,}",
                help=t("quality.duplicates_dropped") if report.duplicates_dropped else t("quality.duplicates_kept"))
    c[1].metric(t("quality.returns"), f"{report.returns:,}")
    c[2].metric(t("quality.future"), f"{report.future_dates:,}", help=t("quality.future_help"))
    c[3].metric(t("quality.one_time"), f"{report.one_time_share:.1%}", help=t("quality.one_time_help"))
    if report.date_min:
        st.caption(t("quality.range", start=report.date_min, end=report.date_max, total=report.total_amount or 0.0,
                     encoding=report.encoding or "—"))
    ok = report.rows_read == report.accepted + report.rejected
    (st.success if ok else st.error)(t("quality.balance", read=report.rows_read, acc=report.accepted,
                                       rej=report.rejected), icon=":material/check_circle:" if ok else None)
    _reading(report)
    _rejected(rejected, filename, "tx")


def render_customers(report: QualityReport, rejected: pd.DataFrame, filename: str) -> None:
    _counts(report)
    _reading(report)
    _rejected(rejected, filename, "cu")


def _counts(report: QualityReport) -> None:
    c = st.columns(4)
    c[0].metric(t("quality.rows_read"), f"{report.rows_read:,}")
    c[1].metric(t("quality.accepted"), f"{report.accepted:,}")
    c[2].metric(t("quality.rejected"), f"{report.rejected:,}")
    c[3].metric(t("quality.customers"), f"{report.customers:,}")


def _rejected(rejected: pd.DataFrame, filename: str, key: str) -> None:
    if rejected is None or rejected.empty:
        return
    counts = rejected["reason"].value_counts()
    reasons = t("list.sep").join(t("list.item", label=t(f"reason.{code}", default=code), n=n)
                                 for code, n in counts.items())
    key_summary = "quality.rejected_summary_one" if len(rejected) == 1 else "quality.rejected_summary"
    st.warning(t(key_summary, n=len(rejected), reasons=reasons))
    view = rejected_view(rejected)
    shown = view.head(1000).assign(value=lambda v: v["value"].where(v["value"] != "", None))
    st.dataframe(shown, hide_index=True, width="stretch", placeholder=t("quality.empty"),
                 column_config={"row": st.column_config.NumberColumn(t("quality.row"), format="%d"),
                                "column": t("quality.column"), "reason": t("quality.reason"),
                                "value": st.column_config.TextColumn(t("quality.value"), width="medium")})
    st.download_button(t("quality.download_rejected"), lambda: to_csv_bytes(view),
                       file_name=f"rejected_{filename}.csv", mime="text/csv", key=f"dl_rejected_{key}",
                       icon=":material/download:", on_click="ignore")


def render_missing(missing: pd.DataFrame) -> None:
    """Per score component in use: the scored customers without a value and what counts instead
    (analytics/scorecard.missing_counts); said in one line when every component has a value for everyone."""
    from .scorecard import label
    st.markdown(f"**{t('sc.missing_title')}**")
    gaps = missing[missing["missing"] > 0]
    if gaps.empty:
        st.caption(t("quality.no_missing", n=len(missing)))
        return
    st.caption(t("sc.missing_caption"))
    st.dataframe(gaps.assign(component=gaps["component"].map(label),
                             policy=gaps["policy"].map(lambda p: t(f"sc.missing.{p}"))),
                 hide_index=True, column_config={"component": t("sc.criterion"), "customers": t("col.customers"),
                                                 "missing": t("sc.missing_count"), "policy": t("sc.missing")})
