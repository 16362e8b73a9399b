"""Account managers: each owner's customers and revenue per tier, the top tier's customers at risk, the
workload, and the list each manager should call.

Inputs, as the app and the command line make them:

- ``scored``: the scored customers (``scoring.score_customers``), one row each, with ``customer_id``,
  ``tier``, ``monetary``, ``recency_days``, ``frequency``, ``last_purchase`` and the customers table's
  columns joined on, ``owner`` among them when the customers file has one (客户经理 / 负责人 ...).
- ``stages``: the lifecycle stages (``lifecycle.customer_stages``): ``customer_id``, ``stage``.
- ``tier_names``: the scenario's tiers, best first.

**Owner.** The ``owner`` value with the spaces around it trimmed; a missing or blank owner (or no owner
column at all) is ``NO_OWNER``, "(no owner)", kept as a row of its own so no customer is lost. Only scored
customers (a purchase in the scoring window) have a tier, so only they are counted.

**At risk.** A customer whose lifecycle stage is ``at_risk`` or ``churned`` (``AT_RISK_STAGES``; the
stage uses all history up to the as-of date, see ``lifecycle``).

**Service levels and workload.** A service level is the number of calls (or visits) a month one customer
of a tier gets from their account manager. By default it goes by the tier's position (``default_service``):
the best tier 4 a month (a dedicated manager, about one a week), each tier below half the one above,
never under 0.5, and the last tier 0.5 (a call every two months; mostly inside sales and online
ordering): 3 tiers 4 / 2 / 0.5, 4 tiers 4 / 2 / 1 / 0.5, 2 tiers 4 / 0.5. Overrides per tier name come
from the scenario's ``playbook["service"]`` (``playbook_service``) or the caller. An owner's
**workload** = Σ over tiers (customers in the tier × its service level), in calls a month.

**Call list** (``call_lists``, ``call_list``): the customers an owner should call, in this order (the
``priority`` column counts 1, 2, ... per owner; ``reason`` says which group):

1. ``top_at_risk``: the top tier's customers at risk or churned (win them back);
2. ``top_quiet``: the rest of the top tier with no purchase for more than ``quiet_days`` (default 90);
3. ``next_at_risk``: the second tier's customers at risk or churned;
4. ``top_regular``: the rest of the top tier (the regular calls of their service level).

Within a group: revenue (``monetary``) highest first, then ``customer_id``. The other tiers' customers
who are not at risk are not on the list (the playbook serves them through inside sales).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from .export import FORMULA_STARTS, to_excel_workbook_bytes

NO_OWNER = "(no owner)"
AT_RISK_STAGES = ("at_risk", "churned")
QUIET_DAYS = 90  # the top tier's customers silent for longer are called before the regular calls
BEST_SERVICE, LAST_SERVICE = 4.0, 0.5  # calls a month: the best tier, and the last tier (and the floor)
CALL_REASONS = ("top_at_risk", "top_quiet", "next_at_risk", "top_regular")  # in call order


def customers_column(tier: str) -> str:
    """owner_summary's column of a tier's customers."""
    return f"customers_{tier}"


def revenue_column(tier: str) -> str:
    """owner_summary's column of a tier's revenue."""
    return f"revenue_{tier}"


def owner_labels(frame: pd.DataFrame) -> pd.Series:
    """Each row's owner: the ``owner`` value with the spaces around it trimmed and any run of spaces inside
    made one; NO_OWNER when missing, blank, or without the column."""
    if "owner" not in frame.columns:
        return pd.Series(NO_OWNER, index=frame.index, dtype="object")
    raw = frame["owner"]
    text = raw.astype("object").where(raw.notna(), "").map(lambda v: " ".join(str(v).split()))
    return text.where(text != "", NO_OWNER)


def has_owners(frame: pd.DataFrame | None) -> bool:
    """Whether the frame has an owner column with at least one owner in it."""
    return frame is not None and "owner" in frame.columns and bool((owner_labels(frame) != NO_OWNER).any())


def owner_order(owners: Iterable[str]) -> list[str]:
    """The owners sorted by name, NO_OWNER last."""
    names = sorted({str(o) for o in owners})
    return [o for o in names if o != NO_OWNER] + ([NO_OWNER] if NO_OWNER in names else [])


def default_service(tier_names) -> dict[str, float]:
    """Calls a month per customer by the tier's position: 4 for the best, each next tier half the one above
    but at least 0.5, and 0.5 for the last (with one tier only: 4)."""
    names = list(tier_names)
    levels = {name: max(BEST_SERVICE / 2 ** i, LAST_SERVICE) for i, name in enumerate(names)}
    if len(names) > 1:
        levels[names[-1]] = LAST_SERVICE
    return levels


def _level(value) -> float | None:
    """A service level as given (a number >= 0), or None when it is not one."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and 0 <= number < float("inf") else None


