"""Plotly figure builders. They take aggregates (never one point per customer) and labels
already translated, and return figures; only pages call st.plotly_chart."""
from __future__ import annotations

import unicodedata

import pandas as pd
import plotly.graph_objects as go

from .safe import html

TIER_COLOURS = ["#0b3c5d", "#1d6a96", "#3f8fc4", "#7fb8e0", "#b7d7ee", "#d9e6ef", "#e8eef2"]
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
COUNT_TICKS = ",d"  # 10,000 rather than plotly's 10k, which reads oddly beside 万 and the cards' K
DATE_TICKS = "%Y-%m"  # plotly names months in English only; numbers read the same in both languages


def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(_base_layout(title, height))
    return fig


def _base_layout(title: str, height: int = 380) -> dict:
    return dict(title=dict(text=title, x=0, font=dict(size=16)), height=height,
                margin=dict(l=10, r=10, t=48, b=10), font=dict(family=FONT, size=13),
                plot_bgcolor="white", paper_bgcolor="white")


def tier_colour(i: int) -> str:
    return TIER_COLOURS[min(i, len(TIER_COLOURS) - 1)]


def _text(value) -> str:
    """A user-supplied string as literal chart text (ui.safe.html)."""
    return html(value)


def _columns(text: str) -> int:
    """Width of text in columns: a CJK (wide) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap(name, width: int = 22, lines: int = 2) -> str:
    """A user-supplied name as escaped chart text on at most `lines` lines of `width` columns, broken
    between words where it can; the rest is cut with an ellipsis (the hover text shows it whole)."""
    rows, line = [], ""
    for word in " ".join(str(name).split()).split(" "):
        joined = f"{line} {word}" if line else word
        if _columns(joined) <= width:
            line = joined
            continue
        if line:
            rows.append(line)
            line = ""
        for ch in word:  # a word longer than a line (or a run of CJK) breaks between characters
            if line and _columns(line + ch) > width:
                rows.append(line)
                line = ""
            line += ch
    rows.append(line)
    if len(rows) > lines:
        rows = rows[:lines - 1] + [rows[lines - 1] + "…"]
    return "<br>".join(_text(row) for row in rows)


PYRAMID_HALF = 0.5  # half the widest band, in x units; the labels start right of it


def plot_pyramid(summary: pd.DataFrame, title: str, band_text, by: str = "customers",
                 negative_text=None) -> go.Figure:
    """Tier pyramid: one centred band per tier, best on top, its width proportional to the tier's
    customers (by="customers") or revenue (by="revenue"); an empty tier has no band, only its label.

    summary: tier_summary rows best first; band_text(row) -> the label beside a band (chart HTML; numbers
    only, the tier name is added here, escaped). A negative revenue (returns) is drawn 0 wide, and
    negative_text(row) -> a line added to its label saying so.
    The figure is built in one go (plotly validates each update: a trace at a time costs ~3x).
    """
    n = len(summary)
    values = [float(v) if float(v) > 0 else 0.0 for v in summary[by]]  # returns (and NaN): 0 wide
    top = max(values, default=0.0) or 1.0
    # a band at least a hairline wide, so a tier of 1 customer in 100,000 is still seen
    halves = [0.0 if v <= 0 else max(PYRAMID_HALF * v / top, 0.004) for v in values]
    pad = 0.09  # half the white gap between bands
    traces, notes, shapes = [], [], []
    for i, row in enumerate(summary.itertuples(index=False)):
        lo, hi, w = n - i - 1 + pad, n - i - pad, halves[i]
        name = _text(row.tier)
        text = band_text(row)
        if negative_text is not None and float(getattr(row, by)) < 0:
            text += "<br><i>" + negative_text(row) + "</i>"
        if w > 0:
            traces.append(go.Scatter(x=[-w, w, w, -w, -w], y=[lo, lo, hi, hi, lo], fill="toself", mode="lines",
                                     line=dict(color="rgba(11,60,93,0.35)", width=1), fillcolor=tier_colour(i),
                                     hoverinfo="text", text=f"<b>{name}</b><br>{text}", name=name,
                                     showlegend=False))
            below = halves[i + 1] if i + 1 < n else 0.0
            if below > 0:  # a light connector down to the next band, as a funnel has
                shapes.append(dict(type="path", line=dict(width=0), fillcolor="#f0f3f6", layer="below",
                                   path=f"M {-w},{lo} L {w},{lo} L {below},{lo - 2 * pad} "
                                        f"L {-below},{lo - 2 * pad} Z"))
        else:
            shapes.append(dict(type="line", x0=-0.06, x1=0.06, y0=(lo + hi) / 2, y1=(lo + hi) / 2,
                               line=dict(color="#b0bec5", width=1, dash="dot")))
        notes.append(dict(x=PYRAMID_HALF + 0.04, y=(lo + hi) / 2, xanchor="left", align="left", showarrow=False,
                          text=f"<span style='font-size:13px'><b>{_wrap(row.tier)}</b></span><br>{text}",
                          font=dict(size=12, color="#1b2631")))
    layout = _base_layout(title, height=max(260, 90 * n + 60))
    layout.update(annotations=notes, shapes=shapes, showlegend=False,
                  xaxis=dict(visible=False, range=[-PYRAMID_HALF - 0.02, 1.2], fixedrange=True),
                  yaxis=dict(fixedrange=True, visible=False, range=[-0.02, n + 0.02]))
    return go.Figure(data=traces, layout=layout)


def plot_segment_bars(summary: pd.DataFrame, title: str, names: dict, customers_label: str,
                      revenue_label: str) -> go.Figure:
    """Customer share against revenue share per segment (horizontal bars)."""
    labels = [_text(names.get(s, s)) for s in summary["segment"]]
    bars = [go.Bar(y=labels, x=summary[col], name=name, orientation="h", marker_color=colour,
                   text=[f"{v:.1%}" for v in summary[col]], textposition="outside", cliponaxis=False)
            for col, name, colour in (("customer_share", customers_label, "#7fb8e0"),
                                      ("revenue_share", revenue_label, "#0b3c5d"))]
    layout = _base_layout(title, height=max(320, 48 * len(labels) + 100))
    layout.update(barmode="group", legend=dict(orientation="h", y=-0.08),
                  xaxis=dict(tickformat=".0%", showgrid=True, gridcolor="#eee"), yaxis=dict(autorange="reversed"))
    return go.Figure(data=bars, layout=layout)


def plot_grid(counts: pd.DataFrame, title: str, names: dict, r_label: str, f_label: str) -> go.Figure:
    """The 5 x 5 R x F grid: customers per cell, each cell labelled with its segment."""
    from analytics.rfm import GRID
    z = counts.to_numpy()
    text = [[f"{_text(names.get(GRID[(r, f)], GRID[(r, f)]))}<br><b>{z[r - 1][f - 1]:,}</b>" for f in range(1, 6)]
            for r in range(1, 6)]
    layout = _base_layout(title, height=460)
    layout.update(xaxis=dict(title=dict(text=f_label), side="bottom"), yaxis=dict(title=dict(text=r_label)))
    return go.Figure(go.Heatmap(z=z, x=[str(f) for f in range(1, 6)], y=[str(r) for r in range(1, 6)],
                                text=text, texttemplate="%{text}", colorscale="Blues", showscale=False,
                                hovertemplate="R %{y} · F %{x}<br>%{text}<extra></extra>", xgap=2, ygap=2),
                     layout=layout)


def plot_pareto(curve: pd.DataFrame, title: str, x_label: str, y_label: str, lines: dict) -> go.Figure:
    """Cumulative revenue curve with the ABC cut lines (lines: label -> share); curve: at most a few
    hundred points (scoring.pareto_curve), never one per customer."""
    cut = dict(color="#c0392b", dash="dash", width=1)
    # what fig.add_hline(y, annotation_position="bottom right") adds, without its slow path
    shapes = [dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=share, y1=share, line=cut)
              for share in lines.values()]
    notes = [dict(text=label, showarrow=False, x=1, xanchor="right", xref="x domain", y=share, yanchor="top",
                  yref="y") for label, share in lines.items()]
    layout = _base_layout(title)
    layout.update(shapes=shapes, annotations=notes, showlegend=False,
                  xaxis=dict(title=dict(text=x_label), tickformat=".0%", range=[0, 1.04], dtick=0.2, gridcolor="#eee"),
                  yaxis=dict(title=dict(text=y_label), tickformat=".0%", range=[0, 1.02], gridcolor="#eee"))
    return go.Figure(go.Scatter(x=curve["customer_share"], y=curve["revenue_share"], mode="lines",
                                line=dict(color="#0b3c5d", width=3), name=y_label,
                                hovertemplate="%{x:.1%} → %{y:.1%}<extra></extra>"), layout=layout)


def plot_score_histogram(hist: pd.DataFrame, lines: dict, title: str, x_label: str, y_label: str) -> go.Figure:
    """Customers per score band (scorecard.score_histogram) with the tiers' minimum scores as lines
    (lines: tier name -> score; names escaped here)."""
    cut = dict(color="#c0392b", dash="dash", width=1)
    shapes = [dict(type="line", yref="y domain", y0=0, y1=1, xref="x", x0=x, x1=x, line=cut) for x in lines.values()]
    notes = [dict(text=html(name), showarrow=False, y=1, yanchor="bottom", yref="y domain", x=x, xanchor="left",
                  xref="x") for name, x in lines.items()]
    layout = _base_layout(title)
    layout.update(shapes=shapes, annotations=notes, showlegend=False, bargap=0.05,
                  xaxis=dict(title=dict(text=x_label), range=[0, 100], dtick=10, gridcolor="#eee"),
                  yaxis=dict(title=dict(text=y_label), gridcolor="#eee"))
    mid = (hist["low"] + hist["high"]) / 2
    return go.Figure(go.Bar(x=mid, y=hist["customers"], width=hist["high"] - hist["low"], marker_color="#0b3c5d",
                            customdata=hist[["low", "high"]].to_numpy(),
                            hovertemplate="%{customdata[0]:g}-%{customdata[1]:g}: %{y:,}<extra></extra>"),
                     layout=layout)


STAGE_COLOURS = {"prospect": "#b0bec5", "new": "#a5d6a7", "repeat": "#43a047", "loyal": "#1b5e20",
                 "at_risk": "#fb8c00", "churned": "#c62828"}
EXTRA_COLOURS = {"new": "#7cb342", "lapsed": "#9e9e9e"}


def plot_funnel(steps: pd.DataFrame, labels: dict, title: str) -> go.Figure:
    """Customers reaching each step, with the conversion from the step before."""
    text = [f"{n:,}" + ("" if i == 0 else f" · {c:.1%}") for i, (n, c) in
            enumerate(zip(steps["customers"], steps["conversion"]))]
    fig = go.Figure(go.Funnel(y=[labels[s] for s in steps["step"]], x=steps["customers"], text=text,
                              textinfo="text", marker=dict(color=["#90a4ae", "#66bb6a", "#2e7d32", "#1b5e20"]),
                              hovertemplate="%{y}: %{x:,}<extra></extra>"))
    fig.update_yaxes(automargin=True)
    return _layout(fig, title, height=340)


def plot_stage_area(over_time: pd.DataFrame, names: dict, title: str, y_label: str) -> go.Figure:
    """Stage counts at each month end as a stacked area."""
    fig = go.Figure()
    for stage in over_time.columns:
        fig.add_trace(go.Scatter(x=list(over_time.index), y=over_time[stage], name=names[stage], mode="lines",
                                 stackgroup="one", line=dict(width=0.5, color=STAGE_COLOURS.get(stage)),
                                 hovertemplate="%{x}: %{y:,}<extra>" + names[stage] + "</extra>"))
    fig.update_yaxes(title=y_label, gridcolor="#eee", tickformat=COUNT_TICKS)
    fig.update_xaxes(tickformat=DATE_TICKS)
    fig.update_layout(legend=dict(orientation="h", y=-0.15), hovermode="x unified")
    return _layout(fig, title, height=360)


def plot_matrix(matrix: pd.DataFrame, title: str, x_label: str, y_label: str, fmt: str,
                row_names: dict, col_names: dict) -> go.Figure:
    """From-tier x to-tier heatmap; fmt is a Python format for the cell text (",.0f", ".0%")."""
    z = matrix.to_numpy(dtype="float64")
    text = [[format(v, fmt) for v in row] for row in z]
    xs = [_text(col_names.get(c, c)) for c in matrix.columns]
    ys = [_text(row_names.get(r, r)) for r in matrix.index]
    fig = go.Figure(go.Heatmap(z=z, x=xs, y=ys, text=text, texttemplate="%{text}", colorscale="Blues",
                               showscale=False, xgap=2, ygap=2,
                               hovertemplate=y_label + " %{y} → " + x_label + " %{x}: %{text}<extra></extra>"))
    fig.update_xaxes(title=x_label)
    fig.update_yaxes(title=y_label, autorange="reversed")
    return _layout(fig, title, height=max(300, 70 * len(ys) + 110))


def plot_sankey(flows: pd.DataFrame, tier_names, from_names: dict, to_names: dict, title: str) -> go.Figure:
    """Flows of customers from the first date's tiers (left) to the second's (right)."""
    left = [t for t in list(tier_names) + ["new"] if t in set(flows["tier_from"])]
    right = [t for t in list(tier_names) + ["lapsed"] if t in set(flows["tier_to"])]
    labels = [_text(from_names.get(t, t)) for t in left] + [_text(to_names.get(t, t)) for t in right]
    colour = lambda t, i: EXTRA_COLOURS.get(t) if t in ("new", "lapsed") else tier_colour(i)
    colours = [colour(t, list(tier_names).index(t) if t in tier_names else 0) for t in left] + \
              [colour(t, list(tier_names).index(t) if t in tier_names else 0) for t in right]
    src = [left.index(a) for a in flows["tier_from"]]
    dst = [len(left) + right.index(b) for b in flows["tier_to"]]
    fig = go.Figure(go.Sankey(arrangement="fixed", node=dict(label=labels, color=colours, pad=18, thickness=18),
                              textfont=dict(color="#263238", size=12),
                              link=dict(source=src, target=dst, value=flows["customers"],
                                        color="rgba(63,143,196,0.25)",
                                        hovertemplate="%{source.label} → %{target.label}: %{value:,}<extra></extra>")))
    return _layout(fig, title, height=380)


def plot_tier_trend(trend: pd.DataFrame, title: str, y_label: str) -> go.Figure:
    """Tier sizes at each period end (stacked bars, best tier on top)."""
    fig = go.Figure()
    for i, tier in reversed(list(enumerate(trend.columns))):
        # the tier's name only as the trace name (escaped), never inside the template, where %{...} would be read
        fig.add_trace(go.Bar(x=[str(d) for d in trend.index], y=trend[tier], name=_text(tier),
                             marker_color=tier_colour(i), hovertemplate="%{x}: %{y:,}"))
    fig.update_layout(barmode="stack", legend=dict(orientation="h", y=-0.15, traceorder="reversed"))
    fig.update_yaxes(title=y_label, gridcolor="#eee", tickformat=COUNT_TICKS)
    fig.update_xaxes(type="category")
    return _layout(fig, title, height=360)


def plot_tracking(weekly: pd.DataFrame, cumulative: bool, title: str, actual_label: str, predicted_label: str,
                  x_label: str, y_label: str, cutoff_label: str) -> go.Figure:
    """Backtest: actual against predicted purchases per week after the cut-off (or cumulative)."""
    a, p = ("actual_cum", "predicted_cum") if cumulative else ("actual", "predicted")
    x = [str(d) for d in weekly["week_start"]]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=weekly[a], name=actual_label, mode="lines", line=dict(color="#0b3c5d", width=3)))
    fig.add_trace(go.Scatter(x=x, y=weekly[p], name=predicted_label, mode="lines",
                             line=dict(color="#e67e22", width=3, dash="dash")))
    fig.update_xaxes(title=x_label, gridcolor="#eee", tickformat=DATE_TICKS)
    top = float(max(weekly[a].max(), weekly[p].max(), 1))  # headroom: the actual line ends at the top
    fig.update_yaxes(title=y_label, gridcolor="#eee", range=[0, top * 1.08], tickformat=COUNT_TICKS)
    fig.update_layout(legend=dict(orientation="h", y=-0.2), hovermode="x unified")
    fig.add_annotation(text=cutoff_label, xref="paper", yref="paper", x=0, y=1.06, showarrow=False, xanchor="left",
                       font=dict(size=11, color="#607d8b"))
    return _layout(fig, title, height=360)


def plot_by_x(by_x: pd.DataFrame, title: str, actual_label: str, predicted_label: str, x_label: str,
              y_label: str) -> go.Figure:
    """Mean purchases after the cut-off by purchases before it (7 = 7 or more)."""
    labels = [f"{int(g)}+" if g == 7 else str(int(g)) for g in by_x["group"]]
    fig = go.Figure([go.Bar(x=labels, y=by_x["actual"], name=actual_label, marker_color="#0b3c5d"),
                     go.Bar(x=labels, y=by_x["predicted"], name=predicted_label, marker_color="#e67e22")])
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.2))
    fig.update_xaxes(title=x_label, type="category")
    fig.update_yaxes(title=y_label, gridcolor="#eee")
    return _layout(fig, title, height=360)
