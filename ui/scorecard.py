"""The scorecard builder: which components make the score, each one's weight, normalisation and missing-value
policy, points tables and ranges, and the ready presets (analytics/scorecard.py, analytics/presets.py)."""
from __future__ import annotations

import json

import pandas as pd

import streamlit as st

from analytics.config import DERIVED_KEYS, DERIVED_NEEDS, Scenario
from analytics.presets import PRESETS, preset_for
from analytics.scorecard import MISSING_POLICIES, NORMALISATIONS, POINTS_ENDS, resolve_points

from . import data, notices, state
from .controls import _apply, attribute_candidates, parse_edges, weight_slider, whole_percents
from .i18n import t
from .safe import md

BUILTIN_ORDER = ("R", "F", "M", "profit") + DERIVED_KEYS
UNDO_KEY = "sc_undo"


def label(key: str) -> str:
    """A component's name in the interface language (attr:column -> the column's label)."""
    if key.startswith("attr:"):
        col = key[5:]
        return t(f"col.{col}", default=col)
    return t(f"controls.weight.{key}")


def available(line_columns, attrs) -> list[str]:
    """Every component the loaded data allows: R, F, M, profit, the derived ones, then customer columns."""
    lines = set(line_columns)
    out = ["R", "F", "M"] + (["profit"] if "profit" in lines else [])
    out += [k for k in DERIVED_KEYS if DERIVED_NEEDS.get(k, "customer_id") in lines or k not in DERIVED_NEEDS]
    return out + ["attr:" + c for c in attribute_candidates(attrs)]


def in_use(s: Scenario) -> list[str]:
    keys = [k for k in BUILTIN_ORDER if float(s.weights.get(k, 0.0)) > 0]
    return keys + ["attr:" + a["column"] for a in s.attributes if float(a.get("weight", 0)) > 0]


def presets_box() -> None:
    """Pick a ready scorecard; applying replaces the components and tiers (undo restores them)."""
    with st.container(border=True):
        st.markdown(f"**{t('sc.presets')}**")
        cols = st.columns([6, 1, 1], vertical_alignment="bottom")
        name = cols[0].selectbox(t("sc.preset"), PRESETS, format_func=lambda p: t(f"sc.preset.{p}"),
                                 key="sc_preset_pick")
        st.caption(t(f"sc.preset_help.{name}"))
        if cols[1].button(t("sc.apply"), key="sc_preset_apply", type="primary"):
            attrs = data.attributes()
            fragment, left_out = preset_for(name, [] if attrs is None else list(attrs.columns), data.line_columns())
            before = state.scenario()
            changed = Scenario.from_dict({**before.to_dict(), **fragment})
            state.set_scenario(changed, reset_widgets=True)
            st.session_state[UNDO_KEY] = (before, name, left_out)
            st.rerun()
        undo = st.session_state.get(UNDO_KEY)
        if undo is not None:
            before, applied, left_out = undo
            text = t("sc.applied", name=t(f"sc.preset.{applied}"))
            if left_out:
                text += " " + t("sc.left_out", what=", ".join(t(f"sc.criterion.{w}") for w in left_out))
            st.info(text, icon=":material/check_circle:")
            if cols[2].button(t("sc.undo"), key="sc_preset_undo"):
                state.set_scenario(before, reset_widgets=True)
                st.session_state.pop(UNDO_KEY, None)
                st.rerun()


