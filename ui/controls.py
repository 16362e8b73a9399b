"""Scenario widgets (sidebar). Each widget starts from the scenario and writes back through
state.update_scenario, so the scenario stays the single owner; each group returns the Scenario in force,
so a page reads top to bottom: scenario = controls.x(...), then the analysis of that scenario."""
from __future__ import annotations

import threading
import weakref
from datetime import date

import pandas as pd

import streamlit as st

from analytics.config import DERIVED_KEYS, SETTINGS, SPLITS, Scenario, ScenarioError, fmt_value
from analytics.rfm import suggested_thresholds

from . import notices, state
from .i18n import t
from .safe import md

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


def limits(key: str, percent: bool = False) -> dict:
    """A widget's min, max and step from the settings table (analytics/config.SETTINGS), the one home of
    every range; percent: a share shown as 0-100."""
    st_ = SETTINGS[key]
    scale = 100 if percent else 1
    kind = int if st_.kind == "int" else float
    return {"min_value": kind(st_.low * scale), "max_value": kind(st_.high * scale), "step": kind(st_.step * scale)}


def weight_options(key: str = "weights.R") -> list[float]:
    """A weight's stops: every half point to 10, whole points to 20, then fives to the maximum (0-100), so the
    RFM weights of 1-5 and a points card's 15-60 are both easy to set on one slider."""
    st_ = SETTINGS[key]
    low, high, step = float(st_.low), float(st_.high), float(st_.step)
    stops = [low + i * step for i in range(int(round((min(10.0, high) - low) / step)) + 1)]
    stops += [float(v) for v in range(11, int(min(20, high)) + 1)] + [float(v) for v in range(25, int(high) + 1, 5)]
    return sorted({v for v in stops if low <= v <= high})


def weight_slider(label: str, key: str, value: float, help: str | None = None, setting: str = "weights.R",
                  where=st) -> float:
    """A weight on its stops (weight_options). A value between stops (from a file or link) is shown at the
    nearest stop and kept as it is until the slider is moved."""
    options = weight_options(setting)
    nearest = min(options, key=lambda v: (abs(v - value), v))
    picked = where.select_slider(label, options, format_func=lambda v: f"{v:g}", help=help,
                                 key=state.widget_default(key, nearest))
    return float(value) if picked == nearest else float(picked)


def _apply(what: str = "", in_force=None, **changes) -> bool:
    """Write widget values into the scenario. Values the scenario refuses are said in the main area,
    naming the input and the rules still in force; returns whether they were applied."""
    try:
        state.update_scenario(**changes)
        return True
    except ScenarioError as e:
        notices.input_problem(what or md(str(e)), in_force or t("controls.in_force.previous"))
        return False


def date_controls(date_min: date | None, date_max: date | None) -> Scenario:
    s = state.scenario()
    with st.expander(t("controls.when"), expanded=True, icon=":material/event:"):
        default = s.as_of_date() or date_max
        key = state.widget_default("as_of", default)
        as_of = st.date_input(t("controls.as_of"), key=key, min_value=date_min, max_value=date_max,
                              help=t("help.as_of"), format="YYYY-MM-DD")
        key = state.widget_default("lookback", int(s.lookback_days or 0))
        lookback = st.number_input(t("controls.lookback"), **limits("lookback_days"), key=key,
                                   help=t("help.lookback_days"))
        as_of_text = None if as_of is None or as_of == date_max else as_of.isoformat()
        _apply(as_of=as_of_text, lookback_days=int(lookback) or None)
    return state.scenario()


