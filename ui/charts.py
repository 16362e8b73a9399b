"""Plotly figure builders. They take aggregates (never one point per customer) and labels
already translated, and return figures; only pages call st.plotly_chart."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

TIER_COLOURS = ["#0b3c5d", "#1d6a96", "#3f8fc4", "#7fb8e0", "#b7d7ee", "#d9e6ef", "#e8eef2"]
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(title=dict(text=title, x=0, font=dict(size=16)), height=height,
                      margin=dict(l=10, r=10, t=48, b=10), font=dict(family=FONT, size=13),
                      plot_bgcolor="white", paper_bgcolor="white")
    return fig


def tier_colour(i: int) -> str:
    return TIER_COLOURS[min(i, len(TIER_COLOURS) - 1)]


def plot_pyramid(summary: pd.DataFrame, title: str, band_text) -> go.Figure:
    """Tier pyramid: one band per tier (best on top, widest at the bottom).

    summary: tier_summary rows best first; band_text(row) -> the label beside a band.
    """
    n = len(summary)
    fig = go.Figure()
    half = lambda level: 0.5 * (1 - 0.7 * level / max(n, 1))  # half width at a height
    for i, row in enumerate(summary.itertuples(index=False)):
        lo, hi = n - i - 1, n - i
        xs = [-half(lo), half(lo), half(hi), -half(hi), -half(lo)]
        fig.add_trace(go.Scatter(x=xs, y=[lo, lo, hi, hi, lo], fill="toself", mode="lines",
                                 line=dict(color="white", width=2), fillcolor=tier_colour(i),
                                 hoverinfo="text", text=f"{row.tier}<br>{band_text(row)}", name=str(row.tier),
                                 showlegend=False))
        fig.add_annotation(x=0, y=lo + 0.5, text=f"<b>{row.tier}</b>", showarrow=False,
                           font=dict(color="white" if i < 3 else "#1b2631", size=18))
        fig.add_annotation(x=0.55, y=lo + 0.5, text=band_text(row), showarrow=False, xanchor="left",
                           align="left", font=dict(size=12, color="#1b2631"))
    fig.update_xaxes(visible=False, range=[-0.55, 1.4], fixedrange=True)
    fig.update_yaxes(fixedrange=True)
    fig.update_yaxes(visible=False, range=[-0.05, n + 0.05])
    return _layout(fig, title, height=max(260, 90 * n + 60))


def plot_segment_bars(summary: pd.DataFrame, title: str, names: dict, customers_label: str,
                      revenue_label: str) -> go.Figure:
    """Customer share against revenue share per segment (horizontal bars)."""
    labels = [names.get(s, s) for s in summary["segment"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=labels, x=summary["customer_share"], name=customers_label, orientation="h",
                         marker_color="#7fb8e0", text=[f"{v:.1%}" for v in summary["customer_share"]]))
    fig.add_trace(go.Bar(y=labels, x=summary["revenue_share"], name=revenue_label, orientation="h",
                         marker_color="#0b3c5d", text=[f"{v:.1%}" for v in summary["revenue_share"]]))
    fig.update_traces(textposition="outside", cliponaxis=False)
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.08))
    fig.update_xaxes(tickformat=".0%", showgrid=True, gridcolor="#eee")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, height=max(320, 48 * len(labels) + 100))


def plot_grid(counts: pd.DataFrame, title: str, names: dict, r_label: str, f_label: str) -> go.Figure:
    """The 5 x 5 R x F grid: customers per cell, each cell labelled with its segment."""
    from analytics.rfm import GRID
    z = counts.to_numpy()
    text = [[f"{names.get(GRID[(r, f)], GRID[(r, f)])}<br><b>{z[r - 1][f - 1]:,}</b>" for f in range(1, 6)]
            for r in range(1, 6)]
    fig = go.Figure(go.Heatmap(z=z, x=[str(f) for f in range(1, 6)], y=[str(r) for r in range(1, 6)],
                               text=text, texttemplate="%{text}", colorscale="Blues", showscale=False,
                               hovertemplate="R %{y} · F %{x}<br>%{text}<extra></extra>", xgap=2, ygap=2))
    fig.update_xaxes(title=f_label, side="bottom")
    fig.update_yaxes(title=r_label)
    return _layout(fig, title, height=460)


def plot_pareto(curve: pd.DataFrame, title: str, x_label: str, y_label: str, lines: dict) -> go.Figure:
    """Cumulative revenue curve with the ABC cut lines (lines: label -> share)."""
    fig = go.Figure(go.Scatter(x=curve["customer_share"], y=curve["revenue_share"], mode="lines",
                               line=dict(color="#0b3c5d", width=3), name=y_label,
                               hovertemplate="%{x:.1%} → %{y:.1%}<extra></extra>"))
    for label, share in lines.items():
        fig.add_hline(y=share, line=dict(color="#c0392b", dash="dash", width=1),
                      annotation_text=label, annotation_position="bottom right")
    fig.update_xaxes(title=x_label, tickformat=".0%", range=[0, 1], gridcolor="#eee")
    fig.update_yaxes(title=y_label, tickformat=".0%", range=[0, 1.02], gridcolor="#eee")
    fig.update_layout(showlegend=False)
    return _layout(fig, title)
