"""Ready scorecards, as data: each is a scenario fragment (weights, attributes, components, tiers).

- rfm: equal R, F and M, binned (the default scenario's score).
- credit_amount_profit: the published 100-point score: credit 10%, order amount 30%, profit contribution
  60%; A >= 75, B 60-75, C below 60. Credit is the customers table's credit rating (AAA 10 ... B 0) or,
  without one, overdue days (fewer is better: 0 days full marks, past 90 days none).
- six_criteria: the points card for prospects and accounts: ownership type 15, strength (size) 15,
  growth 15, profit contribution 15, relationship 20, strategic importance 20 (= 100); each criterion maps
  categories or value ranges to points, a range of points ("10-12") taking the scenario's points_end
  (low by default). Growth without a value (customers younger than 12 months) counts the median.

A criterion whose column the data lacks is left out (preset_for says which), and the score is on the
maxima of the criteria kept, still 0-100.
"""
from __future__ import annotations

# column candidates per criterion: canonical names first, then headers that stay unmapped
CANDIDATES = {
    "credit": ["credit_rating", "信用等级", "credit", "信用"],
    "overdue": ["overdue_days", "逾期天数"],
    "ownership": ["ownership", "企业性质"],
    "size": ["size", "规模"],
    "relationship": ["relationship", "合作关系"],
    "importance": ["strategic_importance", "战略重要性"],
}

CREDIT_POINTS = {"AAA": 10, "AA": 8, "A": 5, "BBB": 3, "BB": 1, "B": 0, "C": 0}
OWNERSHIP_POINTS = {"Government": 15, "政府": 15, "State-owned": 15, "国企": 15, "Joint-stock": "10-12",
                    "股份制": "10-12", "Foreign": "10-12", "外资": "10-12", "Private": "6-8", "民营": "6-8"}
SIZE_POINTS = {"Large": 15, "大型": 15, "Medium": "10-12", "中型": "10-12", "Small": "6-8", "小型": "6-8",
               "Micro": "2-4", "微型": "2-4"}
RELATIONSHIP_POINTS = {"Strategic partner": 20, "战略合作": 20, "Long-term": "14-16", "长期合作": "14-16",
                       "Regular": "8-10", "一般合作": "8-10", "New": "3-5", "新建立": "3-5"}
IMPORTANCE_POINTS = {"High": 20, "高": 20, "Medium": "10-12", "中": "10-12", "Low": "3-5", "低": "3-5"}
# value ranges [low, high) -> points; growth as a ratio (0.3 = +30%), profit in currency
GROWTH_RANGES = [[0.3, None, 15], [0.1, 0.3, "10-12"], [0.0, 0.1, "6-8"], [-0.3, 0.0, "3-5"], [None, -0.3, 0]]
PROFIT_RANGES = [[100000, None, 15], [30000, 100000, "10-12"], [10000, 30000, "6-8"], [3000, 10000, "3-5"],
                 [None, 3000, 0]]

PRESETS = ("rfm", "credit_amount_profit", "six_criteria")
_SCORE_TIERS = [["A", 75], ["B", 60], ["C", 0]]


def _find(columns, what: str) -> str | None:
    have = set(columns if columns is not None else ())
    return next((c for c in CANDIDATES[what] if c in have), None)


def preset_for(name: str, columns=(), line_columns=()) -> tuple[dict, list[str]]:
    """(scenario fragment, criteria left out for want of a column) of a preset on the loaded data.

    columns: the customers table's columns; line_columns: the order lines' (profit, quantity, category)."""
    lines = set(line_columns if line_columns is not None else ())
    left_out: list[str] = []
    base = {"tier_method": "score", "tiers": _SCORE_TIERS, "components": {}, "attributes": [], "points_end": "low"}
    if name == "rfm":
        return {**base, "weights": {"R": 1, "F": 1, "M": 1}}, left_out
    if name == "credit_amount_profit":
        weights = {"M": 30}
        if "profit" in lines:
            weights["profit"] = 60
        else:
            left_out.append("profit")
        attrs = []
        credit, overdue = _find(columns, "credit"), _find(columns, "overdue")
        if credit:
            attrs.append({"column": credit, "weight": 10, "points": dict(CREDIT_POINTS), "max_points": 10})
        elif overdue:
            attrs.append({"column": overdue, "weight": 10, "direction": "lower", "normalise": "thresholds",
                          "edges": [0, 30, 90]})
        else:
            left_out.append("credit")
        return {**base, "weights": weights, "attributes": attrs}, left_out
    if name == "six_criteria":
        attrs = []
        for what, table, weight in (("ownership", OWNERSHIP_POINTS, 15), ("size", SIZE_POINTS, 15),
                                    ("relationship", RELATIONSHIP_POINTS, 20), ("importance", IMPORTANCE_POINTS, 20)):
            col = _find(columns, what)
            if col:
                attrs.append({"column": col, "weight": weight, "points": dict(table), "max_points": weight})
            else:
                left_out.append(what)
        weights, comps = {}, {}
        weights["growth"] = 15
        comps["growth"] = {"normalise": "points", "points": [list(r) for r in GROWTH_RANGES], "max_points": 15,
                           "missing": "median"}
        if "profit" in lines:
            weights["profit"] = 15
            comps["profit"] = {"normalise": "points", "points": [list(r) for r in PROFIT_RANGES], "max_points": 15}
        else:
            left_out.append("profit")
        return {**base, "weights": weights, "components": comps, "attributes": attrs}, left_out
    raise KeyError(f"unknown preset {name!r} (use {', '.join(PRESETS)})")
