"""Scenario widgets of the Tiers page (sidebar). Each widget starts from the scenario and
writes back through state.update_scenario, so the scenario stays the single owner."""
from __future__ import annotations

import threading
import weakref
from datetime import date

import pandas as pd

import streamlit as st

from analytics.config import DEFAULT_TIERS_BY_SCORE, ScenarioError
from analytics.rfm import suggested_thresholds

from . import state
from .i18n import t

TIER_NAMINGS = {
    "ABC": ["A", "B", "C", "D", "E", "F"],
    "VIP": ["VIP", "重要", "普通", "一般", "潜在", "其他"],
    "钻石": ["钻石", "金", "银", "铜", "铁", "其他"],
}
SCORE_PRESETS = {2: [70, 0], 3: [75, 60, 0], 4: [80, 65, 45, 0], 5: [85, 70, 55, 35, 0], 6: [90, 75, 60, 45, 30, 0]}
SHARE_PRESETS = {2: [0.2, 0.8], 3: [0.1, 0.2, 0.7], 4: [0.05, 0.15, 0.3, 0.5], 5: [0.05, 0.1, 0.2, 0.3, 0.35],
                 6: [0.02, 0.08, 0.15, 0.25, 0.25, 0.25]}


def whole_percents(shares: list[float]) -> list[int]:
    """Shares as whole percents that add up to 100 (largest remainder), so 1/3 each reads 34 / 33 / 33."""
    total = sum(shares)
    if total <= 0:
        return [0] * len(shares)
    raw = [100 * v / total for v in shares]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[:100 - sum(out)]:
        out[i] += 1
    return out


def _apply(**changes) -> None:
    try:
        state.update_scenario(**changes)
    except ScenarioError as e:
        st.error(t("controls.invalid", error=str(e)))


def date_controls(date_min: date | None, date_max: date | None) -> None:
    s = state.scenario()
    with st.expander(t("controls.when"), expanded=True, icon=":material/event:"):
        default = s.as_of_date() or date_max
        key = state.widget_default("as_of", default)
        as_of = st.date_input(t("controls.as_of"), key=key, min_value=date_min, max_value=date_max,
                              help=t("help.as_of"), format="YYYY-MM-DD")
        key = state.widget_default("lookback", int(s.lookback_days or 0))
        lookback = st.number_input(t("controls.lookback"), min_value=0, max_value=3650, step=30, key=key,
                                   help=t("help.lookback_days"))
        as_of_text = None if as_of is None or as_of == date_max else as_of.isoformat()
        _apply(as_of=as_of_text, lookback_days=int(lookback) or None)


def score_controls(features, has_profit: bool) -> None:
    s = state.scenario()
    with st.expander(t("controls.scores"), expanded=True, icon=":material/leaderboard:"):
        bins = st.slider(t("controls.bins"), 2, 10, key=state.widget_default("bins", s.bins), help=t("help.bins"))
        method = st.radio(t("controls.method"), ["quantile", "threshold"], horizontal=True,
                          format_func=lambda m: t(f"controls.method.{m}"), help=t("help.score_method"),
                          key=state.widget_default("method", s.score_method))
        thresholds = dict(s.thresholds)
        if method == "threshold":
            if s.score_method != "threshold" or s.bins != bins:
                thresholds = suggested_thresholds(features, bins)  # a data-driven start
            st.caption(t("controls.threshold_help"))
            for k in "RFM":
                key = state.widget_default(f"edges_{k}_{bins}", ", ".join(f"{v:g}" for v in thresholds[k]))
                text = st.text_input(t(f"controls.edges.{k}"), key=key)
                try:
                    thresholds[k] = [float(x) for x in text.replace("，", ",").split(",") if x.strip()]
                except ValueError:
                    st.error(t("controls.edges_bad", text=text))
        _apply(bins=int(bins), score_method=method, thresholds=thresholds)

    s = state.scenario()
    with st.expander(t("controls.weights"), expanded=True, icon=":material/balance:"):
        keys = ["R", "F", "M"] + (["profit"] if has_profit else [])
        weights = {}
        for k in keys:
            weights[k] = st.slider(t(f"controls.weight.{k}"), 0.0, 5.0, step=0.5,
                                   key=state.widget_default(f"weight_{k}", float(s.weights.get(k, 0.0))),
                                   help=t("help.weights"))
        _apply(weights=weights)
        weights_note = st.empty()
    return weights_note


def weights_caption(slot) -> None:
    """The normalised weights of every component, once all component widgets have run."""
    shares = state.scenario().normalised_weights()
    name = lambda k: t(f"col.{k[5:]}", default=k[5:]) if k.startswith("attr:") else t(f"controls.weight_short.{k}")
    pct = whole_percents(list(shares.values()))
    slot.caption(t("controls.weight_shares", shares=" · ".join(f"{name(k)} {p}%" for k, p in zip(shares, pct))))


