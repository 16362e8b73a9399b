"""Tiers: tune the scenario and watch the pyramid, KPIs, segments, ABC and the customer table."""
import streamlit as st

from ui import charts, controls, crosstab, data, filters, proposals, state, welcome
from ui.i18n import SEGMENT_NAMES, fmt_money, t
from ui.safe import md
from ui.tables import customer_table, summary_table
from ui.learn import section as suggest_weights_section
from ui.customer import hand_counts, overrides_panel

state.through_app()

date_min, date_max = data.date_range()
with st.sidebar:
    scenario = controls.date_controls(date_min, date_max)
features = data.features(data.effective_as_of(scenario), scenario.lookback_days)
with st.sidebar:
    controls.score_controls(features, data.has_profit(), data.attributes())
    scenario = controls.tier_controls()
scored = data.scored(scenario)

st.title(t("tiers.title"))
welcome.render()  # what this is and its three steps, until dismissed (ui/welcome.py)
window = t("tiers.all_history") if not scenario.lookback_days else t("tiers.window", days=scenario.lookback_days)
st.caption(t("tiers.caption", as_of=data.effective_as_of(scenario), n=len(scored), window=window))
if scored.empty:
    st.warning(t("tiers.empty"))
    st.stop()

shown = filters.control(scored, "tiers", scenario, shared=True)  # "Showing 312 of 1,000 customers (...)"
summary = filters.tier_summary(scenario, shown)  # the cards and the pyramid: the customers shown
by_hand = hand_counts(shown.frame)  # per tier, the customers set by hand, for the cards' captions
# at most 3 cards a row, rows as even as can be (4 tiers: 2 + 2), so every label and body has room
rows = max(1, -(-len(summary) // 3))
per_row = -(-len(summary) // rows)  # ceiling divisions
with st.container(key="tier_cards"):
    st.html("<style>.st-key-tier_cards [data-testid=stMetricLabel] * { white-space: normal !important; "
            "overflow: visible !important; text-overflow: clip !important; }</style>")
    for start in range(0, len(summary), per_row):
        for col, row in zip(st.columns(per_row), summary.iloc[start:start + per_row].itertuples(index=False)):
            with col.container(border=True, height="stretch"):
                st.metric(t("tiers.kpi_customers", tier=md(row.tier)), f"{row.customers:,}", help=t("help.kpi"))
                if not row.customers:
                    st.markdown(t("tiers.kpi_empty"))
                    continue
                # one money unit across all the cards (fmt_money of the whole column), so they compare at a glance
                st.markdown(t("tiers.kpi_body", revenue=fmt_money(row.revenue, summary["revenue"]),
                              share=row.revenue_share, recency=row.avg_recency,
                              aov=fmt_money(row.avg_order_value, summary["avg_order_value"])))
                if by_hand.get(row.tier):  # customers (shown) whose tier was set by hand
                    st.caption(t("ovr.incl", n=by_hand[row.tier]))

left, right = st.columns(2)
by = left.segmented_control(t("tiers.width"), ["customers", "revenue"], default="customers", required=True,
                            format_func=lambda v: t(f"tiers.width.{v}"), key="pyramid_by")
band = lambda r: t("tiers.band", customers=r.customers, cshare=r.customer_share, rshare=r.revenue_share)
clipped = lambda r: t("tiers.band_negative", revenue=fmt_money(r.revenue))
left.plotly_chart(charts.plot_pyramid(summary, t("tiers.pyramid"), band, by, clipped), key="pyramid")
views = data.segment_views(scenario)  # aggregates only: the charts never get one point per customer
a, b = scenario.abc
right.plotly_chart(charts.plot_pareto(views["pareto"], t("tiers.pareto"), t("axis.customer_share"),
                                      t("axis.revenue_share"), {t("tiers.cut", cls="A", share=a): a,
                                                                  t("tiers.cut", cls="B", share=b): b}), key="pareto")

eight, grid, abc_tab = st.tabs([t("tiers.tab_eight"), t("tiers.tab_grid"), t("tiers.tab_abc")])
with eight:
    seg = views["eight"]
    st.caption(t("tiers.eight_help" if scenario.eight_class_split == "mean" else "tiers.eight_help_median"))
    st.plotly_chart(charts.plot_segment_bars(seg, t("tiers.eight_title"), SEGMENT_NAMES[state.lang()],
                                             t("axis.customer_share"), t("axis.revenue_share")), key="eight")
    summary_table(seg)
with grid:
    st.caption(t("tiers.grid_help"))
    st.plotly_chart(charts.plot_grid(views["grid_counts"], t("tiers.grid_title"), SEGMENT_NAMES[state.lang()],
                                     t("axis.r_score"), t("axis.f_score")), key="grid")
    summary_table(views["grid"])
with abc_tab:
    st.caption(t("tiers.abc_help", a=a, b=b))
    summary_table(views["abc"])

crosstab.section(shown, scenario)  # tier x attribute, over the customers shown

# drawn only while open: the backtest scores the customers again at the cut-off, on every redraw otherwise
backtest_box = st.expander(t("bt.title"), icon=":material/fact_check:", key="tiers_bt_box", on_change="rerun")
if backtest_box.open:
    with backtest_box:
        proposals.backtest_panel([("", scenario)], "tiers_bt")
suggest_weights_section(scenario)  # its own expander, computed only while open (ui/learn.py)

overrides_panel(scenario, scored)  # tiers set by hand: listed, removable, and those that cannot apply
st.subheader(t("tiers.customers"))
customer_table(scored, "tiers_table", order=filters.table_order(scenario, shown))
data.freeze_long_lived()
