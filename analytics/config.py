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
TIER_METHODS = ("score", "share", "cluster")
RFM_KEYS = ("R", "F", "M")
# R, F, M, profit and the components derived from the orders (analytics/features.DERIVED_COLUMNS)
DERIVED_KEYS = ("growth", "avg_month", "avg_quarter", "margin_pct", "breadth", "interval_days", "quantity")
WEIGHT_KEYS = ("R", "F", "M", "profit") + DERIVED_KEYS
NORMALISATIONS = ("binned", "percentile", "minmax", "thresholds", "points")
MISSING_POLICIES = ("worst", "median", "exclude")
SPLITS = ("mean", "median")
M_BASES = ("amount", "quantity")
CLUSTER_METHODS = ("kmeans", "gmm")
POINTS_ENDS = ("low", "mid", "high")
MAX_OVERRIDES = 2000
DERIVED_HELP = {
    "growth": "Sales growth, (S1 - S0) / S0 (0.25 = +25%): S1 = net sales in the 12 months up to D, S0 in the 12 "
              "before; first purchase 12-24 months back: S1 per month (S1 / 12) against S0 per month since the "
              "first purchase; missing for a first purchase in the last 12 months or a base <= 0.",
    "avg_month": "Average net sales per month: monetary / months from the first purchase to D "
                 "(days / 30.4375, at least 1).",
    "avg_quarter": "Average net sales per quarter: monetary / quarters from the first purchase to D "
                   "(days / 91.3125, at least 1).",
    "margin_pct": "Margin: profit / monetary (0.3 = 30%); missing when monetary <= 0.",
    "breadth": "Category breadth: distinct non-empty categories on the customer's lines with an amount > 0.",
    "interval_days": "Average days between purchases: (last - first purchase) in days / (purchases - 1); "
                     "missing with one purchase.",
    "quantity": "Quantity: the quantity column summed over all the customer's lines, returns included.",
}

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

@dataclass(frozen=True)
class Setting:
    """One tunable value: its type, allowed range, default and help text.

    kind: int, number, share (0-1, shown as a percent), date, choice, text. The scenario validator,
    the command line and every widget's limits read this table, so they cannot disagree."""
    key: str
    kind: str
    default: object = None
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple = ()
    unit: str = ""  # days, months, purchases, points; shares are shown as percents
    example: str = ""
    help: str = ""


def _s(key, kind, default=None, low=None, high=None, step=None, choices=(), unit="", example="", help=""):
    return Setting(key, kind, default, low, high, step, tuple(choices), unit, example, help)


_LIFE_HELP = {"churned_days": "Churned: no purchase for more than N days.",
              "at_risk_days": "At risk: no purchase for more than N days (at most churned_days).",
              "loyal_purchases": "Loyal: at least N purchases ...", "loyal_days": "... and the last within N days.",
              "repeat_purchases": "Repeat: at least N purchases (at most loyal_purchases)."}
_LIFE_LIMITS = {"churned_days": (30, 3650, 30, "days"), "at_risk_days": (15, 3650, 15, "days"),
                "loyal_purchases": (2, 500, 1, "purchases"), "loyal_days": (7, 3650, 15, "days"),
                "repeat_purchases": (2, 100, 1, "purchases")}