def service_levels(tier_names, overrides: Mapping | None = None) -> dict[str, float]:
    """Calls a month per customer of each tier: default_service, with overrides {tier name: number} on top.
    Leniently: a name that is not a tier, or a value that is not a number >= 0, is left out."""
    levels = default_service(tier_names)
    for name, value in (overrides or {}).items() if isinstance(overrides, Mapping) else ():
        number = _level(value)
        if str(name) in levels and number is not None:
            levels[str(name)] = number
    return levels


def playbook_service(scenario) -> dict:
    """The scenario's service levels, playbook["service"] = {tier name: calls a month}, when it holds any
    (read leniently: anything else is {})."""
    book = getattr(scenario, "playbook", None)
    service = book.get("service") if isinstance(book, Mapping) else None
    return dict(service) if isinstance(service, Mapping) else {}


def _frame(scored: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """The scored customers with owner, tier as text and stage."""
    out = scored.drop(columns=[c for c in ("stage",) if c in scored.columns]).merge(
        stages[["customer_id", "stage"]], on="customer_id", how="left")
    out["owner"] = owner_labels(out).to_numpy()
    out["tier"] = out["tier"].astype("object").map(lambda v: None if pd.isna(v) else str(v))
    out["at_risk"] = out["stage"].isin(AT_RISK_STAGES)
    return out


def owner_summary(scored: pd.DataFrame, stages: pd.DataFrame, tier_names,
                  service: Mapping | None = None) -> pd.DataFrame:
    """One row per owner (owner_order; NO_OWNER last when some customer has none): ``owner``,
    ``customers_<tier>`` for each tier (customers_column), ``customers`` (all tiers), ``revenue_<tier>``
    (revenue_column; monetary summed, to the cent), ``revenue``, ``at_risk_top`` (the top tier's customers
    at risk or churned) and ``workload`` (calls a month: Σ customers × service level, service_levels with
    `service` as overrides). Columns in that order, the tiers best first."""
    names = [str(n) for n in tier_names]
    levels = service_levels(names, service)
    frame = _frame(scored, stages)
    owners = owner_order(frame["owner"])
    counts = pd.crosstab(frame["owner"], frame["tier"]).reindex(index=owners, columns=names, fill_value=0)
    revenue = frame.pivot_table(index="owner", columns="tier", values="monetary", aggfunc="sum", fill_value=0.0,
                                observed=True).reindex(index=owners, columns=names, fill_value=0.0)
    top = frame[(frame["tier"] == names[0]) & frame["at_risk"]] if names else frame.iloc[:0]
    out = pd.DataFrame({"owner": owners})
    for name in names:
        out[customers_column(name)] = counts[name].to_numpy(dtype="int64")
    out["customers"] = counts.sum(axis=1).to_numpy(dtype="int64")
    for name in names:
        out[revenue_column(name)] = revenue[name].to_numpy(dtype="float64").round(2)
    out["revenue"] = revenue.sum(axis=1).to_numpy(dtype="float64").round(2)
    out["at_risk_top"] = top["owner"].value_counts().reindex(owners, fill_value=0).to_numpy(dtype="int64")
    load = sum((counts[name] * levels[name] for name in names), pd.Series(0.0, index=counts.index))
    out["workload"] = load.to_numpy(dtype="float64").round(2)
    return out


LIST_COLUMNS = ["owner", "priority", "reason", "customer_id", "name", "tier", "stage", "monetary", "recency_days",
                "last_purchase", "frequency", "calls_per_month", "region", "stage_action", "tier_action"]


def at_risk_top(scored: pd.DataFrame, stages: pd.DataFrame, tier_names) -> pd.DataFrame:
    """The top tier's customers at risk or churned: owner, customer_id, name (when known), tier, stage,
    recency_days, last_purchase, frequency, monetary; by owner (owner_order), then revenue highest first,
    then customer_id."""
    names = [str(n) for n in tier_names]
    frame = _frame(scored, stages)
    out = frame[(frame["tier"] == names[0]) & frame["at_risk"]] if names else frame.iloc[:0]
    out = _by_owner(out, ["monetary", "customer_id"], [False, True])
    cols = ["owner", "customer_id", "name", "tier", "stage", "recency_days", "last_purchase", "frequency", "monetary"]
    return out[[c for c in cols if c in out.columns]].reset_index(drop=True)


def _by_owner(frame: pd.DataFrame, keys: list[str], ascending: list[bool]) -> pd.DataFrame:
    rank = {o: i for i, o in enumerate(owner_order(frame["owner"]))}
    frame = frame.assign(_owner=frame["owner"].map(rank))
    return frame.sort_values(["_owner", *keys], ascending=[True, *ascending], kind="stable").drop(columns="_owner")


def call_lists(scored: pd.DataFrame, stages: pd.DataFrame, tier_names, quiet_days: int = QUIET_DAYS,
               service: Mapping | None = None, book: Mapping | None = None) -> pd.DataFrame:
    """Every owner's call list (see the module's text for who is on it and in which order), by owner
    (owner_order): LIST_COLUMNS that the data has. ``calls_per_month`` is the customer's tier's service
    level; with a playbook (lifecycle.playbook), ``stage_action`` and ``tier_action`` say what to offer."""
    names = [str(n) for n in tier_names]
    levels = service_levels(names, service)
    frame = _frame(scored, stages)
    top = frame["tier"] == (names[0] if names else None)
    second = frame["tier"] == (names[1] if len(names) > 1 else None)
    quiet = frame["recency_days"] > quiet_days
    groups = [top & frame["at_risk"], top & ~frame["at_risk"] & quiet, second & frame["at_risk"],
              top & ~frame["at_risk"] & ~quiet]
    reason = pd.Series(None, index=frame.index, dtype="object")
    for code, mask in reversed(list(zip(CALL_REASONS, groups))):
        reason = reason.mask(mask, code)
    out = frame.assign(reason=reason, _group=reason.map({c: i for i, c in enumerate(CALL_REASONS)}))
    out = out[out["reason"].notna()]
    out = _by_owner(out, ["_group", "monetary", "customer_id"], [True, False, True])
    out["priority"] = out.groupby("owner", sort=False).cumcount().to_numpy(dtype="int64") + 1
    out["calls_per_month"] = out["tier"].map(levels).astype("float64")
    if book is not None:
        out["stage_action"] = out["stage"].map(dict(book.get("stage", {})))
        out["tier_action"] = out["tier"].map(dict(book.get("tier", {})))
    return out[[c for c in LIST_COLUMNS if c in out.columns]].reset_index(drop=True)


def call_list(scored: pd.DataFrame, stages: pd.DataFrame, owner: str, tier_names, quiet_days: int = QUIET_DAYS,
              service: Mapping | None = None, book: Mapping | None = None) -> pd.DataFrame:
    """One owner's call list (call_lists; NO_OWNER: the customers without an owner), priority 1 first."""
    lists = call_lists(scored, stages, tier_names, quiet_days, service, book)
    return lists[lists["owner"] == owner].reset_index(drop=True)


# Excel: a sheet's name is 1-31 characters without [ ] : * ? / \, does not start or end with an
# apostrophe, is unique ignoring case, and "History" is Excel's own.
SHEET_MAX = 31
_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def sheet_names(titles: Iterable[str], reserved: Iterable[str] = ()) -> list[str]:
    """A valid, distinct Excel sheet name for each title, in order: the characters Excel refuses become
    "_", apostrophes and spaces around are trimmed, a first = + - @ becomes "_" (a cell holding the name is
    written neutralised, so it would read otherwise), an empty result is "sheet", and the name is cut to 31
    characters; a name already taken (ignoring case; `reserved` counts as taken, and "History") gets " (2)",
    " (3)", ... within the 31 characters."""
    taken = {"history"} | {str(r).lower() for r in reserved}
    out = []
    for title in titles:
        base = _SHEET_BAD.sub("_", str(title)).strip().strip("'").strip() or "sheet"
        if base.startswith(FORMULA_STARTS):  # so the overview's cell naming the sheet reads the same
            base = "_" + base[1:]
        base = base[:SHEET_MAX].rstrip("'") or "sheet"
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            suffix = f" ({n})"
            name = base[:SHEET_MAX - len(suffix)].rstrip("'") + suffix
        taken.add(name.lower())
        out.append(name)
    return out


def workbook_bytes(sheets: Iterable[tuple[str, pd.DataFrame]]) -> bytes:
    """An .xlsx with one sheet per (title, frame), in order, each named by sheet_names (so a hostile or
    long title is a valid, distinct name), written as analytics.export writes a list (header frozen)."""
    sheets = list(sheets)
    names = sheet_names(title for title, _ in sheets)
    return to_excel_workbook_bytes([(name, frame) for name, (_, frame) in zip(names, sheets)])


def owners_workbook(summary: pd.DataFrame, lists: pd.DataFrame, overview: str = "owners",
                    no_owner: str = NO_OWNER, relabel: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> bytes:
    """Every owner's call list in one workbook: first the sheet `overview` (owner_summary with a ``sheet``
    column naming each owner's sheet), then one sheet per owner in the summary's order, named after the
    owner (`no_owner` for NO_OWNER; sheet_names, `overview` taken first), holding that owner's rows of
    `lists` (call_lists). relabel(frame) -> the frame as written (e.g. headers for people), per sheet."""
    owners = [str(o) for o in summary["owner"]]
    names = sheet_names([overview, *(no_owner if o == NO_OWNER else o for o in owners)])
    first = summary.copy()
    first.insert(1, "sheet", names[1:])
    relabel = relabel or (lambda frame: frame)
    per_owner = [(name, relabel(lists[lists["owner"] == owner].reset_index(drop=True)))
                 for name, owner in zip(names[1:], owners)]
    return workbook_bytes([(names[0], relabel(first)), *per_owner])
