"""Command line: the headless twin of the pages (the README's "Command line").

    python -m analytics score INPUT [--customers FILE] [--as-of YYYY-MM-DD] [--config scenario.json] --out tiers.csv
    python -m analytics lifecycle INPUT [--customers FILE] [--as-of YYYY-MM-DD] [--config scenario.json] --out stages.csv
    python -m analytics clv INPUT [--as-of YYYY-MM-DD] [--horizon-months 12] [--config scenario.json] --out clv.csv [--params-out params.json]
    python -m analytics migrate INPUT --from YYYY-MM-DD --to YYYY-MM-DD [--customers FILE] [--config scenario.json] --out moves.csv
    python -m analytics backtest INPUT --cutoff YYYY-MM-DD [--horizon-months 9] [--config scenario.json] --out quality.csv
    python -m analytics compare INPUT --a a.json --b b.json [--as-of YYYY-MM-DD] --out changes.csv
    python -m analytics clusters INPUT [--customers FILE] [--as-of YYYY-MM-DD] [--k N] [--seed S] [--config scenario.json] --out clusters.csv

Every command that takes INPUT and --config can read the workspace (workspace/) instead:
--dataset NAME opens a stored data set in INPUT's place, --scenario NAME (NAME@3: version 3) a stored
scenario in --config's place, from --workspace FILE (default: env TIERING_WORKSPACE, else
workspace/workbench.duckdb).

Bad input ends with one line on stderr and exit code 2, never a traceback.
"""
from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

import duckdb

from . import ingest
from .config import DERIVED_KEYS, SETTINGS, Scenario, fit_to_data, read_scenario
from .scorecard import uses_derived
from .export import write_table
from .features import customer_attributes, customer_features

SCORE_COLUMNS = ["customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score",
                 "segment", "grid_segment", "score", "tier"]


