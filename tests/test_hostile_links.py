"""Hostile scenario links on every page: never an exception, always a visible notice naming the key.

And the one home of every range: each widget's limits equal the settings table's (analytics/config.SETTINGS).
"""
import re

import pytest
from streamlit.testing.v1 import AppTest

from analytics.config import SETTINGS
from apptest import open_app

PAGES = ["pages/tiers.py", "pages/data.py", "pages/lifecycle.py", "pages/migration.py", "pages/value.py",
         "pages/export.py"]

# (scenario in the link, text the notice must show)
HOSTILE = {
    "as_of after the data": ('{"as_of": "2031-01-01"}', "as_of: 2031-01-01 is outside the data (2021-07-01 to 2024-06-30); using 2024-06-30."),
    "as_of before the data": ('{"as_of": "1999-01-01"}', "as_of: 1999-01-01 is outside the data (2021-07-01 to 2024-06-30); using 2021-07-01."),
    "as_of a number": ('{"as_of": 20240101}', "as_of: 20240101 is not of the expected form (e.g. 2024-06-30); using the latest order date."),
    "weight above the slider": ('{"weights": {"R": 600, "F": 1, "M": 1}}', "weights.R: 600 is above the maximum 100; using 100."),
    "abc with one share": ('{"abc": [0.9]}', "abc: [0.9] is not of the expected form (e.g. [0.8, 0.95]); using [80%, 95%]."),
    "attributes not objects": ('{"attributes": ["x"]}', "attributes[1]: 'x' is not of the expected form"),
    "attribute column missing": ('{"attributes": [{"column": "nope", "weight": 1}]}',
                                 "attributes.nope: the column 'nope' is not in the data; ignored."),
    "thresholds a list": ('{"thresholds": [1, 2]}', "thresholds: [1, 2] is not of the expected form"),
    "threshold edges for other bins": ('{"score_method": "threshold", "bins": 3}',
                                       "thresholds.R: [30, 90, 180, 365] has the wrong number of entries (expected 2); using the quantile method."),
    "horizon of ten years": ('{"clv": {"horizon_months": 120}}', "clv.horizon_months: 120 months is above the maximum 36 months; using 36 months."),
    "margin as a percent": ('{"clv": {"margin": 30}}', "clv.margin: 3000% is above the maximum 100%; using 100%."),
    "shares over 100%": ('{"tier_method": "share", "tiers": [["A", 0.7], ["B", 0.5], ["C", 0]]}',
                         "tiers: the shares [70%, 50%] add up to more than 100%; using A 10% / B 20% / C 70%."),
    "deeply nested": ('{"extra": ' + "[" * 200 + "]" * 200 + "}", "nested more than 6 levels deep"),
    # Streamlit itself drops a query string past 512 KiB; below that, the scenario's own limit speaks
    "300 kilobytes": ('{"note": "' + "x" * 300_000 + '"}', "more than the limit of 64000"),
    "not JSON": ("{bins: 5", "is not valid JSON"),
}


def plain(text: str) -> str:
    """Markdown source back to what the reader sees."""
    return text.replace("\u200b", "").replace("\\", "")


def notices_shown(at) -> str:
    return "\n".join(plain(e.value) for e in list(at.warning) + list(at.info))


def open_link(scenario: str, page: str, lang: str = "en") -> AppTest:
    return open_app({"scenario": scenario, "lang": lang}, None if page == PAGES[0] else page)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_link_gives_a_notice_not_an_exception(case, page):
    scenario, expected = HOSTILE[case]
    at = open_link(scenario, page)
    assert not at.exception, at.exception
    assert expected in notices_shown(at)
    assert len(at.query_params.get("scenario", "")) < 2000  # the address bar holds the corrected scenario


def test_notices_speak_the_interface_language():
    at = open_link('{"weights": {"R": 600, "F": 1, "M": 1}, "clv": {"horizon_months": 120}}', PAGES[0], "zh")
    shown = notices_shown(at)
    assert "weights.R：600 超过上限 100，已改用 100。" in shown
    assert "clv.horizon_months：120个月 超过上限 36个月，已改用 36个月。" in shown


def test_dismissed_notices_stay_dismissed():
    at = open_link('{"weights": {"R": 600, "F": 1, "M": 1}}', PAGES[0])
    at.button(key="dismiss_notices").click().run()
    assert "weights.R" not in notices_shown(at)
    at.switch_page(PAGES[2]).run()
    assert "weights.R" not in notices_shown(at)


# widget key -> (settings key, scale of the widget's value)
WIDGETS = {
    "w_bins": ("bins", 1), "w_lookback": ("lookback_days", 1),
    "w_tier_count": ("tiers.count", 1), "w_tmin_0_0": ("tiers.min_score", 1),
}
# weights sit on stops (finer below 10): the first and last are the table's range, each a multiple of its step
WEIGHT_WIDGETS = {"w_weight_R": "weights.R", "w_weight_F": "weights.F", "w_weight_M": "weights.M",
                  "w_weight_profit": "weights.profit"}
LIFECYCLE_WIDGETS = {f"w_rule_{k}": (f"lifecycle.{k}", 1) for k in
                     ("churned_days", "at_risk_days", "loyal_purchases", "loyal_days", "repeat_purchases")}
VALUE_WIDGETS = {"w_clv_h": ("clv.horizon_months", 1), "w_clv_d": ("clv.discount_rate", 1),
                 "w_clv_hi": ("clv.value_shares.high", 1), "w_clv_mid": ("clv.value_shares.mid", 1)}


def _limits(widget):
    proto = widget.proto
    return proto.min, proto.max, proto.step


def _check(at, table):
    found = {w.key: w for w in list(at.slider) + list(at.number_input) if w.key in table}
    assert set(found) == set(table)
    for key, (setting, scale) in table.items():
        st_ = SETTINGS[setting]
        assert _limits(found[key]) == pytest.approx((st_.low * scale, st_.high * scale, st_.step * scale)), key


def test_every_widget_range_is_the_settings_table():
    at = open_link("{}", PAGES[0])
    _check(at, WIDGETS)
    found = {w.key: w for w in at.select_slider if w.key in WEIGHT_WIDGETS}
    assert set(found) == set(WEIGHT_WIDGETS)
    for key, setting in WEIGHT_WIDGETS.items():
        st_, stops = SETTINGS[setting], [float(o) for o in found[key].options]
        assert (stops[0], stops[-1]) == (st_.low, st_.high) and stops == sorted(set(stops)), key
        assert all(v / st_.step == int(v / st_.step) for v in stops) and 0.5 in stops and 60 in stops, key
    at.radio(key="w_tier_method").set_value("share").run()
    share = [w for w in at.number_input if w.key and w.key.startswith("w_tshare_")][0]
    assert _limits(share) == pytest.approx((0, 100, 5))  # tiers.share in percent
    assert SETTINGS["tiers.share"].high * 100 == 100 and SETTINGS["tiers.share"].step * 100 == 5
    at.switch_page(PAGES[2]).run()
    _check(at, LIFECYCLE_WIDGETS)
    at.switch_page(PAGES[4]).run()
    _check(at, VALUE_WIDGETS)


def test_every_notice_has_both_languages_and_the_same_english():
    from analytics.config import NOTICE_TEXT
    from ui.i18n import STRINGS
    for code, text in NOTICE_TEXT.items():
        en, zh = STRINGS[f"notice.{code}"]
        assert en.lower() == text.replace("{key}", "{what}").lower(), code
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), code