SETTINGS = {s.key: s for s in [
    _s("as_of", "date", None, example="2024-06-30",
       help="Analysis date D; orders after it are ignored. Empty: the latest order date. A date outside the data "
            "is moved to the nearest date in the data."),
    _s("lookback_days", "int", None, 0, 3650, 30, unit="days", example="365",
       help="Only orders in the last N days up to D count. Empty or 0: all history."),
    _s("bins", "int", 5, 2, 10, 1, example="5", help="Number of score bins per dimension (quantile method: equal-sized by rank)."),
    _s("score_method", "choice", "quantile", choices=SCORE_METHODS, example='"quantile"',
       help="quantile: bins by rank; threshold: your own bin edges per dimension."),
    *[_s(f"thresholds.{k}", "edges", DEFAULT_THRESHOLDS[k], unit=u, example=str(DEFAULT_THRESHOLDS[k]),
         help=f"Bin edges of {k} for the threshold method ({u}): bins - 1 ascending numbers.")
      for k, u in zip(RFM_KEYS, ("days", "purchases", "currency"))],
    *[_s(f"weights.{k}", "number", 1.0 if k in RFM_KEYS else 0.0, 0.0, 100.0, 0.5, example="1",
         help=f"Relative weight of {k} in the 0-100 score; weights are normalised to sum to 1."
              + (" " + DERIVED_HELP[k] if k in DERIVED_HELP else ""))
      for k in WEIGHT_KEYS],
    _s("components.normalise", "choice", "binned", choices=NORMALISATIONS, example='"percentile"',
       help="How a component is put on 0-1: binned (scores 1..n as R/F/M), percentile (rank among customers), "
            "minmax ((v - min) / (max - min)), thresholds (your own edges: share of edges passed), points "
            "(categories or value ranges mapped to points, / the maximum)."),
    _s("components.edges", "edges", None, example="[50000, 500000, 5000000]",
       help="thresholds: ascending raw values; x = edges passed / number of edges."),
    _s("components.missing", "choice", "worst", choices=MISSING_POLICIES, example='"median"',
       help="A missing value: worst (counts 0), median (the median of the others), exclude (left out of "
            "that customer's score, the other weights rescaled)."),
    _s("components.max_points", "number", None, 0.0, 100.0, 1.0, unit="points", example="15",
       help="points: the points worth x = 1 (default: the largest points in the table)."),
    _s("points_end", "choice", "low", choices=POINTS_ENDS, example='"mid"',
       help="Points given as a range (\"10-15\"): which end applies: low, mid or high."),
    _s("attributes.weight", "number", 1.0, 0.0, 100.0, 0.5, example="1",
       help="Weight of an extra score component from the customers table."),
    _s("attributes.direction", "choice", "higher", choices=("higher", "lower"), example='"lower"',
       help="For a number column: whether a higher or a lower value is better."),
    _s("attributes.points", "number", 5.0, 0.0, 100.0, 1.0, unit="points", example='{"政府": 15, "民营": 5}',
       help="For a category column: points per value, scaled 0-1 by the largest."),
    _s("tier_method", "choice", "score", choices=TIER_METHODS, example='"score"',
       help="score: tiers by minimum score; share: tiers by share of customers; cluster: the adopted suggested "
            "segments."),
    _s("tiers.count", "int", 3, 2, 6, 1, example='[["A", 75], ["B", 60], ["C", 0]]', help="Number of tiers, best first."),
    _s("tiers.name", "text", "A", 1, 40, example='"VIP"', help="A tier's name: 1-40 characters, distinct."),
    _s("tiers.min_score", "number", 0.0, 0.0, 100.0, 5.0, example="75",
       help="score method: the lowest score in the tier; from high to low, the last tier 0."),
    _s("tiers.share", "share", 0.1, 0.0, 1.0, 0.05, example="0.1",
       help="share method: the share of customers in the tier; the last tier takes the rest."),
    _s("abc.A", "share", 0.8, 0.01, 0.99, 0.01, example="0.8", help="Cumulative revenue share closing class A."),
    _s("abc.B", "share", 0.95, 0.02, 1.0, 0.01, example="0.95", help="Cumulative revenue share closing class B (above A)."),
    _s("eight_class_split", "choice", "mean", choices=SPLITS, example='"median"',
       help="The eight-class model calls R, F and M high when better than the population's mean (default) or median."),
    _s("m_basis", "choice", "amount", choices=M_BASES, example='"quantity"',
       help="What M ranks: net amount (default) or quantity bought (needs a quantity column)."),
    _s("tier_within", "text", None, 1, 200, example='"region"',
       help="Share tiers within a slice: the shares apply inside each value of this customer column "
            "(\"top 10% per region\"); customers without a value form their own slice. Score tiers ignore it."),
    _s("overrides.reason", "text", "", 0, 500, example='{"C00042": {"tier": "A", "reason": "strategic account"}}',
       help="A customer's tier set by hand, with the reason; it replaces the tier from the score and is "
            "shown and exported as an override."),
    _s("clusters.k", "int", None, 2, 12, 1, example="4",
       help="Suggested segments: the number of clusters; empty: the number with the best silhouette."),
    _s("clusters.seed", "int", 0, 0, 2**31 - 1, 1, example="0", help="Suggested segments: the random seed."),
    _s("clusters.method", "choice", "kmeans", choices=CLUSTER_METHODS, example='"gmm"',
       help="Suggested segments: k-means or a Gaussian mixture, on standardised log R/F/M (+ chosen columns)."),
    *[_s(f"lifecycle.{k}", "int", DEFAULT_LIFECYCLE[k], lo, hi, st, unit=u, example=str(DEFAULT_LIFECYCLE[k]),
         help=_LIFE_HELP[k]) for k, (lo, hi, st, u) in _LIFE_LIMITS.items()],
    _s("playbook.action", "text", "", 0, 500, example='{"stage": {"at_risk": "call them"}, "tier": {"A": "visit"}}',
       help="Your action per lifecycle stage and per tier; left out: the built-in suggestion."),
    _s("playbook.service", "number", None, 0.0, 100.0, 0.5, unit="calls a month", example='{"A": 4, "B": 2, "C": 0.5}',
       help="Service level per tier for the account managers' workload: calls a month per customer (default: the "
            "best tier 4, each tier below half as many, at least 0.5; the last tier 0.5)."),
    _s("clv.horizon_months", "int", 12, 1, 36, 1, unit="months", example="12", help="How far ahead value is predicted."),
    _s("clv.margin", "share", 0.3, 0.0, 1.0, 0.01, example="0.3",
       help="Gross margin, used when the data has no profit column."),
    _s("clv.discount_rate", "share", 0.0, 0.0, 0.5, 0.01, example="0.1",
       help="Annual discount rate; future value is discounted month by month."),
    _s("clv.value_shares.high", "share", 0.1, 0.01, 0.5, 0.01, example="0.1",
       help="Share of customers in the high value tier (by predicted value)."),
    _s("clv.value_shares.mid", "share", 0.2, 0.0, 0.5, 0.01, example="0.2", help="Share of customers in the mid value tier."),
]}

# Limits on a scenario as text: a link or file past them is refused whole (the defaults apply).
MAX_SCENARIO_CHARS = 64_000
MAX_SCENARIO_DEPTH = 6
MAX_ATTRIBUTES = 20
MAX_POINTS = 100

# (name, help) of every key, shown in the app and checked by a test against the dataclass.
HELP = {
    "as_of": SETTINGS["as_of"].help,
    "lookback_days": SETTINGS["lookback_days"].help,
    "bins": SETTINGS["bins"].help,
    "score_method": SETTINGS["score_method"].help,
    "thresholds": "Bin edges per dimension for the threshold method, ascending.",
    "weights": "Relative weight of R, F, M and profit in the 0-100 score; normalised to sum 1.",
    "attributes": "Extra score components from the customers table (numeric or by a points table).",
    "tier_method": SETTINGS["tier_method"].help,
    "tiers": "[name, minimum score] (score) or [name, share of customers] (share), best first.",
    "abc": "Cumulative revenue shares closing classes A and B of the ABC (Pareto) analysis.",
    "lifecycle": "Stage rules: churned_days, at_risk_days (no purchase for more than N days), loyal_purchases "
                 "and loyal_days (N+ purchases, last within N days), repeat_purchases.",
    "clv": "Predicted value: horizon_months, margin (used when there is no profit column), discount_rate "
           "(annual), value_shares ([high, mid] shares of customers by CLV).",
    "playbook": "Your recommended action per lifecycle stage and per tier: {\"stage\": {...}, \"tier\": {...}}; "
                "stages or tiers left out use the built-in suggestion; \"service\": {tier: calls a month} sets the "
                "account managers' workload per tier.",
    "components": "How each built-in or derived component is put on 0-1: {\"growth\": {\"normalise\": \"percentile\", "
                  "\"missing\": \"median\"}}; keys normalise, edges, points, max_points, missing, direction "
                  "(attributes take the same keys).",
    "points_end": SETTINGS["points_end"].help,
    "eight_class_split": SETTINGS["eight_class_split"].help,
    "m_basis": SETTINGS["m_basis"].help,
    "tier_within": SETTINGS["tier_within"].help,
    "overrides": SETTINGS["overrides.reason"].help,
    "clusters": "Suggested segments adopted as tiers (tier_method \"cluster\"): {\"method\": \"kmeans\", \"k\": 4, "
                "\"seed\": 0, \"columns\": [customer columns]}; the tiers' names are the clusters' labels, best "
                "(highest mean revenue) first.",
}