class CliError(Exception):
    """A user-facing error: printed as one line."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-06-30, got {text!r}") from None


def _delimiter(text: str) -> str:
    value = {"tab": "\t", "\\t": "\t"}.get(text.lower(), text)
    if value not in (",", ";", "|", "\t"):
        raise argparse.ArgumentTypeError(f"expected one of , ; | tab, got {text!r}")
    return value


def _scenario(path: str | None, as_of: date | None) -> Scenario:
    """The scenario file read once, as a whole (analytics/config.read_scenario): values out of range are
    corrected with a warning; a value of the wrong shape ends the run with one line and exit 2."""
    scenario = Scenario()
    if isinstance(path, StoredScenario):  # --scenario, read from the workspace by _from_workspace
        scenario = path.scenario
    elif path:
        p = Path(path)
        if not p.is_file():
            raise CliError(f"{path}: no such scenario file")
        scenario, notices = read_scenario(p.read_bytes())
        refused = [n for n in notices if n.refused]
        if refused:
            raise CliError(f"{path}: {refused[0].problem()}")
        for n in notices:
            print(f"warning: {path}: {n.message()}", file=sys.stderr)
    if as_of:
        scenario = scenario.with_changes(as_of=as_of.isoformat())
    return scenario


def _fit(con, scenario: Scenario, label: str) -> Scenario:
    """Corrections that need the loaded data (an as-of date outside it), said on stderr."""
    from .features import earliest_order_date, latest_order_date
    columns = None
    if scenario.attributes or scenario.tier_within:
        attrs = customer_attributes(con)
        columns = [] if attrs is None else list(attrs.columns)
    line_columns = [r[0] for r in con.execute("DESCRIBE transactions").fetchall()]
    scenario, notices = fit_to_data(scenario, earliest_order_date(con), latest_order_date(con), columns, line_columns)
    for n in notices:
        print(f"warning: {label}: {n.message()}", file=sys.stderr)
    return scenario


SHOWN_REJECTIONS = 10


def _report(result: ingest.LoadResult, rejected_out: str | None, label: str) -> None:
    """Counts, the first rejected rows (file, row, column, reason, value), all of them to a file on request."""
    rep = result.report
    print(f"{result.filename}: {rep.rows_read} rows read, {rep.accepted} accepted, "
          f"{rep.rejected} rejected", file=sys.stderr)
    for row in result.rejected.head(SHOWN_REJECTIONS).to_dict("records"):
        print("  " + ingest.describe_rejection(result.filename, row), file=sys.stderr)
    more = len(result.rejected) - SHOWN_REJECTIONS
    if more > 0:
        hint = f" (all in {rejected_out})" if rejected_out else " (--rejected-out FILE writes them all)"
        print(f"  ... and {more} more{hint}", file=sys.stderr)
    if rejected_out and len(result.rejected):
        out = Path(rejected_out)
        if label:
            out = out.with_name(f"{out.stem}_{label}{out.suffix}")
        write_table(result.rejected, out)


def _load(con, args):
    """Read, check and load INPUT (and --customers) with the reading options; report on stderr."""
    input_path, customers = args.input, args.customers
    # past the limit DuckDB spills to its temporary folder instead of growing
    try:
        con.execute("SET memory_limit = ?", [args.memory_limit])
    except duckdb.Error:
        raise CliError(f"--memory-limit: expected a size like 1GB or 512MB, got {args.memory_limit!r}") from None
    if getattr(args, "dataset", None):
        return _open_stored(con, args)
    if input_path is None:
        raise CliError(f"{args.command}: give INPUT (the orders file) or --dataset NAME")
    for p in [input_path] + ([customers] if customers else []):
        if not Path(p).is_file():
            raise CliError(f"{p}: no such file")
    try:
        tx, cu = ingest.load_files(con, input_path, customers, sheet=args.sheet, decimal=args.decimal,
                                   day_first=args.day_first, delimiter=args.delimiter, order_stats=False)
    except ingest.IngestError as e:
        raise CliError(str(e)) from None
    _report(tx, args.rejected_out, "")
    _warn_reading(tx)
    if cu is not None:
        _report(cu, args.rejected_out, "customers")
    rep = tx.report
    if rep.accepted == 0:
        raise CliError(f"{input_path}: no valid order lines (all {rep.rows_read} rows rejected)")
    return tx, cu


def _warn_reading(result: ingest.LoadResult) -> None:
    """What the reader decided that could be wrong: said on stderr, with the option that changes it."""
    rep = result.report
    name = result.filename
    if "latin1" in rep.notes:
        print(f"warning: {name}: neither UTF-8 nor GBK; read as Latin-1 (check the names, or save it as UTF-8)",
              file=sys.stderr)
    for col, d in rep.decimal.items():
        if d["why"] in ("comma", "mixed") or d["ambiguous"]:
            kind = "a guess" if d["ambiguous"] else f"row {d['row']} has {d['value']!r}"
            print(f"note: {name}: column {col!r} read with decimal {d['decimal']!r} ({kind}; --decimal changes it)",
                  file=sys.stderr)
    for col, o in rep.date_order.items():
        if o["why"] in ("day_over_12", "undecided"):
            order = o["order"].replace("_", " ")
            kind = "a guess" if o["ambiguous"] else f"row {o['row']} has {o['value']!r}"
            print(f"note: {name}: column {col!r} read {order} ({kind}; --day-first / --month-first change it)",
                  file=sys.stderr)
    if rep.future_dates:
        print(f"warning: {name}: {rep.future_dates} order lines are dated after today ({rep.today}), the first "
              f"on {rep.future_first}; the default as-of date is {rep.latest_not_future}", file=sys.stderr)


class StoredScenario(str):
    """--scenario in --config's place: its text is the label messages use (NAME@3), .scenario the settings."""
    scenario: Scenario

    def __new__(cls, label: str, scenario: Scenario):
        self = super().__new__(cls, label)
        self.scenario = scenario
        return self


