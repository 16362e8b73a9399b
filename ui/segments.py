"""Suggested segments (pages/segments.py): clusters of the scored customers (analytics/clusters.py), their
profiles in words, how they line up with the current tiers, and adopting them as tiers or as an export column.

The clusters are computed by ui/data.clusters (cached per data set, date, look-back and settings). The page's
settings live in st.session_state["seg_settings"] (not in the scenario until adopted), so they stay while
the user visits other pages; "seg_export" holds the settings whose labels the Export page adds as a column.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.clusters import K_RANGE, METHODS, ClusterError, adopt_as_tiers, settings_of
from analytics.config import SETTINGS

from . import charts, controls, data, state
from .i18n import fmt_money, t
from .safe import html, md
from .tables import PERCENT

MAX_TIERS = int(SETTINGS["tiers.count"].high)
AUTO = "auto"
SETTINGS_KEY = "seg_settings"
EXPORT_KEY = "seg_export"
UNDO_KEY = "seg_undo"
DONE_KEY = "seg_done"


def _start_settings(scenario) -> dict:
    """What the page starts from: the adopted clusters' settings when the tiers are clusters, else the defaults."""
    if scenario.tier_method == "cluster" and scenario.clusters:
        return settings_of(scenario.clusters)
    return settings_of({"method": SETTINGS["clusters.method"].default, "seed": SETTINGS["clusters.seed"].default})


def settings_controls(scenario) -> dict:
    """Method, number of clusters (automatic or 2-12), seed and customer columns; returns the settings."""
    saved = st.session_state.setdefault(SETTINGS_KEY, _start_settings(scenario))
    kinds = controls.attribute_candidates(data.attributes())
    defaults = {"w_seg_method": saved["method"], "w_seg_k": AUTO if saved["k"] is None else int(saved["k"]),
                "w_seg_seed": int(saved["seed"]), "w_seg_columns": [c for c in saved["columns"] if c in kinds]}
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)
    # labels resolved now, not in the format functions (those also run outside the page's run)
    method_names = {m: t(f"seg.method.{m}") for m in METHODS}
    k_names = {AUTO: t("seg.k_auto"), **{k: str(k) for k in range(K_RANGE[0], K_RANGE[1] + 1)}}
    column_names = {c: t(f"col.{c}", default=c) for c in kinds}
    c1, c2, c3 = st.columns([2, 3, 1.3])
    method = c1.radio(t("seg.method"), list(METHODS), format_func=method_names.get, horizontal=True,
                      key="w_seg_method", help=t("seg.method_help"))
    k = c2.select_slider(t("seg.k"), list(k_names), key="w_seg_k", help=t("seg.k_help"), format_func=k_names.get)
    seed = c3.number_input(t("seg.seed"), min_value=int(SETTINGS["clusters.seed"].low),
                           max_value=int(SETTINGS["clusters.seed"].high), step=1, key="w_seg_seed", help=t("seg.seed_help"))
    columns = st.multiselect(t("seg.columns"), list(kinds), key="w_seg_columns", placeholder=t("seg.columns_none"),
                             format_func=column_names.get, help=t("seg.columns_help"))
    settings = {"method": method, "k": None if k == AUTO else int(k), "seed": int(seed), "columns": list(columns)}
    st.session_state[SETTINGS_KEY] = settings
    return settings


def labels(result) -> list[str]:
    return result.labels(state.lang())


def profile_view(result) -> tuple[pd.DataFrame, dict]:
    """The profile table for display: translated headers, money and shares formatted."""
    p = result.profile
    scale = list(p["median_monetary"]) + list(p["mean_monetary"])
    view = pd.DataFrame({
        "number": np.arange(1, len(p) + 1), "label": labels(result), "customers": p["customers"], "share": p["share"] * 100,
        "median_recency": p["median_recency"], "median_frequency": p["median_frequency"],
        "median_monetary": [fmt_money(v, scale) for v in p["median_monetary"]],
        "mean_monetary": [fmt_money(v, scale) for v in p["mean_monetary"]],
        "revenue_share": p["revenue_share"] * 100})
    cfg = {"number": st.column_config.NumberColumn("#", format="%d", width=40),
           "label": st.column_config.Column(t("seg.col.label")),
           "customers": st.column_config.NumberColumn(t("seg.col.customers"), format="localized"),
           "share": st.column_config.NumberColumn(t("seg.col.share"), format=PERCENT),
           "median_recency": st.column_config.NumberColumn(t("seg.col.median_recency"), format="%.0f"),
           "median_frequency": st.column_config.NumberColumn(t("seg.col.median_frequency"), format="%.0f"),
           "median_monetary": st.column_config.Column(t("seg.col.median_monetary")),
           "mean_monetary": st.column_config.Column(t("seg.col.mean_monetary")),
           "revenue_share": st.column_config.NumberColumn(t("seg.col.revenue_share"), format=PERCENT)}
    return view, cfg


