"""What changed between two scenarios, as short readable lines (the `changes` of a saved version).

One line per changed setting, in the order of the Scenario's fields, `key old -> new`:

    weights.M 1 -> 2                  a number; a weight that is left out counts as 0
    tiers A 75 -> 80                  a tier (matched by name) whose minimum score or share changed
    tiers + D 0 / tiers - D 0         a tier added / removed, with its value
    tiers order A, B, C -> B, A, C    the same tiers in another order
    tier_method score -> share
    lifecycle.at_risk_days 180 -> 120
    as_of (latest) -> 2024-03-31      an empty as_of is the latest order date, an empty lookback_days all history
    abc.A 80% -> 75%                  shares as percents: abc, tier shares, clv margin, discount rate, value shares
    attributes + industry / attributes - industry / attributes.industry.weight 1 -> 2
    playbook.tier.A (built-in) -> 'visit'

Keys the app does not know (kept in `extra`) are compared as values. Numbers are written without trailing
zeros (analytics.config.fmt_value); choices, dates and names as they are; free texts (playbook actions, unknown
keys' values) quoted and cut at 60 characters; a value left out as (none), (latest), (all) or (built-in).
"""
from __future__ import annotations

from analytics.config import DEFAULT_CLV, RFM_KEYS, WEIGHT_KEYS, Scenario, fmt_value

NONE_TEXT = {"as_of": "(latest)", "lookback_days": "(all)"}


def _show(value, share: bool = False, none: str = "(none)", quote: bool = False) -> str:
    if value is None:
        return none
    if isinstance(value, str) and not quote:  # a choice, a date, a name: as it is
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt_value(value, "", "share" if share else "")
    return fmt_value(value)  # texts quoted, lists of numbers in brackets, anything else as JSON


def _pair(key: str, old, new, share: bool = False, none: str = "(none)", quote: bool = False) -> list[str]:
    if old == new:
        return []
    return [f"{key} {_show(old, share, none, quote)} -> {_show(new, share, none, quote)}"]


def _tiers(old: Scenario, new: Scenario) -> list[str]:
    out = []
    old_share, new_share = old.tier_method == "share", new.tier_method == "share"
    before, after = dict(old.tiers), dict(new.tiers)
    for name, value in new.tiers:
        if name not in before:
            out.append(f"tiers + {name} {_show(value, new_share)}")
        elif before[name] != value or old_share != new_share:
            if _show(before[name], old_share) != _show(value, new_share):
                out.append(f"tiers {name} {_show(before[name], old_share)} -> {_show(value, new_share)}")
    for name, value in old.tiers:
        if name not in after:
            out.append(f"tiers - {name} {_show(value, old_share)}")
    kept_old = [n for n, _ in old.tiers if n in after]
    kept_new = [n for n, _ in new.tiers if n in before]
    if kept_old != kept_new:
        out.append(f"tiers order {', '.join(kept_old)} -> {', '.join(kept_new)}")
    return out


def _attributes(old: Scenario, new: Scenario) -> list[str]:
    out = []
    before = {a["column"]: a for a in old.attributes}
    after = {a["column"]: a for a in new.attributes}
    for col, a in after.items():
        if col not in before:
            out.append(f"attributes + {col} (weight {_show(a.get('weight', 1.0))})")
            continue
        b = before[col]
        out += _pair(f"attributes.{col}.weight", b.get("weight", 1.0), a.get("weight", 1.0))
        out += _pair(f"attributes.{col}.direction", b.get("direction", "higher"), a.get("direction", "higher"))
        pb, pa = b.get("points") or {}, a.get("points") or {}
        for k in list(pb) + [k for k in pa if k not in pb]:
            out += _pair(f"attributes.{col}.points.{k}", pb.get(k), pa.get(k))
        for k in sorted((set(a) | set(b)) - {"column", "weight", "direction", "points"}):
            out += _pair(f"attributes.{col}.{k}", b.get(k), a.get(k))
    for col in before:
        if col not in after:
            out.append(f"attributes - {col}")
    kept_old = [c for c in before if c in after]
    kept_new = [c for c in after if c in before]
    if kept_old != kept_new:
        out.append(f"attributes order {', '.join(kept_old)} -> {', '.join(kept_new)}")
    return out


def _playbook(old: Scenario, new: Scenario) -> list[str]:
    out = []
    for kind in ("stage", "tier"):
        b, a = old.playbook.get(kind, {}), new.playbook.get(kind, {})
        for k in list(b) + [k for k in a if k not in b]:
            out += _pair(f"playbook.{kind}.{k}", b.get(k), a.get(k), none="(built-in)", quote=True)
    return out


def _clv(old: Scenario, new: Scenario) -> list[str]:
    out = []
    for k in DEFAULT_CLV:
        b, a = old.clv.get(k), new.clv.get(k)
        if k == "value_shares":
            for i, part in enumerate(("high", "mid")):
                out += _pair(f"clv.value_shares.{part}", b[i] if b else None, a[i] if a else None, share=True)
        else:
            out += _pair(f"clv.{k}", b, a, share=k in ("margin", "discount_rate"))
    return out


def scenario_diff(old: Scenario | None, new: Scenario) -> tuple[str, ...]:
    """The settings that differ from `old` to `new`, one readable line each (see the module docstring).

    `old` None (a scenario's first version: nothing before it) gives no lines."""
    if old is None:
        return ()
    out: list[str] = []
    out += _pair("as_of", old.as_of, new.as_of, none=NONE_TEXT["as_of"])
    out += _pair("lookback_days", old.lookback_days, new.lookback_days, none=NONE_TEXT["lookback_days"])
    out += _pair("bins", old.bins, new.bins)
    out += _pair("score_method", old.score_method, new.score_method)
    for k in RFM_KEYS:
        out += _pair(f"thresholds.{k}", old.thresholds.get(k), new.thresholds.get(k))
    for k in WEIGHT_KEYS:
        out += _pair(f"weights.{k}", float(old.weights.get(k, 0.0)), float(new.weights.get(k, 0.0)))
    out += _attributes(old, new)
    out += _pair("tier_method", old.tier_method, new.tier_method)
    out += _tiers(old, new)
    out += _pair("abc.A", old.abc[0], new.abc[0], share=True)
    out += _pair("abc.B", old.abc[1], new.abc[1], share=True)
    for k in list(old.lifecycle) + [k for k in new.lifecycle if k not in old.lifecycle]:
        out += _pair(f"lifecycle.{k}", old.lifecycle.get(k), new.lifecycle.get(k))
    out += _playbook(old, new)
    out += _clv(old, new)
    for k in list(old.extra) + [k for k in new.extra if k not in old.extra]:
        out += _pair(k, old.extra.get(k), new.extra.get(k), quote=True)
    return tuple(out)