def fmt_value(value, unit: str = "", kind: str = "") -> str:
    """A value in the units of its input: shares as percents (0.8 -> 80%), numbers without trailing zeros."""
    if isinstance(value, (list, tuple)) and value and all(_is_number(v) for v in value):
        return "[" + ", ".join(fmt_value(v, "", kind) for v in value) + "]"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    if kind == "share":
        return f"{value * 100:.6g}%"
    sep = "" if unit and not unit.isascii() else " "
    return f"{value:.10g}" + (f"{sep}{unit}" if unit and unit != "currency" else "")


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
    components: dict = field(default_factory=dict)
    points_end: str = "low"
    eight_class_split: str = "mean"
    m_basis: str = "amount"
    tier_within: str | None = None
    overrides: dict = field(default_factory=dict)
    clusters: dict = field(default_factory=dict)
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
            book = {k: {str(a): str(b) for a, b in pb[k].items()} for k in PLAYBOOK_KINDS if k in pb}
            if isinstance(pb.get("service"), dict):
                book["service"] = {str(a): _number(b, f"playbook.service.{a}") for a, b in pb["service"].items()}
            kwargs["playbook"] = book
        if "weights" in kwargs:
            if not isinstance(kwargs["weights"], dict):
                raise ScenarioError("weights: expected an object like {\"R\": 1, \"F\": 1, \"M\": 1}")
            kwargs["weights"] = dict(kwargs["weights"])
        for key in ("components", "overrides", "clusters"):
            if key in kwargs:
                if not isinstance(kwargs[key], dict):
                    raise ScenarioError(f"{key}: expected an object")
                kwargs[key] = {str(k): (dict(v) if isinstance(v, dict) else v) for k, v in kwargs[key].items()}
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


def _check_component(key: str, spec) -> None:
    """A component's options (see analytics/scorecard.py): normalise, edges, points, max_points, missing, direction."""
    if not isinstance(spec, dict):
        raise ScenarioError(f"{key}: expected an object like {{\"normalise\": \"percentile\"}}")
    if spec.get("normalise", "binned") not in NORMALISATIONS:
        raise ScenarioError(f"{key}.normalise: expected one of {', '.join(NORMALISATIONS)}, got {spec.get('normalise')!r}")
    if spec.get("missing", "worst") not in MISSING_POLICIES:
        raise ScenarioError(f"{key}.missing: expected one of {', '.join(MISSING_POLICIES)}, got {spec.get('missing')!r}")
    if spec.get("direction", "higher") not in ("higher", "lower"):
        raise ScenarioError(f"{key}.direction: expected higher or lower")
    edges = spec.get("edges")
    if edges is not None:
        nums = [_number(v, f"{key}.edges") for v in edges] if isinstance(edges, (list, tuple)) else None
        if not nums or nums != sorted(nums) or len(nums) > 20:
            raise ScenarioError(f"{key}.edges: expected 1-20 ascending numbers, got {edges!r}")
    if spec.get("normalise") == "thresholds" and not edges:
        raise ScenarioError(f"{key}: the thresholds normalisation needs edges")
    if spec.get("max_points") is not None:
        _number(spec["max_points"], f"{key}.max_points")
    pts = spec.get("points")
    if pts is not None and not isinstance(pts, (dict, list, tuple)):
        raise ScenarioError(f"{key}.points: expected {{category: points}} or [[low, high, points], ...]")
    if spec.get("normalise") == "points" and not pts:
        raise ScenarioError(f"{key}: the points normalisation needs a points table")


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


def _bounds(key: str) -> tuple:
    st = SETTINGS[key]
    return st.low, st.high


def _in_range(value, key: str) -> bool:
    low, high = _bounds(key)
    return (low is None or value >= low) and (high is None or value <= high)