def plot_silhouette(scores: dict, suggested: int | None, chosen: int) -> go.Figure:
    """Silhouette by number of clusters: a line over the k tried, the suggested k and the k in use marked."""
    ks = sorted(scores)
    fig = go.Figure(go.Scatter(x=ks, y=[scores[k] for k in ks], mode="lines+markers", line=dict(color="#3f8fc4"),
                               marker=dict(size=8), name=t("seg.silhouette"),
                               hovertemplate="k = %{x}: %{y:.3f}<extra></extra>"))
    if suggested in scores:
        fig.add_trace(go.Scatter(x=[suggested], y=[scores[suggested]], mode="markers+text",
                                 marker=dict(size=16, color="#0b3c5d", symbol="star"), text=[t("seg.best")],
                                 textposition="top center", hoverinfo="skip", showlegend=False))
    if chosen in scores and chosen != suggested:
        fig.add_trace(go.Scatter(x=[chosen], y=[scores[chosen]], mode="markers+text",
                                 marker=dict(size=14, color="#e07b39", symbol="diamond"), text=[t("seg.in_use")],
                                 textposition="bottom center", hoverinfo="skip", showlegend=False))
    fig.update_xaxes(title=t("seg.k_axis"), dtick=1)
    fig.update_yaxes(title=t("seg.silhouette"), range=[min(0.0, min(scores.values(), default=0) * 1.2),
                                                       max(scores.values(), default=1) * 1.25])
    fig.update_layout(showlegend=False)
    return charts._layout(fig, t("seg.silhouette_title"), height=360)


def _log_range(values) -> list[float]:
    """A log axis range around the values with room for the bubbles (half a decade each side at least)."""
    logs = np.log10(np.maximum(np.asarray(values, dtype="float64"), 1.0))
    return [float(logs.min()) - 0.5, float(logs.max()) + 0.5]


def plot_bubbles(result) -> go.Figure:
    """One bubble per cluster: median days since the last purchase (x) against median spend (y), as big as
    its customers, coloured best to worst as the tiers are, numbered as in the table; the labels in the
    legend (they would not fit beside the bubbles)."""
    p = result.profile
    names = labels(result)
    size = p["customers"].to_numpy(dtype="float64")
    diameter = 22 + 48 * np.sqrt(size / size.max())
    x = p["median_recency"].clip(lower=1).to_numpy()
    y = p["median_monetary"].clip(lower=1).to_numpy()
    traces = []
    for i, name in enumerate(names):
        hover = t("seg.hover", days=f"{x[i]:,.0f}", spend=fmt_money(y[i]), customers=f"{int(size[i]):,}",
                  purchases=f"{p['median_frequency'].iat[i]:g}")
        traces.append(go.Scatter(
            x=[x[i]], y=[y[i]], mode="markers+text", text=[str(i + 1)], textposition="middle center",
            textfont=dict(color="white" if i < 3 else "#263238", size=13), name=f"{i + 1} · {charts._wrap(name, 40, 1)}",
            marker=dict(size=diameter[i], color=charts.tier_colour(i), opacity=0.85, line=dict(color="white", width=1)),
            hovertext=[f"{html(name)}<br>{html(hover)}"], hoverinfo="text"))
    fig = go.Figure(traces)
    fig.update_xaxes(title=t("seg.col.median_recency"), type="log", range=_log_range(x), dtick=1, tickformat=",d")
    fig.update_yaxes(title=t("seg.col.median_monetary"), type="log", range=_log_range(y), dtick=1, tickformat=",d")
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0, font=dict(size=12)))
    return charts._layout(fig, t("seg.bubbles_title"), height=300 + 22 * len(names))


def cross_with_tiers(result, scenario) -> pd.DataFrame:
    """Customers per cluster (rows, best first) and current tier (columns, best first)."""
    scored = data.scored(scenario)
    a = result.assignments
    tiers = list(scored["tier"].cat.categories)
    ids = scored["customer_id"]
    if len(ids) == len(a) and len(a) and ids.iat[0] == a["customer_id"].iat[0] and ids.iat[-1] == a["customer_id"].iat[-1]:
        codes = scored["tier"].cat.codes.to_numpy()  # one features frame behind both: the same order
    else:
        by_id = pd.Series(scored["tier"].cat.codes.to_numpy(), index=ids.to_numpy())
        codes = a["customer_id"].map(by_id).fillna(-1).to_numpy(dtype="int64")
    rank = a["cluster_rank"].to_numpy()
    keep = codes >= 0
    table = np.bincount(rank[keep] * len(tiers) + codes[keep], minlength=result.k * len(tiers))
    return pd.DataFrame(table.reshape(result.k, len(tiers)), index=labels(result), columns=[str(x) for x in tiers])


def _adopt(result_settings: dict, lang: str) -> None:
    scenario = state.scenario()
    result = data.clusters(scenario, result_settings)
    st.session_state[UNDO_KEY] = scenario
    state.set_scenario(adopt_as_tiers(scenario, result, lang, MAX_TIERS), reset_widgets=True)
    st.session_state[DONE_KEY] = ("adopted", result.k)


