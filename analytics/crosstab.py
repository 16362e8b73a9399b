"""Tier x attribute cross-tables, and filtering customers by their attributes.

tier_by_attribute(scored, column) counts the scored customers and sums their revenue (monetary, net of
returns, in the scoring window: what the tier cards show) for every (value of the column, tier): one row
per value, one column per tier, best first, empty tiers kept. Values are compared as text (value_labels:
3 and 3.0 are both "3", a date is YYYY-MM-DD); a missing or blank value is a row of its own, MISSING. The
rows are the values by customers, most first (ties by the value's text), lifecycle stages in their own
order; past TOP_VALUES values the rest are summed in one row, OTHER, kept after the named values and
before MISSING.

filter_customers(frame, {column: [values]}) keeps the rows whose value of every named column is one of
its values (MISSING picks the missing ones); a column with an empty list restricts nothing.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

MISSING = "(missing)"  # a missing or blank value (the interface translates it)
OTHER = "(other)"      # the values past the TOP_VALUES largest, summed
TOTAL = "(total)"      # the total row and column of with_totals
TOP_VALUES = 15
STAGE = "stage"        # the lifecycle stage: not a customers-table column, joined from the stages
METRICS = ("customers", "revenue")


def _label(value) -> str:
    """One value as the text it is compared and shown as."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else MISSING


def _coded(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, table): table[codes] is each value's text; the distinct values are labelled once, so a
    million rows cost one factorize. A missing value has code -1, the table's last entry, MISSING."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, np.array([_label(u) for u in uniques] + [MISSING], dtype=object)


def value_labels(values: pd.Series) -> pd.Series:
    """Each value's text (see _label); MISSING for a missing or blank value."""
    codes, table = _coded(values)
    return pd.Series(table[codes], index=values.index, dtype=object)


def _column(frame: pd.DataFrame, column: str, stages: pd.DataFrame | None) -> pd.Series:
    """The column's values for each row of frame; the lifecycle stage from stages when frame lacks it."""
    if column in frame.columns:
        return frame[column]
    if column == STAGE and stages is not None:
        by_id = stages.drop_duplicates("customer_id").set_index("customer_id")["stage"]
        return frame["customer_id"].map(by_id)
    raise KeyError(f"{column!r} is not a column of the customers")


@dataclass(frozen=True)
class CrossTable:
    """Customers and revenue per (value, tier). customers / revenue: one row per value (index: the value's
    text, OTHER, MISSING), one column per tier best first, without totals; folded: the values summed in
    OTHER, most customers first."""
    column: str
    customers: pd.DataFrame
    revenue: pd.DataFrame
    folded: tuple = ()

    def cells(self, metric: str) -> pd.DataFrame:
        if metric not in METRICS:
            raise ValueError(f"metric: expected one of {', '.join(METRICS)}, got {metric!r}")
        return self.customers if metric == "customers" else self.revenue

    def with_totals(self, metric: str) -> pd.DataFrame:
        """The cells with a TOTAL column (each value's row total) and a TOTAL row (each tier's total)."""
        cells = self.cells(metric)
        out = cells.copy()
        out[TOTAL] = cells.sum(axis=1)
        out.loc[TOTAL] = out.sum(axis=0)
        return out.round(2) if metric == "revenue" else out.astype("int64")

    def shares(self, metric: str, within: str = "value") -> pd.DataFrame:
        """Each cell as a share of its value's total (within="value": the tier mix of each value), of its
        tier's total ("tier": where a tier's customers are) or of everything ("all"); 0 where the total is 0."""
        cells = self.cells(metric).astype("float64")
        if within == "value":
            total = cells.sum(axis=1)
            return cells.div(total.where(total != 0), axis=0).fillna(0.0)
        if within == "tier":
            total = cells.sum(axis=0)
            return cells.div(total.where(total != 0), axis=1).fillna(0.0)
        if within == "all":
            total = float(cells.to_numpy().sum())
            return cells / total if total else cells * 0.0
        raise ValueError(f"within: expected value, tier or all, got {within!r}")