def _range_text(key: str) -> str:
    st = SETTINGS[key]
    return f"from {fmt_value(st.low, st.unit, st.kind)} to {fmt_value(st.high, st.unit, st.kind)}"


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate(s: Scenario) -> None:
    """Strict check of a scenario built in code (widgets, tests); read_scenario corrects instead."""
    if s.as_of is not None:
        try:
            date.fromisoformat(str(s.as_of))
        except ValueError:
            raise ScenarioError(f"as_of: expected a date like 2024-06-30, got {s.as_of!r}") from None
    if s.lookback_days is not None and (not _whole(s.lookback_days) or not 1 <= s.lookback_days <= _bounds("lookback_days")[1]):
        raise ScenarioError(f"lookback_days: expected a whole number of days {_range_text('lookback_days')} or null, "
                            f"got {s.lookback_days!r}")
    if not _whole(s.bins) or not _in_range(s.bins, "bins"):
        raise ScenarioError(f"bins: expected a whole number {_range_text('bins')}, got {s.bins!r}")
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
        if not _in_range(_number(v, f"weights.{k}"), f"weights.{k}"):
            raise ScenarioError(f"weights.{k}: expected {_range_text(f'weights.{k}')}, got {v!r}")
    for a in s.attributes:
        if not isinstance(a, dict) or not a.get("column"):
            raise ScenarioError(f"attributes: each needs a column, got {a!r}")
        if not _in_range(_number(a.get("weight", 0), f"attributes.{a['column']}.weight"), "attributes.weight"):
            raise ScenarioError(f"attributes.{a['column']}.weight: expected {_range_text('attributes.weight')}")
        if a.get("direction", "higher") not in ("higher", "lower"):
            raise ScenarioError(f"attributes.{a['column']}.direction: expected higher or lower")
    for k, v in s.lifecycle.items():
        if k not in DEFAULT_LIFECYCLE:
            raise ScenarioError(f"lifecycle: unknown rule {k!r} (use {', '.join(DEFAULT_LIFECYCLE)})")
        if not _whole(v) or v < 1:
            raise ScenarioError(f"lifecycle.{k}: expected a whole number >= 1, got {v!r}")
    if s.lifecycle["at_risk_days"] > s.lifecycle["churned_days"]:
        raise ScenarioError("lifecycle: at_risk_days must not exceed churned_days")
    if s.lifecycle["repeat_purchases"] > s.lifecycle["loyal_purchases"]:
        raise ScenarioError("lifecycle: repeat_purchases must not exceed loyal_purchases")
    c = s.clv
    if set(c) - set(DEFAULT_CLV):
        raise ScenarioError(f"clv: unknown key {sorted(set(c) - set(DEFAULT_CLV))[0]!r} (use {', '.join(DEFAULT_CLV)})")
    if not _whole(c.get("horizon_months")) or not _in_range(c["horizon_months"], "clv.horizon_months"):
        raise ScenarioError(f"clv.horizon_months: expected a whole number of months {_range_text('clv.horizon_months')}, "
                            f"got {c.get('horizon_months')!r}")
    for k in ("margin", "discount_rate"):
        if not _in_range(_number(c.get(k), f"clv.{k}"), f"clv.{k}"):
            raise ScenarioError(f"clv.{k}: expected {_range_text(f'clv.{k}')}, got {c[k]!r}")
    shares = c.get("value_shares")
    if not isinstance(shares, (list, tuple)) or len(shares) != 2 or sum(_number(v, "clv.value_shares") for v in shares) > 1 \
            or min(shares) < 0:
        raise ScenarioError(f"clv.value_shares: expected [high, mid] shares summing to at most 1, got {shares!r}")
    for k, spec in s.components.items():
        if k not in WEIGHT_KEYS:
            raise ScenarioError(f"components: unknown component {k!r} (use {', '.join(WEIGHT_KEYS)})")
        _check_component(f"components.{k}", spec)
    for a in s.attributes:
        _check_component(f"attributes.{a['column']}", {k: v for k, v in a.items() if k not in ("column", "weight")})
    for key, choices in (("points_end", POINTS_ENDS), ("eight_class_split", SPLITS), ("m_basis", M_BASES)):
        if getattr(s, key) not in choices:
            raise ScenarioError(f"{key}: expected one of {', '.join(choices)}, got {getattr(s, key)!r}")
    if s.tier_within is not None and (not isinstance(s.tier_within, str) or not s.tier_within.strip()
                                      or len(s.tier_within) > 200):
        raise ScenarioError(f"tier_within: expected a customer column name or null, got {s.tier_within!r}")
    if not isinstance(s.overrides, dict) or len(s.overrides) > MAX_OVERRIDES:
        raise ScenarioError(f"overrides: expected at most {MAX_OVERRIDES} entries like {SETTINGS['overrides.reason'].example}")
    for cid, o in s.overrides.items():
        if not isinstance(o, dict) or not isinstance(o.get("tier"), str) or not isinstance(o.get("reason", ""), str) \
                or len(o.get("reason", "")) > 500:
            raise ScenarioError(f"overrides.{cid}: expected {{\"tier\": name, \"reason\": text up to 500 characters}}")
    if not isinstance(s.clusters, dict) or set(s.clusters) - {"method", "k", "seed", "columns"}:
        raise ScenarioError("clusters: expected {\"method\", \"k\", \"seed\", \"columns\"}")
    if s.tier_method not in TIER_METHODS:
        raise ScenarioError(f"tier_method: expected one of {', '.join(TIER_METHODS)}, got {s.tier_method!r}")
    if not _in_range(len(s.tiers), "tiers.count"):
        raise ScenarioError(f"tiers: expected {_range_text('tiers.count')} tiers, got {len(s.tiers)}")
    names = [t[0] for t in s.tiers]
    if len(set(names)) != len(names) or any(not n.strip() or len(n) > _bounds("tiers.name")[1] for n in names):
        raise ScenarioError(f"tiers: names must be distinct, non-empty and at most 40 characters, got {names}")
    values = [t[1] for t in s.tiers]
    if s.tier_method == "cluster":
        pass  # the tiers are the adopted clusters' labels, best first; their numbers are not used
    elif s.tier_method == "score":
        if values != sorted(values, reverse=True) or any(not 0 <= v <= 100 for v in values):
            raise ScenarioError(f"tiers: minimum scores must run from high to low within 0-100, got {values}")
    else:
        if any(v < 0 for v in values) or sum(values[:-1]) > 1 + 1e-9:
            raise ScenarioError(f"tiers: shares must be >= 0 and the shares before the last may not exceed 1, got {values}")
    a, b = (_number(x, "abc") for x in s.abc)
    if not 0 < a < b <= 1:
        raise ScenarioError(f"abc: expected two cumulative shares 0 < A < B <= 1, got {list(s.abc)}")


# ---------------------------------------------------------------------------------------------
# Reading a scenario from a link, a file or the command line: validated once, as a whole.
# A value out of range is corrected to the nearest allowed one, a value of the wrong shape is
# refused (its default applies), and each is reported as a Notice; the rest still applies.

NOTICE_TEXT = {
    "above": "{key}: {value} is above the maximum {high}; using {fixed}.",
    "below": "{key}: {value} is below the minimum {low}; using {fixed}.",
    "whole": "{key}: {value} is not a whole number; using {fixed}.",
    "too_long": "{key}: {value} is longer than {high} characters; using {fixed}.",
    "outside_data": "{key}: {value} is outside the data ({low} to {high}); using {fixed}.",
    "shape": "{key}: {value} is not of the expected form (e.g. {example}); using {fixed}.",
    "unknown": "{key}: not a known setting; ignored.",
    "order": "{key}: {value} is not in the required order; using {fixed}.",
    "sorted": "{key}: {value} was not in ascending order; using {fixed}.",
    "duplicate": "{key}: the names {value} must be distinct and not empty; using {fixed}.",
    "sum": "{key}: the shares {value} add up to more than 100%; using {fixed}.",
    "count": "{key}: {value} has the wrong number of entries (expected {range}); using {fixed}.",
    "last": "{key}: the last tier takes every remaining customer; using {fixed}.",
    "too_large": "the scenario has {value} characters, more than the limit of {high}; it was ignored and the defaults apply.",
    "too_deep": "the scenario is nested more than {high} levels deep; it was ignored and the defaults apply.",
    "not_json": "the scenario is not valid JSON ({value}); it was ignored and the defaults apply.",
    "not_object": "a scenario must be a JSON object like {example}; it was ignored and the defaults apply.",
    "missing_column": "{key}: the column {value} is not in the data; ignored.",
}
# What is used instead, when it is not a value: words the app translates.
FIXED_TEXT = {"@latest": "the latest order date", "@left_out": "nothing (left out)", "@quantile": "the quantile method",
              "@builtin": "the built-in suggestion", "@all": "all history"}