def score_controls(features, has_profit: bool, attrs=None) -> Scenario:
    """Bins, method and edges; the weights of R, F, M (and profit); extra components from the customers
    table; and the weights' shares of the score."""
    s = state.scenario()
    with st.expander(t("controls.scores"), expanded=True, icon=":material/leaderboard:"):
        bins = st.slider(t("controls.bins"), **limits("bins"), key=state.widget_default("bins", s.bins), help=t("help.bins"))
        method = st.radio(t("controls.method"), ["quantile", "threshold"], horizontal=True,
                          format_func=lambda m: t(f"controls.method.{m}"), help=t("help.score_method"),
                          key=state.widget_default("method", s.score_method))
        thresholds = dict(s.thresholds)
        bad = None
        if method == "threshold":
            if s.score_method != "threshold" or s.bins != bins:
                thresholds = suggested_thresholds(features, bins)  # a data-driven start
            st.caption(t("controls.threshold_help"))
            for k in "RFM":
                key = state.widget_default(f"edges_{k}_{bins}", ", ".join(f"{v:g}" for v in thresholds[k]))
                edges = parse_edges(st.text_input(t(f"controls.edges.{k}"), key=key))
                if edges is None or len(edges) != bins - 1 or edges != sorted(edges):
                    bad = bad or k
                else:
                    thresholds[k] = edges
        if bad:
            notices.input_problem(t("controls.invalid.edges", dim=bad, n=bins - 1, bins=bins), lambda: _bins_text(s))
        else:
            _apply(bins=int(bins), score_method=method, thresholds=thresholds)

    s = state.scenario()
    with st.expander(t("controls.weights"), expanded=True, icon=":material/balance:"):
        # R, F, M (profit), and the derived components the Scorecard page put in the score
        keys = ["R", "F", "M"] + (["profit"] if has_profit else []) \
            + [k for k in DERIVED_KEYS if float(s.weights.get(k, 0.0)) > 0]
        weights = {}
        for k in keys:
            weights[k] = weight_slider(t(f"controls.weight.{k}"), f"weight_{k}", float(s.weights.get(k, 0.0)),
                                       t(f"help.derived.{k}") if k in DERIVED_KEYS else t("help.weights"),
                                       f"weights.{k}")
        _apply(weights=weights)
        st.page_link("pages/scorecard.py", label=t("sc.more_in_builder"), icon=":material/tune:")
        weights_note = st.empty()
    attribute_controls(attrs)
    _weights_caption(weights_note)  # after the attribute widgets, which add components
    return state.scenario()


def _weights_caption(slot) -> None:
    """The normalised weights of every component, once all component widgets have run."""
    shares = state.scenario().normalised_weights()
    name = lambda k: md(t(f"col.{k[5:]}", default=k[5:])) if k.startswith("attr:") else t(f"controls.weight_short.{k}")
    pct = whole_percents(list(shares.values()))
    slot.caption(t("controls.weight_shares", shares=" · ".join(f"{name(k)} {p}%" for k, p in zip(shares, pct))))


def parse_edges(text: str) -> list[float] | None:
    """Bin edges typed as "30, 90, 180" (Chinese commas too); None when any is not a finite number."""
    try:
        edges = [float(x) for x in text.replace("，", ",").split(",") if x.strip()]
    except ValueError:
        return None
    return edges if all(abs(v) < float("inf") for v in edges) else None


def _bins_text(s) -> str:
    if s.score_method == "quantile":
        return t("controls.in_force.edges", method=t("controls.method.quantile")) + f" · {s.bins}"
    return " · ".join(f"{k}: {', '.join(f'{v:g}' for v in s.thresholds[k])}" for k in "RFM")


def _rules_text(rules: dict) -> str:
    return " · ".join(f"{t(f'controls.rule.{k}')} {v}" for k, v in rules.items())


def tiers_text(tiers, method: str) -> str:
    """The tiers as the user sees them: A 75 · B 60 · C 0, or A 10% · B 20% · C 70%."""
    kind = "share" if method == "share" else ""
    return " · ".join(f"{md(name)} {md(fmt_value(v, '', kind))}" for name, v in tiers)


def _family(names) -> list[str]:
    """The naming preset the names come from (ABC when none), to name tiers added by a larger count."""
    for family in TIER_NAMINGS.values():
        if set(names) <= set(family):
            return family
    return TIER_NAMINGS["ABC"]