def _undo() -> None:
    previous = st.session_state.pop(UNDO_KEY, None)
    if previous is not None:
        state.set_scenario(previous, reset_widgets=True)
        st.session_state[DONE_KEY] = ("undone", 0)


def _export(result_settings: dict | None) -> None:
    if result_settings is None:
        st.session_state.pop(EXPORT_KEY, None)
    else:
        st.session_state[EXPORT_KEY] = result_settings


def actions(result, scenario) -> None:
    """Adopt as tiers (with undo) and add as a column to exports."""
    st.subheader(t("seg.use"))
    fixed = result.settings()  # the k found, so the tiers and the column keep these clusters
    left, right = st.columns(2)
    with left:
        adopted = scenario.tier_method == "cluster" and settings_of(scenario.clusters) == fixed
        too_many = result.k > MAX_TIERS
        st.button(t("seg.adopt"), type="primary", icon=":material/stacks:", key="seg_adopt",
                  disabled=too_many or adopted, on_click=_adopt, args=(fixed, state.lang()))
        if too_many:
            st.caption(t("seg.too_many", k=result.k, most=MAX_TIERS))
        elif adopted:
            st.caption(t("seg.adopted_already"))
        else:
            st.caption(t("seg.adopt_help"))
        done = st.session_state.pop(DONE_KEY, None)
        if done and done[0] == "adopted":
            st.success(t("seg.adopted", k=done[1], names=md(" / ".join(n for n, _ in scenario.tiers))),
                       icon=":material/check_circle:")
            st.page_link("pages/tiers.py", label=t("seg.to_tiers"), icon=":material/change_history:")
        elif done and done[0] == "undone":
            st.info(t("seg.undone"), icon=":material/undo:")
        if st.session_state.get(UNDO_KEY) is not None and scenario.tier_method == "cluster":
            st.button(t("seg.undo"), icon=":material/undo:", key="seg_undo_button", on_click=_undo)
    with right:
        current = st.session_state.get(EXPORT_KEY)
        if current == fixed:
            st.success(t("seg.exported"), icon=":material/check_circle:")
            st.button(t("seg.export_remove"), key="seg_export_off", on_click=_export, args=(None,))
        else:
            st.button(t("seg.export"), icon=":material/add_column_right:", key="seg_export_on", on_click=_export,
                      args=(fixed,))
            st.caption(t("seg.export_replace") if current else t("seg.export_help"))
            if current:
                st.button(t("seg.export_remove"), key="seg_export_off", on_click=_export, args=(None,))


def with_export_column(scored: pd.DataFrame, scenario) -> pd.DataFrame:
    """scored + cluster_label (in the interface language) when the user added the clusters to exports."""
    settings = st.session_state.get(EXPORT_KEY)
    if not settings:
        return scored
    try:
        result = data.clusters(scenario, settings)
    except ClusterError:
        return scored
    names = pd.Series(labels(result), dtype="object")
    by_id = pd.Series(names.to_numpy()[result.assignments["cluster_rank"].to_numpy()],
                      index=result.assignments["customer_id"].to_numpy())
    return scored.assign(cluster_label=scored["customer_id"].map(by_id).to_numpy())


def render() -> None:
    scenario = state.scenario()
    st.title(t("seg.title"))
    caption = st.empty()
    settings = settings_controls(scenario)
    auto = {**settings, "k": None}
    try:
        with st.spinner(t("seg.computing")):
            suggested = data.clusters(scenario, auto)
            result = suggested if settings["k"] is None else data.clusters(scenario, settings)
    except ClusterError as e:
        st.warning(t("seg.cannot", error=md(str(e))), icon=":material/warning:")
        return
    n = len(result.assignments)
    caption.caption(t("seg.caption", as_of=data.effective_as_of(scenario), n=n))
    sil = suggested.silhouette
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("seg.m.customers"), f"{n:,}")
    m2.metric(t("seg.m.k"), result.k)
    m3.metric(t("seg.m.suggested"), suggested.k, help=t("seg.suggested_help"))
    m4.metric(t("seg.m.silhouette"), f"{sil[result.k]:.3f}" if result.k in sil else "–", help=t("seg.silhouette_help"))

    left, right = st.columns(2)
    left.plotly_chart(plot_silhouette(sil, suggested.k, result.k), key="seg_sil")
    right.plotly_chart(plot_bubbles(result), key="seg_bubbles")

    st.subheader(t("seg.profile"))
    st.caption(t("seg.profile_help"))
    view, cfg = profile_view(result)
    st.dataframe(view, hide_index=True, width="stretch", column_config=cfg)

    st.subheader(t("seg.cross"))
    cross = cross_with_tiers(result, scenario)
    st.plotly_chart(charts.plot_matrix(cross, t("seg.cross_title"), t("seg.cross_x"), t("seg.cross_y"), ",.0f", {}, {}),
                    key="seg_cross")
    actions(result, scenario)