# The expected form of each block, shown when a value has the wrong shape.
EXAMPLES = {
    "weights": '{"R": 1, "F": 1, "M": 2}', "thresholds": '{"R": [30, 90, 180, 365], "F": [...], "M": [...]}',
    "attributes": '[{"column": "industry", "weight": 1, "points": {"政府": 15}}]',
    "tiers": '[["A", 75], ["B", 60], ["C", 0]]', "abc": "[0.8, 0.95]", "lifecycle": '{"churned_days": 365}',
    "clv": '{"horizon_months": 12, "margin": 0.3}', "clv.value_shares": "[0.1, 0.2]",
    "playbook": '{"stage": {"at_risk": "call them"}, "tier": {"A": "visit"}}', "scenario": '{"bins": 5}',
    "playbook.service": '{"A": 4, "B": 2, "C": 0.5}',
}
# unknown keys are said and skipped, not refused: a newer file still runs on an older app
REFUSED = {"shape", "order", "duplicate", "sum", "count", "too_large", "too_deep", "not_json", "not_object",
           "missing_column"}


@dataclass(frozen=True)
class Notice:
    """One correction or refusal made while reading a scenario. The values are raw; params() formats
    them in the units of their input (shares as percents)."""
    key: str
    code: str
    value: object = None
    fixed: object = None
    low: object = None
    high: object = None
    setting: str = ""  # the SETTINGS key that gives kind and unit, when there is one

    @property
    def refused(self) -> bool:
        return self.code in REFUSED

    def params(self, words: dict | None = None) -> dict:
        """The message's values as text: in the setting's units, fixed words from `words` (English by default)."""
        st = SETTINGS.get(self.setting)
        kind, unit = (st.kind, st.unit) if st else ("", "")
        if self.code in ("not_json", "too_deep", "too_large", "count", "too_long"):
            kind, unit = "", ""
        unit = (words or {}).get(f"unit.{unit}", unit)
        root = self.key if self.key in EXAMPLES else next(
            (k for k in (self.setting, self.key.split(".")[0].split("[")[0]) if k in EXAMPLES), "")
        example = EXAMPLES.get(self.key) or (st.example if st and self.code != "shape" else None) \
            or EXAMPLES.get(root) or (st.example if st else "")

        def show(v):
            if isinstance(v, str) and v.startswith("@"):
                return (words or FIXED_TEXT).get(v, FIXED_TEXT.get(v, v))
            if isinstance(v, str) and self.code in ("outside_data", "not_json", "too_long"):
                return v
            return fmt_value(v, unit, kind)
        low = show(self.low) if self.low is not None else ""
        high = show(self.high) if self.high is not None else ""
        fixed = self.fixed if isinstance(self.fixed, str) and not self.fixed.startswith("@") else show(self.fixed)
        value = fmt_value(self.value) if self.code == "shape" else show(self.value)  # as written
        return {"key": self.key, "value": value, "fixed": fixed if self.fixed is not None else "-",
                "low": low, "high": high, "range": high if low == high else f"{low}-{high}", "example": example}

    def message(self) -> str:
        return NOTICE_TEXT[self.code].format(**self.params())

    def problem(self) -> str:
        """The message without what is used instead (for the command line, which stops on a refusal)."""
        return NOTICE_TEXT[self.code].split("; ")[0].format(**self.params()).rstrip(".") + "."


def json_depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings, found without parsing (deep JSON crashes the parser)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def read_scenario(source) -> tuple["Scenario", list[Notice]]:
    """A usable Scenario from JSON text, bytes or a dict, and the notices of what was corrected or refused.

    Never raises: a scenario past the size or depth limits, or not JSON, gives the defaults and one notice."""
    if isinstance(source, (bytes, bytearray)):
        if len(source) > MAX_SCENARIO_CHARS * 4:
            return Scenario(), [Notice("scenario", "too_large", len(source), high=MAX_SCENARIO_CHARS)]
        try:
            source = bytes(source).decode("utf-8-sig")
        except UnicodeDecodeError as e:
            return Scenario(), [Notice("scenario", "not_json", f"not UTF-8 text at byte {e.start}")]
    if isinstance(source, str):
        if len(source) > MAX_SCENARIO_CHARS:
            return Scenario(), [Notice("scenario", "too_large", len(source), high=MAX_SCENARIO_CHARS)]
        if json_depth(source) > MAX_SCENARIO_DEPTH:
            return Scenario(), [Notice("scenario", "too_deep", high=MAX_SCENARIO_DEPTH)]
        try:
            source = json.loads(source)
        except ValueError as e:
            return Scenario(), [Notice("scenario", "not_json", str(e))]
    if not isinstance(source, dict):
        return Scenario(), [Notice("scenario", "not_object")]
    reader = _Reader()
    kwargs, extra = reader.read(source)
    try:
        return Scenario(**kwargs, extra=extra), reader.notices
    except (ScenarioError, TypeError, ValueError) as e:  # a combination the reader missed: never fail the caller
        return Scenario(extra=extra), reader.notices + [Notice("scenario", "not_json", str(e))]


# what a derived component needs in the order lines
DERIVED_NEEDS = {"margin_pct": "profit", "breadth": "category", "quantity": "quantity"}


