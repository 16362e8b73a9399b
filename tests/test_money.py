"""fmt_money: compact money in each language, and one unit shared by a row of cards (values by hand)."""
import pytest

from ui import i18n
from ui.i18n import fmt_money

# the sample's tier revenue (3 tiers, and 6 tiers by share), rounded to the yuan
SAMPLE_ROW = [372_995_100, 37_099_890, 68_396_320]
SIX_ROW = [179_830_200, 125_585_700, 91_329_640, 50_646_990, 21_746_280, 9_352_382]


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "zh")


@pytest.fixture
def en(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")


@pytest.mark.parametrize("value, text", [
    (0, "0"),
    (9_999, "9,999"),
    (12_345, "1.2万"),
    (37_099_890, "3,710.0万"),
    (99_940_000, "9,994.0万"),
    (99_999_999, "1.00亿"),  # 9,999.99999万 would round to 10,000.0万
    (100_000_000, "1.00亿"),
    (372_995_100, "3.73亿"),  # not 37,299.5万, not 3.7亿
    (1_234_567_890_000, "12,345.68亿"),  # no unit above 亿
    (-250_000_000, "-2.50亿"),  # net of returns can be negative
    (-5_000, "-5,000"),
])
def test_chinese_units(zh, value, text):
    assert fmt_money(value) == text


@pytest.mark.parametrize("value, text", [
    (0, "0"),
    (999, "999"),
    (1_234, "1.2K"),
    (999_940, "999.9K"),
    (999_960, "1.0M"),  # 999.96K would round to 1,000.0K
    (372_995_100, "373.0M"),
    (1_500_000_000, "1.5B"),
    (-37_099_890, "-37.1M"),
])
def test_english_units(en, value, text):
    assert fmt_money(value) == text


def test_a_chinese_row_past_one_yi_reads_in_yi(zh):
    assert [fmt_money(v, SAMPLE_ROW) for v in SAMPLE_ROW] == ["3.73亿", "0.37亿", "0.68亿"]
    assert [fmt_money(v, SIX_ROW) for v in SIX_ROW] == ["1.80亿", "1.26亿", "0.91亿", "0.51亿", "0.22亿", "0.09亿"]


def test_a_chinese_row_below_one_yi_stays_in_wan(zh):
    row = [37_099_890, 99_940_000, 12_345]
    assert [fmt_money(v, row) for v in row] == ["3,710.0万", "9,994.0万", "1.2万"]


def test_a_row_keeps_the_smaller_unit_when_its_smallest_would_read_zero(zh):
    row = [370_000_000, 400_000]  # 0.004亿 would read 0.00亿
    assert [fmt_money(v, row) for v in row] == ["37,000.0万", "40.0万"]


def test_a_row_too_small_for_a_unit_reads_in_whole_numbers(zh):
    row = [17_161.01, 13_649.14, 5_650.99]  # average order values: the smallest is under 1万
    assert [fmt_money(v, row) for v in row] == ["17,161", "13,649", "5,651"]


def test_an_english_row_shares_one_unit(en):
    assert [fmt_money(v, SAMPLE_ROW) for v in SAMPLE_ROW] == ["373.0M", "37.1M", "68.4M"]
    row = [14_099.76, 12_143.99, 8_314.65]
    assert [fmt_money(v, row) for v in row] == ["14.1K", "12.1K", "8.3K"]
    row = [12_000_000, 50_000]  # 12,000.0K reads 12.0M once 50K still reads 0.1M
    assert [fmt_money(v, row) for v in row] == ["12.0M", "0.1M"]
    row = [3_000_000, 5_000]  # 0.005M would read 0.0M: stays in K
    assert [fmt_money(v, row) for v in row] == ["3,000.0K", "5.0K"]


def test_zeros_and_negatives_in_a_row(zh):
    row = [0, 372_995_100, -37_099_890]  # 0 picks nothing; a negative tier counts by its size
    assert [fmt_money(v, row) for v in row] == ["0.00亿", "3.73亿", "-0.37亿"]
    assert fmt_money(0, [0, 0]) == "0"


def test_one_figure_picks_the_unit(zh):
    assert fmt_money(372_995_100, 37_099_890) == "37,299.5万"  # the figure alone reads in 万
    assert fmt_money(372_995_100, 372_995_100) == "3.73亿"