def resized_tiers(old: tuple, old_method: str, method: str, count: int) -> tuple:
    """The tiers after the number of tiers or the method changed, keeping what the user set: the names
    always, the thresholds of the tiers that remain (same method); added tiers get a name from the same
    preset and a threshold halfway below the lowest one kept (score) or half of what remains (share)."""
    names = [n for n, _ in old][:count]
    spare = [n for n in _family(names) + [f"T{i}" for i in range(1, 13)] if n not in names]
    names += spare[:count - len(names)]
    if method != old_method:
        values = list(SCORE_PRESETS[count] if method == "score" else SHARE_PRESETS[count])
    elif method == "score":
        values = [v for _, v in old][:-1][:count - 1]
        while len(values) < count - 1:
            values.append(round((values[-1] if values else 100.0) / 2, 1))
        values.append(0.0)
    else:
        values = [v for _, v in old][:-1][:count - 1]
        while len(values) < count - 1:
            values.append(round(max(1 - sum(values), 0.0) / 2, 4))
        values.append(round(max(1 - sum(values), 0.0), 6))
    return tuple(zip(names, (float(v) for v in values)))


def _new_tier_widgets() -> None:
    """Tier inputs are keyed by a generation, so a change made in code (count, method, naming preset)
    gives fresh inputs that read the scenario instead of keeping what the old ones showed."""
    st.session_state["tier_gen"] = st.session_state.get("tier_gen", 0) + 1


def _apply_naming(key: str) -> None:
    pick = st.session_state.get(key)
    if not pick:
        return
    s = state.scenario()
    names = [n for n, _ in s.tiers]
    new = TIER_NAMINGS[pick][:len(names)]
    if new != names:
        st.session_state["tier_names_undo"] = names
        state.set_scenario(s.with_changes(tiers=tuple(zip(new, (v for _, v in s.tiers)))))
    _new_tier_widgets()


def _undo_naming() -> None:
    s = state.scenario()
    names = st.session_state.pop("tier_names_undo", None)
    if names and len(names) == len(s.tiers):
        state.set_scenario(s.with_changes(tiers=tuple(zip(names, (v for _, v in s.tiers)))))
    _new_tier_widgets()


def tier_controls() -> Scenario:
    s = state.scenario()
    with st.expander(t("controls.tiers"), expanded=True, icon=":material/stacks:"):
        adopted = ["cluster"] if s.tier_method == "cluster" else []  # offered while the tiers are adopted clusters
        method = st.radio(t("controls.tier_method"), ["score", "share", *adopted], horizontal=True,
                          format_func=lambda m: t(f"controls.tier_method.{m}"), help=t("help.tier_method"),
                          key=state.widget_default("tier_method", s.tier_method))
        count = int(st.number_input(t("controls.tier_count"), **limits("tiers.count"), disabled=method == "cluster",
                                    key=state.widget_default("tier_count", len(s.tiers))))
        if method == "cluster":
            st.caption(t("seg.tiers_note"))
        if method != s.tier_method or count != len(s.tiers):
            if s.tier_method == method:
                st.session_state.setdefault("tier_memory", {})[len(s.tiers)] = s.tiers
            remembered = st.session_state.get("tier_memory", {}).get(count) if method == s.tier_method else None
            state.update_scenario(tier_method=method, tiers=remembered or resized_tiers(s.tiers, s.tier_method, method, count))
            _new_tier_widgets()
            s = state.scenario()
        gen = st.session_state.get("tier_gen", 0)
        st.selectbox(t("controls.naming"), list(TIER_NAMINGS), index=None, placeholder=t("controls.naming_pick"),
                     format_func=lambda n: " / ".join(TIER_NAMINGS[n][:count]), key=f"naming_{gen}",
                     on_change=_apply_naming, args=(f"naming_{gen}",), help=t("help.naming"))
        undo = st.session_state.get("tier_names_undo")
        if undo:
            st.button(t("controls.naming_undo", names=md(" / ".join(undo))), on_click=_undo_naming, type="tertiary",
                      icon=":material/undo:", key=f"naming_undo_{gen}")
        tiers = []
        for i, (name, value) in enumerate(s.tiers):
            c1, c2 = st.columns([1, 1]) if method != "cluster" else (st.container(), None)  # clusters: names only
            name = c1.text_input(t("controls.tier_name", i=i + 1), max_chars=int(SETTINGS["tiers.name"].high),
                                 key=state.widget_default(f"tname_{gen}_{i}", name))
            last = i == len(s.tiers) - 1
            if method == "cluster":  # one tier per cluster, in the clusters' order: only the names change
                tiers.append((" ".join(name.split()) or f"T{i + 1}", 0.0))
            elif method == "score":
                value = c2.number_input(t("controls.tier_min"), **limits("tiers.min_score"), disabled=last,
                                        key=state.widget_default(f"tmin_{gen}_{i}", float(value)))
                tiers.append((" ".join(name.split()) or f"T{i + 1}", 0.0 if last else float(value)))
            else:
                value = c2.number_input(t("controls.tier_share"), **limits("tiers.share", percent=True), disabled=last,
                                        key=state.widget_default(f"tshare_{gen}_{i}", round(float(value) * 100, 2)))
                tiers.append((" ".join(name.split()) or f"T{i + 1}", float(value) / 100))
        if method == "share":
            rest = 1 - sum(v for _, v in tiers[:-1])
            tiers[-1] = (tiers[-1][0], round(max(rest, 0.0), 6))
        names = [n for n, _ in tiers]
        values = [v for _, v in tiers]
        in_force = lambda: tiers_text(state.scenario().tiers, state.scenario().tier_method)
        if len(set(names)) != len(names):
            notices.input_problem(t("controls.invalid.names"), in_force)
        elif method == "score" and values != sorted(values, reverse=True):
            notices.input_problem(t("controls.invalid.order"), in_force)
        elif method == "share" and sum(values[:-1]) > 1 + 1e-9:
            notices.input_problem(t("controls.invalid.sum", total=f"{sum(values[:-1]) * 100:g}%"), in_force)
        else:
            _apply(tiers=tuple(tiers))
        if method == "share":
            st.caption(t("controls.share_note"))
            within_control()
    class_controls()
    return state.scenario()