def fit_to_data(scenario: "Scenario", first: date | None, last: date | None,
                columns=None, line_columns=None) -> tuple["Scenario", list[Notice]]:
    """Corrections that need the loaded data: an as-of date outside it moves to the nearest date in it;
    score components naming a customer column the data lacks are dropped, and so is the slice of
    tier_within; components derived from an order column the lines lack (line_columns) get weight 0
    and M ranks the amount when there is no quantity."""
    notices, changes = [], {}
    day = scenario.as_of_date()
    if day is not None and first is not None and last is not None and not first <= day <= last:
        fixed = min(max(day, first), last)
        notices.append(Notice("as_of", "outside_data", day.isoformat(), fixed.isoformat(), first.isoformat(),
                              last.isoformat(), "as_of"))
        changes["as_of"] = None if fixed == last else fixed.isoformat()
    if columns is not None and scenario.attributes:
        kept = tuple(a for a in scenario.attributes if a["column"] in set(columns))
        for a in scenario.attributes:
            if a not in kept:
                notices.append(Notice(f"attributes.{a['column']}", "missing_column", a["column"]))
        if len(kept) != len(scenario.attributes):
            changes["attributes"] = kept
    if columns is not None and scenario.tier_within and scenario.tier_within not in set(columns):
        notices.append(Notice("tier_within", "missing_column", scenario.tier_within))
        changes["tier_within"] = None
    if line_columns is not None:
        lines = set(line_columns)
        weights = dict(scenario.weights)
        for k, need in DERIVED_NEEDS.items():
            if weights.get(k, 0) and need not in lines:
                notices.append(Notice(f"weights.{k}", "missing_column", need))
                weights.pop(k)
        if weights != scenario.weights:
            changes["weights"] = weights
        if scenario.m_basis == "quantity" and "quantity" not in lines:
            notices.append(Notice("m_basis", "missing_column", "quantity"))
            changes["m_basis"] = "amount"
    return (scenario.with_changes(**changes) if changes else scenario), notices


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