def _from_workspace(args) -> None:
    """--dataset and --scenario (every command made by _command has them): checked before the command runs;
    the stored scenario takes --config's place. A name the workspace lacks is one line and exit 2."""
    dataset, name = getattr(args, "dataset", None), getattr(args, "scenario", None)
    if not dataset and not name:
        return
    if dataset and args.input:
        raise CliError(f"give INPUT or --dataset, not both ({args.input}, --dataset {dataset})")
    if dataset and args.customers:
        raise CliError(f"--customers: the stored data set {dataset!r} brings its own customers")
    if dataset and getattr(args, "engine", "duckdb") != "duckdb":
        raise CliError("--dataset: a stored data set is scored with --engine duckdb")
    if name and args.config:
        raise CliError("give --config or --scenario, not both")
    from workspace import Workspace, WorkspaceError, default_path
    path = Path(args.workspace) if args.workspace else default_path()
    if not path.is_file():
        raise CliError(f"{path}: no workspace file (--workspace names it; default: env TIERING_WORKSPACE, else "
                       f"workspace/workbench.duckdb)")
    found = re.fullmatch(r"(.*\S)@(\d+)", name.strip()) if name else None
    try:
        args.opened_workspace = Workspace(path)
        if dataset:
            args.opened_workspace.dataset(dataset)
        if name:
            scenario, version = args.opened_workspace.load_scenario(*(
                (found.group(1), int(found.group(2))) if found else (name, None)))
            args.config = StoredScenario(f"{(found.group(1) if found else name).strip()}@{version.number}", scenario)
    except WorkspaceError as e:
        raise CliError(str(e)) from None


def _open_stored(con, args):
    """--dataset: the stored tables into con, one line on stderr; the stored rejected rows to --rejected-out."""
    from workspace import WorkspaceError
    try:
        stored = args.opened_workspace.open_dataset(args.dataset, con)
    except WorkspaceError as e:
        raise CliError(str(e)) from None
    info = stored.info
    rejected = [(stored.rejected, ""), (stored.customers_rejected, "customers")]
    count = sum(len(r) for r, _ in rejected if r is not None)
    files = info.orders_file + (f" and {info.customers_file}" if info.customers_file else "")
    print(f"{info.name}: stored data set ({files}, saved {info.saved_at}): {info.rows} order lines, "
          f"{info.customers} customers, {info.date_min} to {info.date_max}; {count} rows were rejected",
          file=sys.stderr)
    for frame, label in rejected:
        if args.rejected_out and frame is not None and len(frame):
            out = Path(args.rejected_out)
            write_table(frame, out.with_name(f"{out.stem}_{label}{out.suffix}") if label else out)
    has_customers = bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'customers' "
                                     "AND table_schema = current_schema()").fetchall()[0][0])
    tx = ingest.LoadResult(con, "transactions", stored.rejected, stored.report, info.orders_file)
    cu = ingest.LoadResult(con, "customers", stored.customers_rejected, stored.customers_report,
                           info.customers_file or "") if has_customers else None
    return tx, cu


def cmd_score(args) -> int:
    from .scoring import score_customers

    scenario = _scenario(args.config, args.as_of)
    if args.engine == "spark":  # features and scores computed in Spark (analytics/engine.py)
        from .engine import EngineError, score_on_spark
        try:
            n = score_on_spark(args.input, args.out, scenario, SCORE_COLUMNS, table=args.table,
                               remote=args.spark_remote, customers=args.customers, rejected_out=args.rejected_out)
        except EngineError as e:
            raise CliError(str(e)) from None
        except KeyError as e:
            raise CliError(f"{args.config or 'scenario'}: {e.args[0]}") from None
        print(f"{n} customers scored on Spark -> {args.out}", file=sys.stderr)
        return 0
    if (args.input is None and not args.dataset) or args.table:
        raise CliError("score: give INPUT or --dataset (--table needs --engine spark)")
    con = duckdb.connect()
    _load(con, args)
    scenario = _fit(con, scenario, args.config or "--as-of")
    feats = customer_features(con, scenario.as_of_date(), scenario.lookback_days, derived=uses_derived(scenario))
    attrs = customer_attributes(con)
    try:
        scored = score_customers(feats, scenario, attrs)
    except KeyError as e:
        raise CliError(f"{args.config or 'scenario'}: {e.args[0]}") from None
    used = [a["column"] for a in scenario.attributes if a["column"] in scored.columns]
    derived = [k for k in DERIVED_KEYS if scenario.weights.get(k) and k in scored.columns]
    cols = SCORE_COLUMNS + (["profit"] if "profit" in scored.columns and scenario.weights.get("profit") else []) \
        + derived + used + (["score_tier", "override"] if "override" in scored.columns else [])
    if scenario.tier_within and scenario.tier_within not in cols:
        cols.append(scenario.tier_within)
    out = scored[cols].copy()
    out["tier"] = out["tier"].astype("str")
    if "score_tier" in out:  # named as the exported lists name them
        out["score_tier"] = out["score_tier"].astype("str")
        out = out.rename(columns={"override": "override_reason"})
    write_table(out, args.out)
    print(f"{len(out)} customers scored -> {args.out}", file=sys.stderr)
    _warn_overrides(scored, scenario, args.config)
    return 0