NO_SLICE = ""  # the "(none)" choice of within_control


def within_control() -> None:
    """Share tiers within a slice ("top 10% per region"): a customer column, or none (scenario.tier_within)."""
    from .filters import columns
    s = state.scenario()
    options = [NO_SLICE] + columns(stage=False)
    if s.tier_within and s.tier_within not in options:  # from a file or link: a column with many values
        options.append(s.tier_within)
    within = st.selectbox(t("controls.tier_within"), options, help=t("help.tier_within"),
                          format_func=lambda c: t("controls.tier_within_none") if c == NO_SLICE
                          else t(f"col.{c}", default=c), key=state.widget_default("tier_within", s.tier_within or NO_SLICE))
    _apply(tier_within=within or None)


def _abc_text(s: Scenario) -> str:
    a, b = s.abc
    return t("controls.in_force.abc", a=f"{a * 100:g}%", b=f"{b * 100:g}%")


def class_controls() -> Scenario:
    """The ABC cut-offs (percent of the cumulative revenue; A below B) and where the eight-class model
    splits high from low (mean or median)."""
    s = state.scenario()
    # keyed, so it stays as the user left it while its sliders rerun the page
    with st.expander(t("controls.classes"), icon=":material/category:", key="classes_box"):
        a = st.slider(t("controls.abc_a"), **limits("abc.A", percent=True), format="%g%%", help=t("help.abc_a"),
                      key=state.widget_default("abc_a", round(s.abc[0] * 100, 4)))
        b = st.slider(t("controls.abc_b"), **limits("abc.B", percent=True), format="%g%%", help=t("help.abc_b"),
                      key=state.widget_default("abc_b", round(s.abc[1] * 100, 4)))
        if a >= b:
            notices.input_problem(t("controls.invalid.abc", a=f"{a:g}%", b=f"{b:g}%"),
                                  lambda: _abc_text(state.scenario()))
        else:
            _apply(abc=(round(a / 100, 6), round(b / 100, 6)))
        split = st.radio(t("controls.split"), list(SPLITS), horizontal=True, help=t("help.eight_class_split"),
                         format_func=lambda v: t(f"controls.split.{v}"),
                         key=state.widget_default("eight_split", s.eight_class_split))
        _apply(eight_class_split=split)
    return state.scenario()


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
    # keyed, so the expander stays as the user left it when a pick changes whether anything is chosen
    with st.expander(t("controls.attributes"), icon=":material/add_chart:", expanded=bool(current), key="attr_box"):
        st.caption(t("help.attributes"))
        chosen = st.multiselect(t("controls.attribute_columns"), list(kinds),
                                key=state.widget_default("attr_cols", [c for c in current if c in kinds]),
                                format_func=lambda c: t(f"col.{c}", default=c), select_all=False)
        specs = []
        for col in chosen:
            old = current.get(col, {})
            label = t(f"col.{col}", default=col)
            weight = weight_slider(t("controls.attribute_weight", name=md(label)), f"attr_w_{col}",
                                   float(old.get("weight", 1.0)), setting="attributes.weight")
            spec = {**old, "column": col, "weight": weight}  # keeps what the Scorecard page set
            plain_points = all(isinstance(v, (int, float)) for v in (old.get("points") or {}).values())
            if old.get("normalise") not in (None, "points", "minmax") or not plain_points \
                    or isinstance(old.get("points"), list):
                st.caption(t("sc.set_in_builder", name=md(label)))
            elif kinds[col] == "number":
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


