"""The project's layout (README, Layout), and translations complete in both languages."""
import re
from pathlib import Path

from analytics.config import SCORE_METHODS, TIER_METHODS, WEIGHT_KEYS
from analytics.ingest import CUSTOMER_FIELDS, REASONS, TRANSACTION_FIELDS
from ui.i18n import SEGMENT_NAMES, STRINGS
from ui.tables import CUSTOMER_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
UI_SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]


def test_analytics_never_imports_streamlit_or_ui():
    for path in (ROOT / "analytics").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+(streamlit|ui)\b", text, re.M), path


def test_pages_stay_thin():
    for path in (ROOT / "pages").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 150, path


def test_every_literal_text_key_is_translated():
    used = set()
    for path in UI_SOURCES:
        used |= set(re.findall(r"\bt\(\"([a-z_]+\.[a-z_.]+)\"", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in STRINGS)
    assert not missing, missing


def test_every_computed_text_key_is_translated():
    keys = [f"controls.method.{m}" for m in SCORE_METHODS] + [f"controls.tier_method.{m}" for m in TIER_METHODS]
    keys += [f"controls.weight.{k}" for k in WEIGHT_KEYS] + [f"controls.weight_short.{k}" for k in WEIGHT_KEYS]
    keys += [f"controls.edges.{k}" for k in "RFM"] + [f"reason.{r}" for r in REASONS]
    keys += [f"field.{f}" for f in TRANSACTION_FIELDS + CUSTOMER_FIELDS] + [f"col.{c}" for c in CUSTOMER_COLUMNS]
    assert sorted(k for k in keys if k not in STRINGS) == []


def test_both_languages_are_filled_and_chinese_is_chinese():
    for key, (en, zh) in STRINGS.items():
        assert en.strip() and zh.strip(), key
        placeholders = lambda s: sorted(re.findall(r"\{(\w+)", s))
        assert placeholders(en) == placeholders(zh), key


def test_segment_names_translate_every_code():
    from analytics.rfm import EIGHT_CLASS_ORDER, GRID_ORDER
    assert set(EIGHT_CLASS_ORDER + GRID_ORDER) <= set(SEGMENT_NAMES["en"])
    assert set(GRID_ORDER) <= set(SEGMENT_NAMES["zh"])