def _warn_overrides(scored, scenario: Scenario, label) -> None:
    from .scoring import override_report
    if not scenario.overrides:
        return
    bad = override_report(scored["customer_id"], scenario)
    for what, ids in (("names a tier the scenario does not have", bad["unknown_tier"]),
                      ("names a customer who is not scored", bad["unknown_customer"])):
        if ids:
            print(f"warning: {label or 'scenario'}: {len(ids)} override(s) not applied: each {what} "
                  f"({', '.join(ids[:5])}{' ...' if len(ids) > 5 else ''})", file=sys.stderr)


def cmd_explain(args) -> int:
    from .explain import EXPLAIN_COLUMNS, ExplainError, explain
    from .scoring import score_customers

    scenario = _scenario(args.config, args.as_of)
    con = duckdb.connect()
    _load(con, args)
    scenario = _fit(con, scenario, args.config or "--as-of")
    feats = customer_features(con, scenario.as_of_date(), scenario.lookback_days, derived=uses_derived(scenario))
    try:
        scored = score_customers(feats, scenario, customer_attributes(con))
        ex = explain(scored, scenario, args.customer)
    except KeyError as e:
        raise CliError(f"{args.config or 'scenario'}: {e.args[0]}") from None
    except ExplainError as e:
        raise CliError(str(e)) from None
    rows = ex.rows[EXPLAIN_COLUMNS].copy()
    rows["value"] = rows["value"].map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v))
    if args.out:
        write_table(rows, args.out)
    else:
        print(rows.to_csv(index=False), end="")
    hand = f" (set by hand: {ex.override}; the score gives {ex.score_tier})" if ex.override else ""
    print(f"{ex.customer_id}: score {ex.score:g}, tier {ex.tier}{hand}", file=sys.stderr)
    if ex.next_tier is not None and ex.gap is not None:
        print(f"  {ex.gap:g} points below {ex.next_tier} (from {ex.threshold:g})", file=sys.stderr)
        for c in ex.changes:
            op = "=" if c["category"] else (">=" if c["direction"] == "at_least" else "<=")
            needed = c["needed"] if c["category"] else format(c["needed"], "g")
            print(f"  would reach it alone: {c['component']} {op} {needed}", file=sys.stderr)
        if not ex.changes:
            print("  no single component can close the gap alone", file=sys.stderr)
    if args.out:
        print(f"{len(rows) - 1} components and the total -> {args.out}", file=sys.stderr)
    return 0


def cmd_lifecycle(args) -> int:
    from .lifecycle import LifecycleRules, customer_stages

    scenario = _scenario(args.config, args.as_of)
    con = duckdb.connect()
    _load(con, args)
    scenario = _fit(con, scenario, args.config or "--as-of")
    stages = customer_stages(con, scenario.as_of_date(), LifecycleRules.of(scenario))
    write_table(stages[["customer_id", "stage"]], args.out)
    print(f"{len(stages)} customers staged -> {args.out}", file=sys.stderr)
    return 0


def cmd_migrate(args) -> int:
    from .migration import migrate

    if args.from_date >= args.to_date:
        raise CliError(f"--from {args.from_date} must be before --to {args.to_date}")
    scenario = _scenario(args.config, None)
    con = duckdb.connect()
    _load(con, args)
    scenario = _fit(con, scenario, args.config or "scenario")
    try:
        moves = migrate(con, scenario, args.from_date, args.to_date)
    except KeyError as e:
        raise CliError(f"{args.config or 'scenario'}: {e.args[0]}") from None
    write_table(moves[["customer_id", "tier_from", "tier_to"]], args.out)
    print(f"{len(moves)} customers compared -> {args.out}", file=sys.stderr)
    return 0


