"""Rewrite the generated parts of docs/reference.md from the code, so the page cannot drift from it.

    .venv/bin/python scripts/reference_tables.py           # rewrite docs/reference.md in place
    .venv/bin/python scripts/reference_tables.py --check   # exit 1 (and say so) when the page is out of date

Each generated part sits between two marker comments, `<!-- NAME:start -->` and `<!-- NAME:end -->`;
the text between them is replaced, everything else on the page is left as written:

    settings  every scenario setting: analytics.config.SETTINGS (key, type, range, default, unit, help)
    blocks    the top-level keys of a scenario file: analytics.config.HELP and EXAMPLES
    notices   what reading a scenario corrects or refuses: analytics.config.NOTICE_TEXT and REFUSED
    limits    the fixed limits of reading, scenarios and the value model (constants named below)
    grid      the R x F grid: analytics.rfm.GRID
"""
from __future__ import annotations

import argparse
import importlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "reference.md"
COMMAND = ".venv/bin/python scripts/reference_tables.py"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analytics import config, rfm  # noqa: E402  (after the path is set, so the script runs from anywhere)


def _cell(text) -> str:
    """Text for one Markdown table cell: pipes escaped, line breaks folded."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------- settings

def _value(value, kind: str) -> str:
    """A default or bound as the app shows it: shares as percents, numbers without trailing zeros."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return f'`"{value}"`' if value else '`""`'
    return config.fmt_value(value, "", "share" if kind == "share" else "")


def _range(s: config.Setting) -> str:
    if s.kind == "choice":
        return " / ".join(f"`{c}`" for c in s.choices)
    if s.kind == "date":
        return "a date, YYYY-MM-DD"
    if s.kind == "edges":
        return "bins − 1 ascending numbers"
    if s.kind == "text":
        return f"{config.fmt_value(s.low)}–{config.fmt_value(s.high)} characters"
    if s.low is None and s.high is None:
        return "—"
    return f"{_value(s.low, s.kind)} – {_value(s.high, s.kind)}"


def _unit(s: config.Setting) -> str:
    if s.kind == "share":
        return "% (0–1 in the file)"
    return s.unit or "—"


def settings_block() -> str:
    rows = [[f"`{s.key}`", s.kind, _range(s), _value(s.default, s.kind), _unit(s), s.help]
            for s in config.SETTINGS.values()]
    note = ("Generated from `analytics.config.SETTINGS`. Shares are shown as percents and written in the scenario "
            "file as fractions (80% is `0.8`). Range: what `read_scenario` keeps; a number outside it is moved to "
            "the nearest end of it with a notice (a list of tiers of another length is refused instead).")
    return note + "\n\n" + _table(["Key", "Type", "Range", "Default", "Unit", "Help"], rows)


# ---------------------------------------------------------------- top-level blocks

def blocks_block() -> str:
    rows = []
    for key, help_text in config.HELP.items():
        form = config.EXAMPLES.get(key) or (config.SETTINGS[key].example if key in config.SETTINGS else "")
        rows.append([f"`{key}`", f"`{form}`" if form else "—", help_text])
    note = ("Generated from `analytics.config.HELP` and `EXAMPLES`. Every key is optional (a missing key keeps "
            "its default); top-level keys the app does not know are kept as they are and written back on save.")
    return note + "\n\n" + _table(["Key", "Form", "Meaning"], rows)


# ---------------------------------------------------------------- notices

def notices_block() -> str:
    rows = [[f"`{code}`", "refused" if code in config.REFUSED else "corrected", text]
            for code, text in config.NOTICE_TEXT.items()]
    note = ("Generated from `analytics.config.NOTICE_TEXT` and `REFUSED`. *corrected*: the value is replaced by the "
            "nearest allowed one and the rest of the scenario applies; *refused*: the value (or the whole scenario) "
            "is not used and its default applies. The command line prints a correction as a warning and stops on a "
            "refusal of the scenario file (exit code 2); `outside_data` and `missing_column` come from `fit_to_data` "
            "once the data is loaded, and the command line only warns about them.")
    return note + "\n\n" + _table(["Code", "Kind", "Message"], rows)


# ---------------------------------------------------------------- limits

def _count(v) -> str:
    return f"{v:,}"


def _bytes(v) -> str:
    for unit, size in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if v >= size and v % size == 0:
            return f"{v // size:,} {unit} ({v:,} bytes)"
    return f"{v:,} bytes"


def _log_bounds(v) -> str:
    import math
    lo, hi = v
    return f"log(parameter) in [{lo:g}, {hi:g}], i.e. {math.exp(lo):.2g} to {math.exp(hi):,.0f}"


