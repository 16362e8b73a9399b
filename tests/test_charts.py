"""Chart builders: the tier pyramid tells the truth (band widths), and user text stays text in every chart."""
import pandas as pd
import pytest

from ui import charts
from ui.tables import text_width

HOSTILE = '<img src=x onerror=alert(1)> %{x} & "q"'  # HTML, a template field, & and a quote


def summary(tiers, customers, revenue):
    n, rev = sum(customers) or 1, sum(revenue) or 1
    return pd.DataFrame({"tier": tiers, "customers": customers, "revenue": [float(r) for r in revenue],
                         "customer_share": [c / n for c in customers], "revenue_share": [r / rev for r in revenue]})


def band(row):
    return f"{row.customers:,} customers"


def bands(fig):
    """Tier name (as drawn) -> (half width, bottom, top) of its band."""
    return {tr.name: (max(tr.x), min(tr.y), max(tr.y)) for tr in fig.data}


def labels(fig):
    return [a.text for a in fig.layout.annotations]


def test_band_widths_are_proportional_to_customers_best_on_top():
    fig = charts.plot_pyramid(summary(["A", "B", "C"], [750, 215, 1728], [3.7e8, 3.7e7, 6.8e7]), "t", band)
    got = bands(fig)
    assert got["C"][0] == pytest.approx(charts.PYRAMID_HALF)  # the largest tier is the widest
    assert got["A"][0] == pytest.approx(charts.PYRAMID_HALF * 750 / 1728)
    assert got["B"][0] == pytest.approx(charts.PYRAMID_HALF * 215 / 1728)  # B narrower than A, as it is smaller
    assert got["A"][1] > got["B"][2] and got["B"][1] > got["C"][2]  # A on top, then B, then C
    for name, (half, _, _) in got.items():
        tr = next(tr for tr in fig.data if tr.name == name)
        assert min(tr.x) == pytest.approx(-half)  # centred


def test_band_widths_by_revenue():
    fig = charts.plot_pyramid(summary(["A", "B", "C"], [750, 215, 1728], [3.7e8, 3.7e7, 7.4e7]), "t", band,
                              by="revenue")
    got = bands(fig)
    assert got["A"][0] == pytest.approx(charts.PYRAMID_HALF)
    assert got["B"][0] == pytest.approx(charts.PYRAMID_HALF * 0.1)
    assert got["C"][0] == pytest.approx(charts.PYRAMID_HALF * 0.2)


def test_an_empty_tier_has_no_band_but_keeps_its_label():
    fig = charts.plot_pyramid(summary(["Top", "Middle", "Rest"], [0, 808, 1885], [0, 4e8, 8e7]), "t", band)
    assert set(bands(fig)) == {"Middle", "Rest"}
    notes = labels(fig)
    assert len(notes) == 3 and "<b>Top</b>" in notes[0] and "0 customers" in notes[0]
    ys = [a.y for a in fig.layout.annotations]
    assert ys == sorted(ys, reverse=True)  # the empty tier keeps its place at the top


def test_negative_revenue_is_drawn_zero_wide_and_said():
    s = summary(["A", "B", "C"], [10, 20, 30], [5e5, 1e5, -2e4])  # C's returns exceed its sales
    fig = charts.plot_pyramid(s, "t", band, by="revenue", negative_text=lambda r: f"net {r.revenue:,.0f}: drawn 0")
    assert set(bands(fig)) == {"A", "B"}
    notes = labels(fig)
    assert "net -20,000: drawn 0" in notes[2]
    assert "drawn 0" not in notes[0] + notes[1]
    by_customers = charts.plot_pyramid(s, "t", band, negative_text=lambda r: "drawn 0")
    assert set(bands(by_customers)) == {"A", "B", "C"} and not any("drawn 0" in n for n in labels(by_customers))


def test_all_tiers_empty_draws_no_band():
    fig = charts.plot_pyramid(summary(["A", "B"], [0, 0], [0, 0]).fillna(0.0), "t", band)
    assert not fig.data and len(labels(fig)) == 2


def test_a_tiny_tier_is_still_seen():
    fig = charts.plot_pyramid(summary(["A", "B"], [1, 100_000], [1, 1]), "t", band)
    assert bands(fig)["A"][0] > 0


def test_long_names_wrap_on_two_lines():
    assert charts._wrap("战略客户") == "战略客户"
    assert charts._wrap("Very important strategic accounts of the north region") == \
        "Very important<br>strategic accounts of…"
    assert charts._wrap("一二三四五六七八九十一二三四五六七八九十一二三四五") == \
        "一二三四五六七八九十一<br>二三四五六七八九十一二…"
    assert charts._wrap("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def _strings(v, key=""):
    """(key, string) of every string in a figure's JSON: plotly renders them as HTML."""
    if isinstance(v, str):
        yield key, v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield from _strings(x, k)
    elif isinstance(v, (list, tuple)):
        for x in v:
            yield from _strings(x, key)
    elif hasattr(v, "tolist"):
        yield from _strings(v.tolist(), key)


def _assert_escaped(fig):
    strings = list(_strings(fig.to_plotly_json()))
    assert not any("<img" in s for _, s in strings)  # the raw name appears nowhere
    assert any('&lt;img src=x onerror=alert(1)&gt; %{x} &amp; "q"' in s for _, s in strings)
    assert not any("%{x} &amp;" in s for k, s in strings if k.endswith("template"))  # nor in a template


def test_tier_names_are_escaped_in_the_pyramid():
    _assert_escaped(charts.plot_pyramid(summary([HOSTILE, "B"], [1, 2], [1, 2]), "t", band))


def test_tier_names_are_escaped_in_migration_charts():
    tiers = [HOSTILE, "B"]
    matrix = pd.DataFrame([[1, 2], [3, 4]], index=tiers, columns=tiers)
    _assert_escaped(charts.plot_matrix(matrix, "t", "to", "from", ",.0f", {}, {}))
    flows = pd.DataFrame({"tier_from": [HOSTILE, "B"], "tier_to": ["B", HOSTILE], "customers": [3, 4]})
    _assert_escaped(charts.plot_sankey(flows, tiers, {}, {}, "t"))
    trend = pd.DataFrame({HOSTILE: [1, 2], "B": [3, 4]}, index=["2024-01", "2024-02"])
    fig = charts.plot_tier_trend(trend, "t", "y")
    _assert_escaped(fig)
    assert all("%{x}: %{y:,}" == tr.hovertemplate for tr in fig.data)  # the name is never in a template


def test_segment_names_are_escaped():
    seg = pd.DataFrame({"segment": ["x"], "customer_share": [1.0], "revenue_share": [1.0]})
    _assert_escaped(charts.plot_segment_bars(seg, "t", {"x": HOSTILE}, "c", "r"))


def test_the_tier_column_is_as_wide_as_the_longest_name():
    assert text_width(["Tier", "A"]) == 4 * 8 + 28
    assert text_width(["层级", "战略客户"]) == 4 * 14 + 28
    assert text_width(["x" * 100]) == 320  # capped
