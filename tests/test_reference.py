"""docs/reference.md travels with the code: its generated tables are current, and it names every command,
flag and reject reason, with an example scenario that loads without a notice."""
import argparse
import importlib.util
import json
import re
from dataclasses import fields
from pathlib import Path

import pytest

from analytics.__main__ import build_parser
from analytics.config import Scenario, read_scenario
from analytics.ingest.mapping import REASONS

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "reference.md"
SCRIPT = ROOT / "scripts" / "reference_tables.py"
REGENERATE = ".venv/bin/python scripts/reference_tables.py"


def _script():
    spec = importlib.util.spec_from_file_location("reference_tables", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def page() -> str:
    return PAGE.read_text(encoding="utf-8")


def _mentioned(text: str, word: str) -> bool:
    """word as a whole token (not part of a longer flag or name)."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def test_generated_tables_are_up_to_date(page):
    script = _script()
    try:
        fresh = script.render(page)
    except LookupError as e:  # a constant the limits table names has gone: the script says which
        pytest.fail(f"{e}; then run {REGENERATE}")
    if fresh != page:
        stale = [name for name, build in script.BLOCKS.items()
                 if f"<!-- {name}:start -->\n{build()}\n<!-- {name}:end -->" not in page]
        pytest.fail(f"docs/reference.md is out of date with the code (generated blocks: {', '.join(stale)}): "
                    f"run {REGENERATE} and commit the page")


def test_every_setting_is_in_the_settings_table(page):
    from analytics.config import SETTINGS
    block = page.split("<!-- settings:start -->")[1].split("<!-- settings:end -->")[0]
    missing = [k for k in SETTINGS if f"| `{k}` |" not in block]
    assert not missing, f"settings missing from docs/reference.md: {missing}; run {REGENERATE}"


def _subcommands(parser: argparse.ArgumentParser) -> dict:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert actions, "python -m analytics has no subcommands"
    return dict(actions[0].choices)


def test_every_command_and_flag_is_documented(page):
    parser = build_parser()
    commands = _subcommands(parser)
    missing = []
    for name, sub in commands.items():
        if f"#### `{name}`" not in page:
            missing.append(f"command {name} (a '#### `{name}`' section)")
        for action in sub._actions:
            for flag in action.option_strings:
                if not _mentioned(page, flag):
                    missing.append(f"{name} {flag}")
            for choice in action.choices or ():
                if not isinstance(action, argparse._SubParsersAction) and not _mentioned(page, str(choice)):
                    missing.append(f"{name} {action.option_strings[0]} choice {choice!r}")
    for flag in (f for a in parser._actions for f in a.option_strings):
        if not _mentioned(page, flag):
            missing.append(f"python -m analytics {flag}")
    assert not missing, "docs/reference.md does not mention: " + "; ".join(missing)


def test_every_reject_reason_is_documented(page):
    missing = [r for r in REASONS if f"`{r}`" not in page]
    assert not missing, f"reject reasons missing from docs/reference.md: {missing}"


def _example(page: str) -> str:
    section = page.split("### A full example", 1)[1]
    found = re.search(r"```json\n(.*?)\n```", section, re.S)
    assert found, "docs/reference.md: no ```json block under '### A full example'"
    return found.group(1)


def test_the_example_scenario_loads_without_notices(page):
    text = _example(page)
    scenario, notices = read_scenario(text)
    assert notices == [], [n.message() for n in notices]
    data = json.loads(text)
    keys = {f.name for f in fields(Scenario)} - {"extra"}
    assert set(data) == keys, f"the example should show every key: missing {sorted(keys - set(data))}, " \
                              f"unknown {sorted(set(data) - keys)}"
    assert scenario.extra == {}
    assert Scenario.from_json(text) == scenario  # the strict reader agrees


def test_the_page_is_linked_from_the_readme():
    assert "docs/reference.md" in (ROOT / "README.md").read_text(encoding="utf-8")