# (module, constant, key inside a dict constant or None, format, meaning)
LIMITS = [
    ("analytics.ingest.mapping", "MAX_ID", None, lambda v: f"{v:,} characters",
     "longest customer id; a longer one is rejected (`id_too_long`)"),
    ("analytics.ingest.mapping", "MAX_NUMBER", None, lambda v: f"{v:.0e}".replace("e+", "e"),
     "a number whose size is this or more (or not finite) is rejected (`number_out_of_range`)"),
    ("analytics.ingest.parsing", "EVIDENCE_ROWS", None, _count,
     "values (the first in file order) examined to decide a column's decimal separator and day/month order"),
    ("analytics.ingest.reading", "MAX_UNPACKED_BYTES", None, _bytes, "a .gz or .zip may not unpack past this"),
    ("analytics.workbook", "LIMITS", "max_rows", _count,
     "data rows of a workbook sheet (no data below sheet row max_rows + 1)"),
    ("analytics.workbook", "LIMITS", "max_columns", _count, "columns of a workbook sheet"),
    ("analytics.workbook", "LIMITS", "max_uncompressed_bytes", _bytes,
     "sum of a workbook's declared unpacked part sizes"),
    ("analytics.workbook", "LIMITS", "timeout_s", lambda v: f"{v:,} s", "wall time of reading one workbook"),
    ("analytics.workbook", "LIMITS", "memory_mb", lambda v: f"{v:,} MB",
     "address space of the child process that parses a workbook"),
    ("analytics.workbook", "MAX_ZIP_ENTRIES", None, _count, "files inside one workbook"),
    ("analytics.workbook", "MAX_PART_BYTES", None, _bytes,
     "size of a workbook's workbook.xml and .rels parts read in the app's own process"),
    ("analytics.config", "MAX_SCENARIO_CHARS", None, lambda v: f"{v:,} characters",
     "a longer scenario is ignored whole (`too_large`; as bytes: 4 × this)"),
    ("analytics.config", "MAX_SCENARIO_DEPTH", None, lambda v: f"{v} levels",
     "deeper nesting of [ and { is ignored whole (`too_deep`)"),
    ("analytics.config", "MAX_ATTRIBUTES", None, _count, "score components from the customers table; the rest are cut"),
    ("analytics.config", "MAX_POINTS", None, _count, "entries of one points table; a longer table is left out"),
    ("analytics.clv", "MIN_CUSTOMERS", None, _count, "customers with a purchase before the cut-off the value model needs"),
    ("analytics.clv", "MIN_REPEAT_BUYERS", None, _count,
     "repeat buyers the purchase model needs (and repeat buyers with a positive spend the spend model needs)"),
    ("analytics.clv", "MIN_WEEKS", None, lambda v: f"{v} weeks", "history before the cut-off the value model needs"),
    ("analytics.clv", "BGNBD_LOG_BOUNDS", None, _log_bounds, "search range of r, alpha, a, b"),
    ("analytics.clv", "GG_LOG_BOUNDS", None, _log_bounds, "search range of p, q, gamma"),
    ("analytics.clv", "BOUNDARY_TOL", None, lambda v: f"{v:g} (in log)",
     "a fitted parameter this close to a bound counts as on it"),
    ("analytics.clv", "NO_DROPOUT", None, lambda v: f"{v:g}",
     "a / (a + b) below this also counts as `a` on its bound (no one appears to stop buying)"),
    ("analytics.clv", "ALIVE_FLAT", None, lambda v: f"{v * 100:g}%",
     "P(alive) at or above this for every customer says nothing about who has stopped"),
    ("analytics.migration", "TREND_MAX_PERIODS", None, _count, "period ends the tier trend offers at most"),
    ("analytics.export", "MONEY_DECIMALS", None, _count, "decimals of money columns in exported lists"),
    ("analytics.export", "PROBABILITY_DECIMALS", None, _count,
     "decimals of probability and share columns in exported lists"),
]


def limits_block() -> str:
    rows = []
    for module, name, key, fmt, meaning in LIMITS:
        mod = importlib.import_module(module)
        if not hasattr(mod, name) or (key is not None and key not in getattr(mod, name)):
            raise LookupError(f"{module} has no {name}{f'[{key!r}]' if key else ''}: update LIMITS in "
                              f"scripts/reference_tables.py and the text of docs/reference.md")
        value = getattr(mod, name)
        value = value[key] if key is not None else value
        rows.append([f"`{module.removeprefix('analytics.')}.{name}{f'[{key!r}]' if key else ''}`", fmt(value),
                     meaning])
    note = "Generated from the constants named in the first column (module paths below `analytics/`)."
    return note + "\n\n" + _table(["Constant", "Value", "Meaning"], rows)


# ---------------------------------------------------------------- R x F grid

def grid_block() -> str:
    rows = [[f"**R {r}**"] + [f"`{rfm.GRID[(r, f)]}`" for f in range(1, 6)] for r in range(5, 0, -1)]
    note = ("Generated from `analytics.rfm.GRID`: the code of each (R score, F score) on 5 bins, "
            "R rows from most recent (5) down, F columns from fewest purchases (1) up.")
    return note + "\n\n" + _table(["", "F 1", "F 2", "F 3", "F 4", "F 5"], rows)


BLOCKS = {"settings": settings_block, "blocks": blocks_block, "notices": notices_block, "limits": limits_block,
          "grid": grid_block}


def render(text: str) -> str:
    """The page with every generated block rewritten; a block whose markers are missing is an error."""
    for name, build in BLOCKS.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
        if len(pattern.findall(text)) != 1:
            raise ValueError(f"{PAGE.relative_to(ROOT)}: expected one {start} ... {end} pair")
        body = build()
        text = pattern.sub(lambda m: f"{start}\n{body}\n{end}", text)
    return text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Rewrite the generated tables of docs/reference.md from the code.")
    ap.add_argument("--check", action="store_true", help="only check: exit 1 when the page is out of date")
    args = ap.parse_args(argv)
    old = PAGE.read_text(encoding="utf-8")
    new = render(old)
    if args.check:
        if new != old:
            print(f"{PAGE.relative_to(ROOT)} is out of date with the code: run {COMMAND}", file=sys.stderr)
            return 1
        return 0
    if new != old:
        PAGE.write_text(new, encoding="utf-8")
        print(f"rewrote {PAGE.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