def cmd_clv(args) -> int:
    import json

    from . import clv

    scenario = _scenario(args.config, args.as_of)
    settings = dict(scenario.clv)
    if args.horizon_months is not None:
        low, high = SETTINGS["clv.horizon_months"].low, SETTINGS["clv.horizon_months"].high
        if not low <= args.horizon_months <= high:
            raise CliError(f"--horizon-months: expected {low} to {high}, got {args.horizon_months}")
        settings["horizon_months"] = args.horizon_months
    con = duckdb.connect()
    _load(con, args)
    scenario = _fit(con, scenario, args.config or "--as-of")
    try:
        result = clv.customer_value(con, scenario.as_of_date(), settings)
    except clv.ClvError as e:
        raise CliError(f"{args.input or args.dataset}: cannot fit the value model: {e}") from None
    params, values = result.params, result.values
    if result.boundary:
        print(f"warning: {args.input or args.dataset}: the purchase model's fit ended on a bound "
              f"({', '.join(result.boundary)}): it cannot tell who has stopped buying, so p_alive is near 1 for "
              f"everyone and not informative; rank by expected purchases and spend, and judge activity by recency "
              f"(the lifecycle command)", file=sys.stderr)
    cols = ["customer_id", "expected_purchases", "expected_spend", "p_alive", "clv"]
    write_table(values[cols].sort_values("customer_id", kind="stable"), args.out)
    if args.params_out:
        Path(args.params_out).write_text(json.dumps(params.to_dict(), indent=2), encoding="utf-8")
    print(f"{len(values)} customers valued ({result.repeat_buyers} repeat buyers; r={params.r:.3f} "
          f"alpha={params.alpha:.3f} a={params.a:.3f} b={params.b:.3f}) -> {args.out}", file=sys.stderr)
    return 0


def cmd_backtest(args) -> int:
    from .backtest_tiers import MAX_HORIZON_MONTHS, MIN_HORIZON_MONTHS, ROW_COLUMNS, tier_backtest, verdict, \
        verdict_sentence
    from .features import earliest_order_date, latest_order_date

    if not MIN_HORIZON_MONTHS <= args.horizon_months <= MAX_HORIZON_MONTHS:
        raise CliError(f"--horizon-months: expected {MIN_HORIZON_MONTHS} to {MAX_HORIZON_MONTHS}, "
                       f"got {args.horizon_months}")
    scenario = _scenario(args.config, None).with_changes(as_of=None)  # the cut-off is the as-of date
    con = duckdb.connect()
    _load(con, args)
    scenario = _fit(con, scenario, args.config or "scenario")
    first, last = earliest_order_date(con), latest_order_date(con)
    if args.cutoff < first:
        raise CliError(f"--cutoff {args.cutoff}: no customer has a tier before the first order ({first})")
    if args.cutoff >= last:
        raise CliError(f"--cutoff {args.cutoff}: the data ends on {last}, nothing after it to measure")
    try:
        bt = tier_backtest(con, scenario, args.cutoff, args.horizon_months)
    except KeyError as e:
        raise CliError(f"{args.config or 'scenario'}: {e.args[0]}") from None
    write_table(bt.rows[ROW_COLUMNS], args.out)
    print(verdict_sentence(verdict(bt), Path(args.config).name if args.config else None), file=sys.stderr)
    print(f"{len(bt.tiers)} tiers and new followed over {bt.horizon_months} months -> {args.out}", file=sys.stderr)
    return 0


def cmd_compare(args) -> int:
    from .compare import CUSTOMER_COLUMNS, compare_scenarios

    if args.config:
        raise CliError("compare: give the two scenarios with --a and --b (--config and --scenario are not used)")
    a, b = _scenario(args.a, args.as_of), _scenario(args.b, args.as_of)
    con = duckdb.connect()
    _load(con, args)
    a, b = _fit(con, a, args.a), _fit(con, b, args.b)
    if a.as_of != b.as_of:
        print(f"warning: {args.a} and {args.b} have different as_of dates ({a.as_of or 'latest'}, "
              f"{b.as_of or 'latest'}); both are tiered at {a.as_of or b.as_of} (--as-of sets one)", file=sys.stderr)
    try:
        result = compare_scenarios(con, a, b)
    except KeyError as e:
        side, message = e.args if len(e.args) == 2 else ("a", e.args[0])
        raise CliError(f"{args.a if side == 'a' else args.b}: {message}") from None
    write_table(result.customers[CUSTOMER_COLUMNS], args.out)
    print(f"customers by tier at {result.as_of}: rows {args.a} (A), columns {args.b} (B)", file=sys.stderr)
    print(result.cross_customers.to_string(), file=sys.stderr)
    print(f"{len(result.customers)} customers compared, {len(result.movers)} in another tier -> {args.out}",
          file=sys.stderr)
    return 0