class _Reader:
    def __init__(self):
        self.notices: list[Notice] = []

    def note(self, key, code, value=None, fixed=None, low=None, high=None, setting=""):
        self.notices.append(Notice(key, code, value, fixed, low, high, setting))

    def number(self, key, value, setting, default):
        """A number in the setting's range: clamped with a notice, or the default when not a number."""
        st = SETTINGS[setting]
        if not _is_number(value):
            self.note(key, "shape", value, default, setting=setting)
            return default
        if st.kind == "int" and value != int(value):
            self.note(key, "whole", value, round(value), setting=setting)
            value = round(value)
        if st.kind == "int":
            value = int(value)
        if st.low is not None and value < st.low:
            self.note(key, "below", value, st.low, low=st.low, setting=setting)
            return type(value)(st.low)
        if st.high is not None and value > st.high:
            self.note(key, "above", value, st.high, high=st.high, setting=setting)
            return type(value)(st.high)
        return value

    def choice(self, key, value, setting):
        st = SETTINGS[setting]
        if value in st.choices:
            return value
        self.note(key, "shape", value, st.default, setting=setting)
        return st.default

    def mapping(self, key, value, setting, example_default):
        if isinstance(value, dict):
            return value
        self.note(key, "shape", value, example_default, setting=setting)
        return None

    def read(self, data: dict) -> tuple[dict, dict]:
        known = {f.name for f in fields(Scenario)} - {"extra"}
        kw = {}
        extra = {k: v for k, v in data.items() if k not in known}
        if "as_of" in data and data["as_of"] is not None:
            v = data["as_of"]
            try:
                kw["as_of"] = date.fromisoformat(v).isoformat() if isinstance(v, str) else None
            except ValueError:
                kw["as_of"] = None
            if kw["as_of"] is None:
                self.note("as_of", "shape", v, "@latest", setting="as_of")
        if data.get("lookback_days") is not None:
            days = self.number("lookback_days", data["lookback_days"], "lookback_days", 0)
            kw["lookback_days"] = days or None
        if "bins" in data:
            kw["bins"] = self.number("bins", data["bins"], "bins", 5)
        if "score_method" in data:
            kw["score_method"] = self.choice("score_method", data["score_method"], "score_method")
        if "tier_method" in data:
            kw["tier_method"] = self.choice("tier_method", data["tier_method"], "tier_method")
        if "thresholds" in data:
            self._thresholds(data["thresholds"], kw)
        if "weights" in data:
            w = self.mapping("weights", data["weights"], "weights.R", {"R": 1, "F": 1, "M": 1})
            if w is not None:
                kw["weights"] = {}
                for k, v in w.items():
                    if k not in WEIGHT_KEYS:
                        self.note(f"weights.{k}", "unknown")
                    else:
                        kw["weights"][k] = float(self.number(f"weights.{k}", v, f"weights.{k}", 1.0 if k != "profit" else 0.0))
        if "attributes" in data:
            self._attributes(data["attributes"], kw)
        method = kw.get("tier_method", "score")
        if "tiers" in data:
            kw["tiers"] = self._tiers(data["tiers"], method)
        elif method == "share":
            kw["tiers"] = DEFAULT_TIERS_BY_SHARE
        if "abc" in data:
            self._abc(data["abc"], kw)
        if "lifecycle" in data:
            self._lifecycle(data["lifecycle"], kw)
        if "clv" in data:
            self._clv(data["clv"], kw)
        if "playbook" in data:
            self._playbook(data["playbook"], kw)
        if "components" in data:
            self._components(data["components"], kw)
        for key in ("points_end", "eight_class_split", "m_basis"):
            if key in data:
                kw[key] = self.choice(key, data[key], key)
        if data.get("tier_within") is not None:
            v = data["tier_within"]
            if isinstance(v, str) and v.strip() and len(v) <= 200:
                kw["tier_within"] = v
            else:
                self.note("tier_within", "shape", v, "@left_out", setting="tier_within")
        if "overrides" in data:
            self._overrides(data["overrides"], kw)
        if "clusters" in data:
            self._clusters(data["clusters"], kw)
        self._edges_fit_bins(kw)
        return kw, extra

    def _options(self, key: str, spec: dict, skip=()) -> dict | None:
        """A component's options, each checked; None when the whole entry cannot be used."""
        out = {}
        for k, v in spec.items():
            if k in skip:
                continue
            if k in ("normalise", "missing"):
                out[k] = self.choice(f"{key}.{k}", v, f"components.{k}")
            elif k == "direction":
                out[k] = self.choice(f"{key}.direction", v, "attributes.direction")
            elif k == "edges":
                if not isinstance(v, list) or not 1 <= len(v) <= 20 or not all(_is_number(x) for x in v):
                    self.note(f"{key}.edges", "shape", v, "@left_out", setting="components.edges")
                elif v != sorted(v):
                    self.note(f"{key}.edges", "sorted", v, sorted(v), setting="components.edges")
                    out[k] = [float(x) for x in sorted(v)]
                else:
                    out[k] = [float(x) for x in v]
            elif k == "max_points":
                if v is not None:
                    out[k] = float(self.number(f"{key}.max_points", v, "components.max_points", 100.0))
            elif k == "points":
                pts = self._points(f"{key}.points", v)
                if pts is not None:
                    out[k] = pts
            else:
                self.note(f"{key}.{k}", "unknown")
        if out.get("normalise") == "thresholds" and not out.get("edges"):
            self.note(f"{key}.normalise", "shape", "thresholds", "@left_out", setting="components.edges")
            out.pop("normalise")
        if out.get("normalise") == "points" and not out.get("points"):
            self.note(f"{key}.normalise", "shape", "points", "@left_out", setting="attributes.points")
            out.pop("normalise")
        return out

    def _points(self, key: str, value):
        """{category: points} or [[low, high, points], ...]; points a number or a range "10-15"."""
        from .scorecard import resolve_points
        if isinstance(value, dict) and len(value) <= MAX_POINTS:
            out = {}
            for k, v in value.items():
                if resolve_points(v) is None:
                    self.note(f"{key}.{k}", "shape", v, 0.0, setting="attributes.points")
                    out[str(k)] = 0.0
                elif isinstance(v, (str, list)):
                    out[str(k)] = v if isinstance(v, str) else [float(x) for x in v]
                else:
                    out[str(k)] = float(self.number(f"{key}.{k}", v, "attributes.points", 0.0))
            return out
        if isinstance(value, list) and len(value) <= MAX_POINTS and all(
                isinstance(r, list) and len(r) == 3 and all(x is None or _is_number(x) for x in r[:2])
                and resolve_points(r[2]) is not None for r in value):
            return [[r[0], r[1], r[2]] for r in value]
        self.note(key, "shape", value, "@left_out", setting="attributes.points")
        return None

    def _components(self, value, kw):
        if self.mapping("components", value, "components.normalise", {"growth": {"normalise": "percentile"}}) is None:
            return
        out = {}
        for k, spec in value.items():
            if k not in WEIGHT_KEYS:
                self.note(f"components.{k}", "unknown")
            elif not isinstance(spec, dict):
                self.note(f"components.{k}", "shape", spec, "@left_out", setting="components.normalise")
            else:
                out[k] = self._options(f"components.{k}", spec)
        kw["components"] = out

    def _overrides(self, value, kw):
        if not isinstance(value, dict):
            self.note("overrides", "shape", value, "@left_out", setting="overrides.reason")
            return
        if len(value) > MAX_OVERRIDES:
            self.note("overrides", "count", len(value), MAX_OVERRIDES, 0, MAX_OVERRIDES)
            value = dict(list(value.items())[:MAX_OVERRIDES])
        out = {}
        for cid, o in value.items():
            if not isinstance(o, dict) or not isinstance(o.get("tier"), str) or not o["tier"].strip():
                self.note(f"overrides.{cid}", "shape", o, "@left_out", setting="overrides.reason")
                continue
            reason = o.get("reason", "")
            reason = reason if isinstance(reason, str) else str(reason)
            if len(reason) > 500:
                self.note(f"overrides.{cid}.reason", "too_long", reason, reason[:500], high=500)
            entry = {"tier": o["tier"], "reason": reason[:500]}
            for k in o:
                if k not in ("tier", "reason"):
                    self.note(f"overrides.{cid}.{k}", "unknown")
            out[str(cid)] = entry
        kw["overrides"] = out

    def _clusters(self, value, kw):
        if self.mapping("clusters", value, "clusters.k", {"method": "kmeans", "k": 4, "seed": 0}) is None:
            return
        out = {}
        for k, v in value.items():
            if k == "method":
                out[k] = self.choice("clusters.method", v, "clusters.method")
            elif k in ("k", "seed"):
                if v is not None:
                    out[k] = self.number(f"clusters.{k}", v, f"clusters.{k}", SETTINGS[f"clusters.{k}"].default)
            elif k == "columns":
                if isinstance(v, list) and all(isinstance(c, str) for c in v) and len(v) <= MAX_ATTRIBUTES:
                    out[k] = list(v)
                else:
                    self.note("clusters.columns", "shape", v, [], setting="clusters.k")
            else:
                self.note(f"clusters.{k}", "unknown")
        kw["clusters"] = out

    def _thresholds(self, value, kw):
        th = {k: list(v) for k, v in DEFAULT_THRESHOLDS.items()}
        if self.mapping("thresholds", value, "thresholds.R", DEFAULT_THRESHOLDS) is None:
            kw["thresholds"] = th
            return
        for k, edges in value.items():
            key = f"thresholds.{k}"
            if k not in RFM_KEYS:
                self.note(key, "unknown")
            elif not isinstance(edges, list) or not edges or not all(_is_number(x) for x in edges):
                self.note(key, "shape", edges, th[k], setting=key)
            elif edges != sorted(edges):
                self.note(key, "sorted", edges, sorted(edges), setting=key)
                th[k] = [float(x) for x in sorted(edges)]
            else:
                th[k] = [float(x) for x in edges]
        kw["thresholds"] = th

    def _edges_fit_bins(self, kw):
        if kw.get("score_method") != "threshold":
            return
        bins = kw.get("bins", 5)
        th = kw.get("thresholds", DEFAULT_THRESHOLDS)
        wrong = [k for k in RFM_KEYS if len(th[k]) != bins - 1]
        if wrong:
            k = wrong[0]
            self.note(f"thresholds.{k}", "count", th[k], "@quantile", bins - 1, bins - 1)
            kw["score_method"] = "quantile"

    def _attributes(self, value, kw):
        if not isinstance(value, list):
            self.note("attributes", "shape", value, [], setting="attributes.weight")
            return
        if len(value) > MAX_ATTRIBUTES:
            self.note("attributes", "count", len(value), MAX_ATTRIBUTES, 0, MAX_ATTRIBUTES)
            value = value[:MAX_ATTRIBUTES]
        out, seen = [], set()
        for i, a in enumerate(value):
            col = a.get("column") if isinstance(a, dict) else None
            if not isinstance(col, str) or not col.strip() or len(col) > 200 or col in seen:
                self.note(f"attributes[{i + 1}]", "shape", a, "@left_out", setting="attributes.weight")
                continue
            seen.add(col)
            key = f"attributes.{col}"
            spec = {"column": col, "weight": float(self.number(f"{key}.weight", a.get("weight", 1.0), "attributes.weight", 1.0))}
            spec.update(self._options(key, a, skip=("column", "weight")))
            out.append(spec)
        kw["attributes"] = tuple(out)

    def _tiers(self, value, method):
        default = DEFAULT_TIERS_BY_SCORE if method == "score" else DEFAULT_TIERS_BY_SHARE
        shown = " / ".join(f"{n} {fmt_value(v, '', 'share' if method == 'share' else '')}" for n, v in default)
        lo, hi = _bounds("tiers.count")
        if not isinstance(value, list) or not all(isinstance(x, (list, tuple)) and len(x) == 2 for x in value) \
                or not all(isinstance(n, (str, int, float)) and not isinstance(n, bool) for n, _ in value):
            self.note("tiers", "shape", value, shown, setting="tiers.count")
            return default
        if not lo <= len(value) <= hi:
            self.note("tiers", "count", len(value), shown, lo, hi)
            return default
        names, values = [], []
        max_name = int(_bounds("tiers.name")[1])
        setting = "tiers.min_score" if method == "score" else "tiers.share"
        for i, (name, num) in enumerate(value):
            name = " ".join(str(name).split())
            if len(name) > max_name:
                self.note(f"tiers[{i + 1}].name", "too_long", name, name[:max_name], high=max_name)
                name = name[:max_name]
            names.append(name)
            values.append(float(self.number(f"tiers[{i + 1}]", num, setting, SETTINGS[setting].low)))
        if len(set(names)) != len(names) or not all(names):
            self.note("tiers", "duplicate", names, shown)
            return default
        last_fixed = 0.0 if method == "score" else round(max(1 - sum(values[:-1]), 0.0), 6)
        if method == "score":
            if values != sorted(values, reverse=True):
                self.note("tiers", "order", values, shown, setting=setting)
                return default
        elif sum(values[:-1]) > 1 + 1e-9:
            self.note("tiers", "sum", values[:-1], shown, setting=setting)
            return default
        if abs(values[-1] - last_fixed) > 1e-6:
            self.note(f"tiers[{len(values)}]", "last", values[-1], last_fixed, setting=setting)
        values[-1] = last_fixed
        return tuple(zip(names, values))

    def _abc(self, value, kw):
        if not isinstance(value, list) or len(value) != 2 or not all(_is_number(v) for v in value):
            self.note("abc", "shape", value, [0.8, 0.95], setting="abc.A")
            return
        a = self.number("abc.A", value[0], "abc.A", 0.8)
        b = self.number("abc.B", value[1], "abc.B", 0.95)
        if a >= b:
            self.note("abc", "order", [a, b], [0.8, 0.95], setting="abc.A")
            return
        kw["abc"] = (float(a), float(b))

    def _lifecycle(self, value, kw):
        if self.mapping("lifecycle", value, "lifecycle.churned_days", DEFAULT_LIFECYCLE) is None:
            return
        rules = dict(DEFAULT_LIFECYCLE)
        for k, v in value.items():
            if k not in DEFAULT_LIFECYCLE:
                self.note(f"lifecycle.{k}", "unknown")
            else:
                rules[k] = self.number(f"lifecycle.{k}", v, f"lifecycle.{k}", DEFAULT_LIFECYCLE[k])
        if rules["at_risk_days"] > rules["churned_days"]:
            self.note("lifecycle.at_risk_days", "above", rules["at_risk_days"], rules["churned_days"],
                      high=rules["churned_days"], setting="lifecycle.at_risk_days")
            rules["at_risk_days"] = rules["churned_days"]
        if rules["repeat_purchases"] > rules["loyal_purchases"]:  # else a loyal-sized buyer could be "new"
            self.note("lifecycle.repeat_purchases", "above", rules["repeat_purchases"], rules["loyal_purchases"],
                      high=rules["loyal_purchases"], setting="lifecycle.repeat_purchases")
            rules["repeat_purchases"] = rules["loyal_purchases"]
        kw["lifecycle"] = rules

    def _clv(self, value, kw):
        if self.mapping("clv", value, "clv.horizon_months", DEFAULT_CLV) is None:
            return
        c = {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_CLV.items()}
        for k, v in value.items():
            if k not in DEFAULT_CLV:
                self.note(f"clv.{k}", "unknown")
            elif k == "value_shares":
                if not isinstance(v, list) or len(v) != 2:
                    self.note("clv.value_shares", "shape", v, DEFAULT_CLV["value_shares"], setting="clv.value_shares.high")
                else:
                    c[k] = [float(self.number(f"clv.value_shares.{n}", x, f"clv.value_shares.{n}", d))
                            for n, x, d in zip(("high", "mid"), v, DEFAULT_CLV["value_shares"])]
            else:
                got = self.number(f"clv.{k}", v, f"clv.{k}", DEFAULT_CLV[k])
                c[k] = got if k == "horizon_months" else float(got)
        kw["clv"] = c

    def _playbook(self, value, kw):
        if self.mapping("playbook", value, "playbook.action", {}) is None:
            return
        limit = int(_bounds("playbook.action")[1])
        book = {}
        for kind, actions in value.items():
            if kind == "service":  # calls a month per tier (the account-manager view's workload)
                if not isinstance(actions, dict) or len(actions) > 50:
                    self.note("playbook.service", "shape", actions, {}, setting="playbook.service")
                    continue
                levels = {}
                for n, v in actions.items():
                    if not _is_number(v):
                        self.note(f"playbook.service.{n}", "shape", v, "@builtin", setting="playbook.service")
                    else:
                        levels[str(n)] = float(self.number(f"playbook.service.{n}", v, "playbook.service", 1.0))
                if levels:
                    book["service"] = levels
                continue
            if kind not in PLAYBOOK_KINDS:
                self.note(f"playbook.{kind}", "unknown")
                continue
            if not isinstance(actions, dict) or len(actions) > 50:
                self.note(f"playbook.{kind}", "shape", actions, {}, setting="playbook.action")
                continue
            book[kind] = {}
            for name, text in actions.items():
                if not isinstance(text, str):
                    self.note(f"playbook.{kind}.{name}", "shape", text, "@builtin", setting="playbook.action")
                    continue
                if len(text) > limit:
                    self.note(f"playbook.{kind}.{name}", "too_long", text, text[:limit], high=limit)
                book[kind][str(name)] = text[:limit]
        kw["playbook"] = {k: v for k, v in book.items() if v}