def builder(attrs) -> Scenario:
    """Every component's widgets; writes weights, components and attributes back as one change."""
    s = state.scenario()
    options = available(data.line_columns(), attrs)
    kinds = attribute_candidates(attrs)
    chosen = st.multiselect(t("sc.components"), options, format_func=label, select_all=False,
                            key=state.widget_default("sc_components", [k for k in in_use(s) if k in options]),
                            help=t("sc.components_help"))
    top = st.columns(2)
    end = top[0].radio(t("sc.points_end"), POINTS_ENDS, horizontal=True, format_func=lambda e: t(f"sc.end.{e}"),
                       key=state.widget_default("sc_points_end", s.points_end), help=t("help.points_end"))
    basis = s.m_basis
    if "quantity" in data.line_columns():
        basis = top[1].radio(t("sc.m_basis"), ("amount", "quantity"), horizontal=True,
                             format_func=lambda b: t(f"sc.m_basis.{b}"), help=t("help.m_basis"),
                             key=state.widget_default("sc_m_basis", s.m_basis))
    weights, components, specs, problems = {}, {}, [], []
    current_attrs = {a["column"]: a for a in s.attributes}
    for key in chosen:
        attr = key.startswith("attr:")
        col = key[5:] if attr else key
        old = current_attrs.get(col, {}) if attr else dict(s.components.get(key, {}))
        weight_now = float(old.get("weight", 1.0)) if attr else float(s.weights.get(key, 0.0)) or 1.0
        with st.container(border=True, key=f"sc_box_{_safe_key(key)}"):
            head, wcol = st.columns([2, 3])
            head.markdown(f"**{md(label(key))}**")
            if not attr and key in DERIVED_KEYS:
                head.caption(t(f"help.derived.{key}"))
            # its own key: a widget of another page under the same key would start at 0
            weight = weight_slider(t("sc.weight"), f"sc_w_{_safe_key(key)}", weight_now, where=wcol)
            spec, problem = _options(key, col, old, attrs, kinds.get(col) if attr else "number")
            if problem:
                problems.append(problem)
            if attr:
                specs.append({"column": col, "weight": weight, **spec})
            else:
                weights[key] = weight
                if spec:
                    components[key] = spec
    for a in s.attributes:  # customer columns not in the list keep their settings at weight 0
        if "attr:" + a["column"] not in chosen and a["column"] not in kinds:
            specs.append(dict(a))
    if problems:
        notices.input_problem("; ".join(problems), t("controls.in_force.previous"))
        return state.scenario()
    _apply(weights=weights, components=components, attributes=tuple(specs), points_end=end, m_basis=basis)
    return state.scenario()


def _safe_key(key: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in key.encode("utf-8").hex()[:40])


def _options(key: str, col: str, old: dict, attrs, kind: str | None) -> tuple[dict, str | None]:
    """One component's normalisation, direction, edges or points and missing policy."""
    fixed_dir = key in ("R", "F", "M", "profit")
    norms = ["points"] if kind == "category" else list(NORMALISATIONS)  # a category is scored by its points
    default_norm = old.get("normalise") or ("points" if old.get("points") or kind == "category" else
                                            ("minmax" if key.startswith("attr:") else "binned"))
    k = _safe_key(key)
    c1, c2, c3 = st.columns(3)
    norm = c1.selectbox(t("sc.normalise"), norms, format_func=lambda n: t(f"sc.norm.{n}"), help=t("help.normalise"),
                        key=state.widget_default(f"sc_norm_{k}", default_norm if default_norm in norms else norms[0]))
    missing = c2.selectbox(t("sc.missing"), MISSING_POLICIES, format_func=lambda m: t(f"sc.missing.{m}"),
                           help=t("help.missing"), key=state.widget_default(f"sc_miss_{k}", old.get("missing", "worst")))
    spec = {}
    if norm != ("minmax" if key.startswith("attr:") else "binned") or "normalise" in old:
        spec["normalise"] = norm
    if missing != "worst":
        spec["missing"] = missing
    if not fixed_dir and kind != "category":
        default_dir = old.get("direction", "lower" if key == "interval_days" or "overdue" in col or "逾期" in col
                              else "higher")
        direction = c3.radio(t("controls.attribute_direction"), ["higher", "lower"], horizontal=True,
                             format_func=lambda d: t(f"controls.direction.{d}"),
                             key=state.widget_default(f"sc_dir_{k}", default_dir))
        if direction != "higher" or "direction" in old:
            spec["direction"] = direction
    if norm == "thresholds":
        text = st.text_input(t("sc.edges"), help=t("help.edges"),
                             key=state.widget_default(f"sc_edges_{k}", ", ".join(f"{v:g}" for v in old.get("edges", []))))
        edges = parse_edges(text)
        if not edges or edges != sorted(edges) or len(edges) > 20:
            return spec, t("sc.invalid_edges", name=md(label(key)))
        spec["edges"] = edges
    if norm == "points":
        pts, problem = _points_editor(key, col, old, attrs, kind)
        if problem:
            return spec, problem
        spec["points"] = pts
        top = st.number_input(t("sc.max_points"), min_value=0.0, max_value=100.0, step=1.0, help=t("help.max_points"),
                              key=state.widget_default(f"sc_max_{k}", float(old.get("max_points") or 0.0)))
        if top:
            spec["max_points"] = float(top)
    return spec, None