def cmd_clusters(args) -> int:
    from .clusters import ClusterError, K_RANGE, cluster_customers, settings_of
    from .scoring import join_attributes

    scenario = _scenario(args.config, args.as_of)
    given = settings_of(scenario.clusters)  # the scenario's clusters block; the flags win
    k = args.k if args.k is not None else given["k"]
    seed = args.seed if args.seed is not None else given["seed"]
    method = args.method or given["method"]
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns is not None else given["columns"]
    if k is not None and not K_RANGE[0] <= k <= K_RANGE[1]:
        raise CliError(f"--k: expected {K_RANGE[0]} to {K_RANGE[1]} clusters, got {k}")
    low, high = SETTINGS["clusters.seed"].low, SETTINGS["clusters.seed"].high
    if not low <= seed <= high:
        raise CliError(f"--seed: expected {low:g} to {high:g}, got {seed}")
    con = duckdb.connect()
    _load(con, args)
    scenario = _fit(con, scenario, args.config or "--as-of")
    frame = join_attributes(customer_features(con, scenario.as_of_date(), scenario.lookback_days, derived=False),
                            customer_attributes(con))
    try:
        result = cluster_customers(frame, method, None if k is None else int(k), int(seed), columns)
    except ClusterError as e:
        raise CliError(f"clusters: {e}") from None
    out = result.assignments[["customer_id", "cluster", "cluster_label"]].astype({"cluster_label": "str"})
    write_table(out.sort_values("customer_id", kind="stable"), args.out)
    how = f"suggested by silhouette ({result.silhouette[result.k]:.3f})" if result.suggested_k else "as asked"
    print(f"{result.k} clusters ({method}, seed {seed}, {how}):", file=sys.stderr)
    for row in result.profile.itertuples():
        print(f"  {row.cluster}: {row.label_en} · {row.customers} customers ({row.share:.1%}), "
              f"{row.revenue_share:.1%} of revenue", file=sys.stderr)
    print(f"{len(out)} customers clustered -> {args.out}", file=sys.stderr)
    return 0