def lifecycle_controls() -> Scenario:
    """The stage rules: every window and count is a number input and a scenario key."""
    s = state.scenario()
    with st.expander(t("controls.lifecycle"), expanded=True, icon=":material/autorenew:"):
        st.caption(t("help.lifecycle"))
        rules = {}
        for k in s.lifecycle:
            rules[k] = int(st.number_input(t(f"controls.rule.{k}"), **limits(f"lifecycle.{k}"),
                                           key=state.widget_default(f"rule_{k}", int(s.lifecycle[k])),
                                           help=t(f"help.rule.{k}")))
        if rules["repeat_purchases"] > rules["loyal_purchases"]:
            what = t("controls.invalid.repeat", repeat=rules["repeat_purchases"], loyal=rules["loyal_purchases"])
        else:
            what = t("controls.invalid.at_risk", at_risk=rules["at_risk_days"], churned=rules["churned_days"])
        _apply(what, lambda: _rules_text(state.scenario().lifecycle), lifecycle=rules)
    return state.scenario()


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


def clv_controls(has_profit: bool) -> Scenario:
    """Horizon, margin (when the data has no profit), discount rate and value-tier shares."""
    c = dict(state.scenario().clv)
    with st.expander(t("controls.clv"), expanded=True, icon=":material/trending_up:"):
        c["horizon_months"] = st.slider(t("controls.horizon"), **limits("clv.horizon_months"), key=state.widget_default("clv_h", c["horizon_months"]),
                                        help=t("help.horizon"))
        if has_profit:
            st.caption(t("controls.margin_profit"))
        else:
            c["margin"] = st.slider(t("controls.margin"), **limits("clv.margin"), format="percent", help=t("help.margin"),
                                    key=state.widget_default("clv_m", float(c["margin"])))
        c["discount_rate"] = st.slider(t("controls.discount"), **limits("clv.discount_rate"), format="percent",
                                       key=state.widget_default("clv_d", float(c["discount_rate"])),
                                       help=t("help.discount"))
        hi = st.slider(t("controls.value_high"), **limits("clv.value_shares.high"), format="percent",
                       key=state.widget_default("clv_hi", float(c["value_shares"][0])))
        mid = st.slider(t("controls.value_mid"), **limits("clv.value_shares.mid"), format="percent",
                        key=state.widget_default("clv_mid", float(c["value_shares"][1])))
        c["value_shares"] = [hi, mid]
        _apply(clv=c)
    return state.scenario()


def backtest_default(date_min: date | None, date_max: date | None) -> date | None:
    """A cut-off leaving the last third of the history (at most a year) to check predictions against."""
    if date_min is None or date_max is None:
        return date_max
    span = (date_max - date_min).days
    return date_max - pd.Timedelta(days=min(span // 3, 365)).to_pytimedelta()