def _points_editor(key, col, old, attrs, kind) -> tuple[object, str | None]:
    """Categories -> points, or value ranges [low, high) -> points; points may be a range like 10-12."""
    k = _safe_key(key)
    pts = old.get("points")
    if kind == "category":
        values = sorted(attrs[col].dropna().astype("str").unique()) if attrs is not None else []
        have = pts if isinstance(pts, dict) else {}
        frame = pd.DataFrame({"value": values, "points": [str(have.get(v, "0")) for v in values]})
        edited = st.data_editor(frame, key=f"w_sc_pts_{k}", hide_index=True, width="stretch", disabled=["value"],
                                column_config={"value": t("controls.attribute_value"),
                                               "points": st.column_config.TextColumn(t("sc.points"), help=t("help.points"))})
        out = {}
        for v, p in zip(edited["value"], edited["points"]):
            text = str(p if p is not None else "0").strip() or "0"
            if resolve_points(text) is None:
                return None, t("sc.invalid_points", name=md(label(key)), value=md(str(v)), points=md(text))
            out[str(v)] = float(text) if _is_plain(text) else text
        return out, None
    rows = pts if isinstance(pts, list) else []
    frame = pd.DataFrame({"low": [r[0] for r in rows], "high": [r[1] for r in rows],
                          "points": [str(r[2]) for r in rows]}).astype({"low": "float64", "high": "float64", "points": "str"})
    edited = st.data_editor(frame, key=f"w_sc_rng_{k}", hide_index=True, width="stretch", num_rows="dynamic",
                            column_config={"low": st.column_config.NumberColumn(t("sc.range_low")),
                                           "high": st.column_config.NumberColumn(t("sc.range_high")),
                                           "points": st.column_config.TextColumn(t("sc.points"), help=t("help.points"))})
    st.caption(t("sc.ranges_help"))
    out = []
    for lo, hi, p in zip(edited["low"], edited["high"], edited["points"]):
        lo = None if pd.isna(lo) else float(lo)
        hi = None if pd.isna(hi) else float(hi)
        text = "0" if p is None or str(p).strip() in ("", "nan", "None") else str(p).strip()
        if resolve_points(text) is None or (lo is not None and hi is not None and lo >= hi):
            return None, t("sc.invalid_range", name=md(label(key)))
        out.append([lo, hi, float(text) if _is_plain(text) else text])
    if not out:
        return None, t("sc.no_ranges", name=md(label(key)))
    return out, None


def _is_plain(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def card_summary(s: Scenario) -> pd.DataFrame:
    """The card as the user reads it: criterion, weight (= maximum points on a 100-point card), share %."""
    keys = in_use(s)
    raw = [float(s.weights.get(k, 0)) for k in keys if not k.startswith("attr:")]
    raw += [float(a.get("weight", 0)) for a in s.attributes if float(a.get("weight", 0)) > 0]
    shares = whole_percents(raw)
    return pd.DataFrame({t("sc.criterion"): [label(k) for k in keys], t("sc.weight"): raw,
                         t("sc.share"): [f"{p}%" for p in shares]})


def scenario_json(s: Scenario) -> str:
    """The scorecard's part of the scenario, as the file holds it (for the page's "as JSON" box)."""
    d = s.to_dict()
    keys = ("weights", "components", "attributes", "points_end", "m_basis", "tier_method", "tiers")
    return json.dumps({k: d[k] for k in keys}, ensure_ascii=False, indent=2)


def points_total_note(s: Scenario) -> str:
    """What the total means: a points card on 100, or weights normalised."""
    total = sum(float(s.weights.get(k, 0)) for k in BUILTIN_ORDER) + sum(float(a.get("weight", 0)) for a in s.attributes)
    return t("sc.total_100") if abs(total - 100) < 1e-9 else t("sc.total_scaled", total=f"{total:g}")