def tier_controls() -> None:
    s = state.scenario()
    with st.expander(t("controls.tiers"), expanded=True, icon=":material/stacks:"):
        method = st.radio(t("controls.tier_method"), ["score", "share"], horizontal=True,
                          format_func=lambda m: t(f"controls.tier_method.{m}"), help=t("help.tier_method"),
                          key=state.widget_default("tier_method", s.tier_method))
        count = st.number_input(t("controls.tier_count"), 2, 6, key=state.widget_default("tier_count", len(s.tiers)))
        naming = st.selectbox(t("controls.naming"), list(TIER_NAMINGS), format_func=lambda n: " / ".join(TIER_NAMINGS[n][:3]),
                              key=state.widget_default("naming", "ABC"))
        same_shape = method == s.tier_method and count == len(s.tiers)
        renamed = st.session_state.get("tier_naming_prev", naming) != naming
        st.session_state["tier_naming_prev"] = naming
        if same_shape:
            base = list(s.tiers)
        elif method == "score":
            base = list(zip(TIER_NAMINGS[naming], SCORE_PRESETS[count])) if count != 3 else list(DEFAULT_TIERS_BY_SCORE)
        else:
            base = list(zip(TIER_NAMINGS[naming], SHARE_PRESETS[count]))
        tag = f"{method}_{count}_{naming}"
        tiers = []
        for i, (name, value) in enumerate(base):
            c1, c2 = st.columns([1, 1])
            name = c1.text_input(t("controls.tier_name", i=i + 1), key=state.widget_default(f"tname_{tag}_{i}", name if same_shape and not renamed else TIER_NAMINGS[naming][i]))
            last = i == len(base) - 1
            if method == "score":
                value = c2.number_input(t("controls.tier_min"), 0.0, 100.0, step=5.0, disabled=last,
                                        key=state.widget_default(f"tmin_{tag}_{i}", float(value)))
                tiers.append((name.strip() or f"T{i + 1}", 0.0 if last else float(value)))
            else:
                value = c2.number_input(t("controls.tier_share"), 0.0, 100.0, step=5.0, disabled=last,
                                        key=state.widget_default(f"tshare_{tag}_{i}", round(float(value) * 100, 2)))
                tiers.append((name.strip() or f"T{i + 1}", float(value) / 100))
        if method == "share":
            rest = 1 - sum(v for _, v in tiers[:-1])
            tiers[-1] = (tiers[-1][0], round(max(rest, 0.0), 6))
        _apply(tier_method=method, tiers=tuple(tiers))
        if method == "share":
            st.caption(t("controls.share_note"))


# Common practice in China: government and state-owned buyers pay reliably and buy big.
DEFAULT_POINTS = {"政府": 15.0, "国企": 15.0, "股份制": 10.0, "民营": 5.0,
                  "Government": 15.0, "State-owned": 15.0, "Joint-stock": 10.0, "Private": 5.0}
SKIP_ATTRIBUTES = {"customer_id", "name", "created_date", "owner"}


_candidates: dict[int, tuple] = {}  # id of a customers table -> (weak ref, its shape and columns, kinds)
_candidates_lock = threading.Lock()


def attribute_candidates(attrs) -> dict:
    """Customer columns usable as score components: column -> "number" or "category".

    Remembered per customers table object (ui/data shares one per data set and never modifies it), so
    a rerun does not count the distinct values of a million rows again."""
    if attrs is None:
        return {}
    shape = (attrs.shape, tuple(attrs.columns), tuple(map(str, attrs.dtypes)))
    with _candidates_lock:
        ref, seen, kinds = _candidates.get(id(attrs), (None, None, None))
    if ref is not None and ref() is attrs and seen == shape:
        return dict(kinds)
    kinds = _attribute_kinds(attrs)
    try:
        ref = weakref.ref(attrs, lambda _, k=id(attrs): _candidates.pop(k, None))
    except TypeError:
        return kinds
    with _candidates_lock:
        _candidates[id(attrs)] = (ref, shape, kinds)
    return dict(kinds)


def _attribute_kinds(attrs) -> dict:
    out = {}
    for c in attrs.columns:
        if c in SKIP_ATTRIBUTES:
            continue
        s = attrs[c]
        if s.dtype.kind in "if":
            out[c] = "number"
        elif s.dtype.kind in "OUT" or str(s.dtype) in ("str", "string"):
            if 2 <= s.nunique() <= 30:
                out[c] = "category"
    return out


