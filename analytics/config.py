"""Scenario: every tunable number of an analysis, with a JSON round trip.

The app saves and loads the same file the command line reads.
Every key is optional; unknown keys are kept so a newer file survives an older app.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date

SCORE_METHODS = ("quantile", "threshold")
TIER_METHODS = ("score", "share")
RFM_KEYS = ("R", "F", "M")
WEIGHT_KEYS = ("R", "F", "M", "profit")

# Stage rules (stated in analytics/lifecycle.py): windows in days, counts in purchases.
DEFAULT_LIFECYCLE = {"churned_days": 365, "at_risk_days": 180, "loyal_purchases": 10, "loyal_days": 90,
                     "repeat_purchases": 2}
PLAYBOOK_KINDS = ("stage", "tier")
# Predicted value: horizon, margin when the data has no profit column, annual discount rate,
# and the shares of customers in the high and mid value tiers.
DEFAULT_CLV = {"horizon_months": 12, "margin": 0.3, "discount_rate": 0.0, "value_shares": [0.1, 0.2]}

DEFAULT_TIERS_BY_SCORE = (("A", 75.0), ("B", 60.0), ("C", 0.0))
DEFAULT_TIERS_BY_SHARE = (("A", 0.1), ("B", 0.2), ("C", 0.7))
# Custom bin edges per dimension (n - 1 ascending numbers each): R in days, F in purchases,
# M in currency. The defaults suit B2B order data; the app suggests quantile edges of the data.
DEFAULT_THRESHOLDS = {"R": [30.0, 90.0, 180.0, 365.0], "F": [2.0, 4.0, 8.0, 16.0],
                      "M": [1000.0, 5000.0, 20000.0, 100000.0]}

# (name, help) of every key, shown in the app and checked by a test against the dataclass.
HELP = {
    "as_of": "Analysis date D; orders after it are ignored. Empty: the latest order date.",
    "lookback_days": "Only orders in the last N days up to D count. Empty: all history.",
    "bins": "Number of score bins per dimension (quantile method: equal-sized by rank).",
    "score_method": "quantile: bins by rank; threshold: your own bin edges per dimension.",
    "thresholds": "Bin edges per dimension for the threshold method, ascending.",
    "weights": "Relative weight of R, F, M and profit in the 0-100 score; normalised to sum 1.",
    "attributes": "Extra score components from the customers table (numeric or by a points table).",
    "tier_method": "score: tiers by minimum score; share: tiers by share of customers.",
    "tiers": "[name, minimum score] (score) or [name, share of customers] (share), best first.",
    "abc": "Cumulative revenue shares closing classes A and B of the ABC (Pareto) analysis.",
    "lifecycle": "Stage rules: churned_days, at_risk_days (no purchase for more than N days), loyal_purchases "
                 "and loyal_days (N+ purchases, last within N days), repeat_purchases.",
    "clv": "Predicted value: horizon_months, margin (used when there is no profit column), discount_rate "
           "(annual), value_shares ([high, mid] shares of customers by CLV).",
    "playbook": "Your recommended action per lifecycle stage and per tier: {\"stage\": {...}, \"tier\": {...}}; "
                "stages or tiers left out use the built-in suggestion.",
}


class ScenarioError(ValueError):
    """A scenario value that cannot be used; the message names the key."""


@dataclass(frozen=True)
class Scenario:
    as_of: str | None = None
    lookback_days: int | None = None
    bins: int = 5
    score_method: str = "quantile"
    thresholds: dict = field(default_factory=lambda: {k: list(v) for k, v in DEFAULT_THRESHOLDS.items()})
    weights: dict = field(default_factory=lambda: {"R": 1.0, "F": 1.0, "M": 1.0})
    attributes: tuple = ()
    tier_method: str = "score"
    tiers: tuple = DEFAULT_TIERS_BY_SCORE
    abc: tuple = (0.8, 0.95)
    lifecycle: dict = field(default_factory=lambda: dict(DEFAULT_LIFECYCLE))
    playbook: dict = field(default_factory=dict)
    clv: dict = field(default_factory=lambda: {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_CLV.items()})
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        _validate(self)

    def with_changes(self, **changes) -> "Scenario":
        """A copy with some keys changed (validated)."""
        return replace(self, **changes)

    def normalised_weights(self) -> dict:
        """Weights of the components in use, summing to 1 (equal R/F/M if all are zero)."""
        w = {k: float(v) for k, v in self.weights.items() if float(v) > 0}
        for a in self.attributes:
            if float(a.get("weight", 0)) > 0:
                w["attr:" + a["column"]] = float(a["weight"])
        total = sum(w.values())
        if total <= 0:
            return {"R": 1 / 3, "F": 1 / 3, "M": 1 / 3}
        return {k: v / total for k, v in w.items()}

    def as_of_date(self) -> date | None:
        return date.fromisoformat(self.as_of) if self.as_of else None

    def to_dict(self) -> dict:
        d = asdict(self)
        extra = d.pop("extra")
        d["tiers"] = [list(t) for t in self.tiers]
        d["abc"] = list(self.abc)
        d["attributes"] = [dict(a) for a in self.attributes]
        return {**extra, **d}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict) -> "Scenario":
        if not isinstance(data, dict):
            raise ScenarioError("a scenario must be a JSON object")
        known = {f.name for f in fields(cls)} - {"extra"}
        kwargs = {k: v for k, v in data.items() if k in known}
        extra = {k: v for k, v in data.items() if k not in known}
        if "tiers" in kwargs:
            kwargs["tiers"] = _parse_tiers(kwargs["tiers"])
        elif data.get("tier_method") == "share":
            kwargs["tiers"] = DEFAULT_TIERS_BY_SHARE
        if "attributes" in kwargs:
            if not isinstance(kwargs["attributes"], list):
                raise ScenarioError("attributes: expected a list")
            kwargs["attributes"] = tuple(dict(a) for a in kwargs["attributes"])
        if "abc" in kwargs:
            kwargs["abc"] = tuple(kwargs["abc"])
        if "lifecycle" in kwargs:
            if not isinstance(kwargs["lifecycle"], dict):
                raise ScenarioError("lifecycle: expected an object like {\"churned_days\": 365, ...}")
            kwargs["lifecycle"] = {**DEFAULT_LIFECYCLE, **kwargs["lifecycle"]}
        if "clv" in kwargs:
            if not isinstance(kwargs["clv"], dict):
                raise ScenarioError("clv: expected an object like {\"horizon_months\": 12, \"margin\": 0.3}")
            kwargs["clv"] = {**DEFAULT_CLV, **kwargs["clv"]}
        if "playbook" in kwargs:
            pb = kwargs["playbook"]
            if not isinstance(pb, dict) or not all(isinstance(pb.get(k, {}), dict) for k in PLAYBOOK_KINDS):
                raise ScenarioError("playbook: expected {\"stage\": {stage: action}, \"tier\": {tier: action}}")
            kwargs["playbook"] = {k: {str(a): str(b) for a, b in pb[k].items()} for k in PLAYBOOK_KINDS if k in pb}
        if "weights" in kwargs:
            if not isinstance(kwargs["weights"], dict):
                raise ScenarioError("weights: expected an object like {\"R\": 1, \"F\": 1, \"M\": 1}")
            kwargs["weights"] = dict(kwargs["weights"])
        if "thresholds" in kwargs:
            th = {k: list(v) for k, v in DEFAULT_THRESHOLDS.items()}
            th.update({k: list(v) for k, v in dict(kwargs["thresholds"]).items()})
            kwargs["thresholds"] = th
        try:
            return cls(**kwargs, extra=extra)
        except TypeError as e:  # a wrongly typed value deep inside
            raise ScenarioError(f"scenario: {e}") from None

    @classmethod
    def from_json(cls, text: str | bytes) -> "Scenario":
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as e:
            raise ScenarioError(f"not a valid scenario file (JSON error: {e})") from None
        return cls.from_dict(data)


def _parse_tiers(value) -> tuple:
    if not isinstance(value, (list, tuple)) or not value:
        raise ScenarioError("tiers: expected a list like [[\"A\", 75], [\"B\", 60], [\"C\", 0]]")
    out = []
    for item in value:
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            raise ScenarioError(f"tiers: each tier is [name, number], got {item!r}")
        name, num = item
        try:
            out.append((str(name), float(num)))
        except (TypeError, ValueError):
            raise ScenarioError(f"tiers: {name!r} needs a number, got {num!r}") from None
    return tuple(out)


def _number(value, key):
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ScenarioError(f"{key}: expected a number, got {value!r}") from None
    if not math.isfinite(x):
        raise ScenarioError(f"{key}: expected a finite number, got {value!r}")
    return x


def _validate(s: Scenario) -> None:
    if s.as_of is not None:
        try:
            date.fromisoformat(str(s.as_of))
        except ValueError:
            raise ScenarioError(f"as_of: expected a date like 2024-06-30, got {s.as_of!r}") from None
    if s.lookback_days is not None and (not isinstance(s.lookback_days, int) or s.lookback_days < 1):
        raise ScenarioError(f"lookback_days: expected a whole number of days >= 1 or null, got {s.lookback_days!r}")
    if not isinstance(s.bins, int) or not 2 <= s.bins <= 10:
        raise ScenarioError(f"bins: expected a whole number from 2 to 10, got {s.bins!r}")
    if s.score_method not in SCORE_METHODS:
        raise ScenarioError(f"score_method: expected one of {', '.join(SCORE_METHODS)}, got {s.score_method!r}")
    if s.score_method == "threshold":
        for k in RFM_KEYS:
            edges = [_number(v, f"thresholds.{k}") for v in s.thresholds.get(k, [])]
            if len(edges) != s.bins - 1 or edges != sorted(edges):
                raise ScenarioError(f"thresholds.{k}: expected {s.bins - 1} ascending edges for {s.bins} bins, got {edges}")
    for k, v in s.weights.items():
        if k not in WEIGHT_KEYS:
            raise ScenarioError(f"weights: unknown component {k!r} (use {', '.join(WEIGHT_KEYS)})")
        if _number(v, f"weights.{k}") < 0:
            raise ScenarioError(f"weights.{k}: must not be negative")
    for a in s.attributes:
        if not isinstance(a, dict) or not a.get("column"):
            raise ScenarioError(f"attributes: each needs a column, got {a!r}")
        if _number(a.get("weight", 0), f"attributes.{a['column']}.weight") < 0:
            raise ScenarioError(f"attributes.{a['column']}.weight: must not be negative")
        if a.get("direction", "higher") not in ("higher", "lower"):
            raise ScenarioError(f"attributes.{a['column']}.direction: expected higher or lower")
    for k, v in s.lifecycle.items():
        if k not in DEFAULT_LIFECYCLE:
            raise ScenarioError(f"lifecycle: unknown rule {k!r} (use {', '.join(DEFAULT_LIFECYCLE)})")
        if not isinstance(v, int) or isinstance(v, bool) or v < 1:
            raise ScenarioError(f"lifecycle.{k}: expected a whole number >= 1, got {v!r}")
    if s.lifecycle["at_risk_days"] > s.lifecycle["churned_days"]:
        raise ScenarioError("lifecycle: at_risk_days must not exceed churned_days")
    c = s.clv
    if set(c) - set(DEFAULT_CLV):
        raise ScenarioError(f"clv: unknown key {sorted(set(c) - set(DEFAULT_CLV))[0]!r} (use {', '.join(DEFAULT_CLV)})")
    if not isinstance(c.get("horizon_months"), int) or not 1 <= c["horizon_months"] <= 120:
        raise ScenarioError(f"clv.horizon_months: expected a whole number of months from 1 to 120, got {c.get('horizon_months')!r}")
    if not 0 <= _number(c.get("margin"), "clv.margin") <= 1:
        raise ScenarioError(f"clv.margin: expected a share from 0 to 1, got {c['margin']!r}")
    if not 0 <= _number(c.get("discount_rate"), "clv.discount_rate") < 1:
        raise ScenarioError(f"clv.discount_rate: expected an annual rate from 0 to 1, got {c['discount_rate']!r}")
    shares = c.get("value_shares")
    if not isinstance(shares, (list, tuple)) or len(shares) != 2 or sum(_number(v, "clv.value_shares") for v in shares) > 1 \
            or min(shares) < 0:
        raise ScenarioError(f"clv.value_shares: expected [high, mid] shares summing to at most 1, got {shares!r}")
    if s.tier_method not in TIER_METHODS:
        raise ScenarioError(f"tier_method: expected one of {', '.join(TIER_METHODS)}, got {s.tier_method!r}")
    names = [t[0] for t in s.tiers]
    if len(set(names)) != len(names) or any(not n.strip() for n in names):
        raise ScenarioError(f"tiers: names must be distinct and non-empty, got {names}")
    values = [t[1] for t in s.tiers]
    if s.tier_method == "score":
        if values != sorted(values, reverse=True) or any(not 0 <= v <= 100 for v in values):
            raise ScenarioError(f"tiers: minimum scores must run from high to low within 0-100, got {values}")
    else:
        if any(v < 0 for v in values) or sum(values[:-1]) > 1 + 1e-9:
            raise ScenarioError(f"tiers: shares must be >= 0 and the shares before the last may not exceed 1, got {values}")
    a, b = (_number(x, "abc") for x in s.abc)
    if not 0 < a < b <= 1:
        raise ScenarioError(f"abc: expected two cumulative shares 0 < A < B <= 1, got {list(s.abc)}")