def _command(sub, name: str, help: str, func, customers: str, config: str = "scenario JSON file",
             as_of: str | None = "analysis date (default: the latest order date)"):
    """A subcommand with the arguments every command shares: INPUT, --customers, [--as-of], --config, --out, and
    the workspace's --workspace, --dataset (in INPUT's place) and --scenario (in --config's)."""
    p = sub.add_parser(name, help=help)
    p.add_argument("input", nargs="?", help="orders file: CSV/TSV, Excel or Parquet (left out with --dataset)")
    p.add_argument("--customers", help=customers)
    if as_of:
        p.add_argument("--as-of", type=_date, help=as_of)
    p.add_argument("--config", help=config)
    p.add_argument("--workspace", help="the workspace file --dataset and --scenario read (default: env "
                   "TIERING_WORKSPACE, else workspace/workbench.duckdb)")
    p.add_argument("--dataset", help="a data set saved in the workspace, read instead of INPUT")
    p.add_argument("--scenario", help="a scenario saved in the workspace, instead of --config: its latest version, "
                   "or NAME@3 for version 3")
    p.add_argument("--out", required=True, help="output file (.csv, or .xlsx for Excel)")
    p.add_argument("--rejected-out", help="write every rejected input row (file row, column, reason, value) here")
    p.add_argument("--sheet", help="the sheet of an Excel workbook to read (default: the first)")
    p.add_argument("--memory-limit", default="1GB", help="memory DuckDB may hold before spilling to disk "
                   "(default 1GB; e.g. 4GB for speed on a large machine)")
    p.add_argument("--decimal", choices=(".", ","), help="decimal separator of the numbers (default: detected per "
                   "column: 1.234,50 and 99,90 mean comma)")
    order = p.add_mutually_exclusive_group()
    order.add_argument("--day-first", dest="day_first", action="store_const", const=True,
                       help="read dates like 05/01/2024 as 5 January (default: detected per column)")
    order.add_argument("--month-first", dest="day_first", action="store_const", const=False,
                       help="read dates like 05/01/2024 as May 1")
    p.add_argument("--delimiter", type=_delimiter, help="field delimiter of a text file: , ; | or tab "
                   "(default: detected)")
    p.set_defaults(func=func)
    return p


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m analytics", description="Customer tiering, headless.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = _command(sub, "score", "R/F/M scores, segments, score and tier per customer", cmd_score,
                 "customers file (attributes, prospects)")
    p.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb",
                   help="where features and scores are computed (spark: INPUT is typed Parquet; see the README)")
    p.add_argument("--table", help="with --engine spark: read this Spark catalog table (db.table) instead of INPUT")
    p.add_argument("--spark-remote", help="with --engine spark: Spark Connect address sc://host:port "
                   "(default: env TIERING_SPARK_REMOTE, else a local Spark)")
    for a in p._actions:  # INPUT may be left out when --table names the orders
        if a.dest == "input":
            a.nargs, a.required, a.default = "?", False, None
    _command(sub, "lifecycle", "lifecycle stage per known customer", cmd_lifecycle,
             "customers file (prospects: customers without orders)",
             "scenario JSON file (key lifecycle holds the stage rules)")
    p = _command(sub, "migrate", "tier at two dates per customer (new / lapsed where none)", cmd_migrate,
                 "customers file (attributes used by the scenario)", as_of=None)
    p.add_argument("--from", dest="from_date", type=_date, required=True, help="first date")
    p.add_argument("--to", dest="to_date", type=_date, required=True, help="second date")
    p = _command(sub, "clv", "predicted purchases, spend, P(alive) and value per customer", cmd_clv, "customers file",
                 "scenario JSON file (key clv)", "fit on orders up to this date (default: the latest order date)")
    p.add_argument("--horizon-months", type=int, help="months ahead to value (default: the scenario's, 12)")
    p.add_argument("--params-out", help="write the fitted r, alpha, a, b, p, q, gamma (weeks) as JSON")
    p = _command(sub, "backtest", "tiers at a cut-off and the revenue each brought in the months after it",
                 cmd_backtest, "customers file (attributes used by the scenario)", as_of=None)
    p.add_argument("--cutoff", type=_date, required=True, help="the cut-off: tiers from the orders up to this date")
    p.add_argument("--horizon-months", type=int, default=9, help="calendar months after the cut-off (default 9)")
    p = _command(sub, "compare", "every customer's tier under two scenarios, A and B", cmd_compare,
                 "customers file (attributes used by the scenarios; owner and region)",
                 "not used by compare (give --a and --b)",
                 "the as-of date of both (default: A's as_of, else B's, else the latest order date)")
    p.add_argument("--a", required=True, help="scenario A's JSON file")
    p.add_argument("--b", required=True, help="scenario B's JSON file")
    p = _command(sub, "explain", "what each score component added to one customer's score", cmd_explain,
                 "customers file (attributes used by the scenario)")
    p.add_argument("--customer", required=True, help="the customer's id, as in the data")
    for a in p._actions:  # without --out the table goes to stdout
        if a.dest == "out":
            a.required = False
    p = _command(sub, "clusters", "suggested segments: cluster, cluster_label per scored customer", cmd_clusters,
                 "customers file (the columns --columns names)", "scenario JSON file (key clusters: method, k, "
                 "seed, columns; the flags win)")
    p.add_argument("--k", type=int, help="number of clusters, 2-12 (default: the scenario's, else the one with "
                   "the best silhouette, 2-8)")
    p.add_argument("--seed", type=int, help="random seed (default: the scenario's, else 0); the same seed gives "
                   "the same file")
    p.add_argument("--method", choices=("kmeans", "gmm"), help="k-means or a Gaussian mixture (default: the "
                   "scenario's, else kmeans)")
    p.add_argument("--columns", help="customer columns to cluster on besides R/F/M, comma-separated (default: the "
                   "scenario's)")
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        _from_workspace(args)
        return args.func(args)
    except CliError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # unwritable output and the like
        print(f"error: {e.filename or ''}: {e.strerror}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