def attribute_controls(attrs) -> None:
    """Extra components from the customers table: a number (higher or lower is better) or a
    category scored by a points table (e.g. 政府/国企 15, 股份制 10, 民营 5)."""
    kinds = attribute_candidates(attrs)
    if not kinds:
        return
    s = state.scenario()
    current = {a["column"]: a for a in s.attributes}
    with st.expander(t("controls.attributes"), icon=":material/add_chart:", expanded=bool(current)):
        st.caption(t("help.attributes"))
        chosen = st.multiselect(t("controls.attribute_columns"), list(kinds),
                                key=state.widget_default("attr_cols", [c for c in current if c in kinds]),
                                format_func=lambda c: t(f"col.{c}", default=c))
        specs = []
        for col in chosen:
            old = current.get(col, {})
            label = t(f"col.{col}", default=col)
            weight = st.slider(t("controls.attribute_weight", name=label), 0.0, 5.0, step=0.5,
                               key=state.widget_default(f"attr_w_{col}", float(old.get("weight", 1.0))))
            spec = {"column": col, "weight": weight}
            if kinds[col] == "number":
                default_dir = old.get("direction", "lower" if "overdue" in col or "逾期" in col else "higher")
                spec["direction"] = st.radio(t("controls.attribute_direction"), ["higher", "lower"], horizontal=True,
                                             format_func=lambda d: t(f"controls.direction.{d}"),
                                             key=state.widget_default(f"attr_d_{col}", default_dir))
            else:
                values = sorted(attrs[col].dropna().astype("str").unique())
                points = old.get("points") or {v: DEFAULT_POINTS.get(v, 5.0) for v in values}
                frame = pd.DataFrame({"value": values, "points": [float(points.get(v, 0.0)) for v in values]})
                edited = st.data_editor(frame, key=f"w_attr_p_{col}", hide_index=True, width="stretch",
                                        disabled=["value"], column_config={
                                            "value": t("controls.attribute_value"),
                                            "points": st.column_config.NumberColumn(t("controls.attribute_points"),
                                                                                    min_value=0.0, step=1.0)})
                spec["points"] = {str(v): float(p or 0.0) for v, p in zip(edited["value"], edited["points"])}
            specs.append(spec)
        _apply(attributes=tuple(specs))


LIFECYCLE_LIMITS = {"churned_days": (30, 3650, 30), "at_risk_days": (15, 3650, 15), "loyal_purchases": (2, 500, 1),
                    "loyal_days": (7, 3650, 15), "repeat_purchases": (2, 100, 1)}


def lifecycle_controls() -> None:
    """The stage rules: every window and count is a number input and a scenario key."""
    s = state.scenario()
    with st.expander(t("controls.lifecycle"), expanded=True, icon=":material/autorenew:"):
        st.caption(t("help.lifecycle"))
        rules = {}
        for k, (lo, hi, step) in LIFECYCLE_LIMITS.items():
            rules[k] = int(st.number_input(t(f"controls.rule.{k}"), min_value=lo, max_value=hi, step=step,
                                           key=state.widget_default(f"rule_{k}", int(s.lifecycle[k])),
                                           help=t(f"help.rule.{k}")))
        _apply(lifecycle=rules)


def playbook_editor(kind: str, book: dict, defaults: dict, names: dict) -> None:
    """An editable action per stage (or tier); only what differs from the suggestion is stored."""
    st.markdown(f"**{t(f'playbook.{kind}')}**")
    changed = {}
    for k in book:
        text = st.text_input(names.get(k, k), key=state.widget_default(f"pb_{kind}_{k}_{state.lang()}", book[k]),
                             placeholder=defaults.get(k, ""))
        if text.strip() and text.strip() != defaults.get(k):
            changed[k] = text.strip()
    current = dict(state.scenario().playbook)
    if changed != current.get(kind, {}):
        current[kind] = changed
        _apply(playbook={k: v for k, v in current.items() if v})
        st.rerun()  # what was drawn above the editor shows the old actions


def clv_controls(has_profit: bool) -> None:
    """Horizon, margin (when the data has no profit), discount rate and value-tier shares."""
    c = dict(state.scenario().clv)
    with st.expander(t("controls.clv"), expanded=True, icon=":material/trending_up:"):
        c["horizon_months"] = st.slider(t("controls.horizon"), 1, 36, key=state.widget_default("clv_h", c["horizon_months"]),
                                        help=t("help.horizon"))
        if has_profit:
            st.caption(t("controls.margin_profit"))
        else:
            c["margin"] = st.slider(t("controls.margin"), 0.0, 1.0, step=0.01, format="percent", help=t("help.margin"),
                                    key=state.widget_default("clv_m", float(c["margin"])))
        c["discount_rate"] = st.number_input(t("controls.discount"), 0.0, 0.5, step=0.01, format="%.2f",
                                             key=state.widget_default("clv_d", float(c["discount_rate"])),
                                             help=t("help.discount"))
        hi = st.slider(t("controls.value_high"), 0.01, 0.5, step=0.01, format="percent",
                       key=state.widget_default("clv_hi", float(c["value_shares"][0])))
        mid = st.slider(t("controls.value_mid"), 0.0, 0.5, step=0.01, format="percent",
                        key=state.widget_default("clv_mid", float(c["value_shares"][1])))
        c["value_shares"] = [hi, mid]
        _apply(clv=c)


def backtest_default(date_min: date | None, date_max: date | None) -> date | None:
    """A cut-off leaving the last third of the history (at most a year) to check predictions against."""
    if date_min is None or date_max is None:
        return date_max
    span = (date_max - date_min).days
    return date_max - pd.Timedelta(days=min(span // 3, 365)).to_pytimedelta()