def _tier_codes(tier: pd.Series) -> tuple[list[str], np.ndarray]:
    """The tier names best first and each row's position among them (-1: no tier)."""
    if isinstance(tier.dtype, pd.CategoricalDtype):
        return [str(c) for c in tier.cat.categories], tier.cat.codes.to_numpy(dtype="int64")
    names = [str(v) for v in pd.unique(tier.dropna())]
    codes = pd.Categorical(tier, categories=names).codes
    return names, np.asarray(codes, dtype="int64")


def tier_by_attribute(scored: pd.DataFrame, column: str, stages: pd.DataFrame | None = None) -> CrossTable:
    """Customers and revenue of the scored customers per (value of column, tier); see the module's text.

    scored: one row per customer with tier (best first when categorical), monetary and the column (or,
    for STAGE, customer_id and stages: customer_id, stage). Rows without a tier are left out."""
    codes, table = _coded(_column(scored, column, stages))
    tiers, tier_code = _tier_codes(scored["tier"])
    per_code = np.bincount(codes + 1, minlength=len(table))  # [missing, first distinct value, ...]
    counts = pd.Series(np.r_[per_code[1:], per_code[0]], index=table).groupby(level=0, sort=False).sum()
    counts = counts[counts > 0]
    named = [v for v in counts.index if v != MISSING]
    if column == STAGE and stages is not None:
        from .lifecycle import STAGE_ORDER
        place = {s: i for i, s in enumerate(STAGE_ORDER)}
        named.sort(key=lambda v: (place.get(v, len(place)), -counts[v], v))
    else:
        named.sort(key=lambda v: (-counts[v], v))
    kept, folded = named[:TOP_VALUES], named[TOP_VALUES:]
    rows = kept + ([OTHER] if folded else []) + ([MISSING] if MISSING in counts.index else [])
    where = {v: i for i, v in enumerate(rows)}
    where.update({v: rows.index(OTHER) for v in folded})
    row_code = np.array([where.get(v, -1) for v in table], dtype="int64")[codes]  # code -1: MISSING's row
    ok = tier_code >= 0
    cell = row_code[ok] * len(tiers) + tier_code[ok]
    size = len(rows) * len(tiers)
    customers = np.bincount(cell, minlength=size).reshape(len(rows), len(tiers)).astype("int64")
    money = scored["monetary"].to_numpy(dtype="float64", na_value=0.0)[ok]
    revenue = np.bincount(cell, weights=money, minlength=size).reshape(len(rows), len(tiers))
    index = pd.Index(rows, name=column, dtype=object)
    columns = pd.Index(tiers, name="tier", dtype=object)
    return CrossTable(column, pd.DataFrame(customers, index=index, columns=columns),
                      pd.DataFrame(revenue, index=index, columns=columns).round(2), tuple(folded))


def filter_mask(frame: pd.DataFrame, filters: dict, stages: pd.DataFrame | None = None) -> np.ndarray:
    """Whether each row of frame matches every filter (see filter_customers), as a boolean array."""
    keep = np.ones(len(frame), dtype=bool)
    for column, values in filters.items():
        if not values:
            continue
        wanted = {v if v == MISSING else _label(v) for v in values}
        codes, table = _coded(_column(frame, column, stages))
        keep &= np.array([v in wanted for v in table], dtype=bool)[codes]
    return keep


def filter_customers(frame: pd.DataFrame, filters: dict, stages: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of frame whose value of every filtered column is one of its values, in their order (a new
    frame). filters: column -> list of values, compared as text (value_labels); MISSING picks the rows with
    no value; an empty list restricts nothing. STAGE filters by lifecycle stage (from stages when frame
    has no stage column). A column frame lacks raises KeyError."""
    return frame.loc[filter_mask(frame, filters, stages)]
