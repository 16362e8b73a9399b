"""Account managers: per owner the customers and revenue per tier, the top tier's customers at risk and the
workload; the list each manager should call, downloadable per owner or for every owner in one workbook."""
import streamlit as st

from analytics.lifecycle import playbook
from analytics.owners import NO_OWNER, QUIET_DAYS, call_lists, has_owners, owner_summary, playbook_service, \
    service_levels
from ui import data, managers, state
from ui.i18n import t
from ui.safe import md

state.through_app()

scenario = state.scenario()
tier_names = [name for name, _ in scenario.tiers]
top, second = tier_names[0], tier_names[1]
scored = data.scored(scenario)
as_of = data.effective_as_of(scenario)

st.title(t("mgr.title"))
attrs = data.attributes()
if not has_owners(attrs):
    managers.no_owner_column(attrs)
    st.stop()

stages = data.stages(scenario)
levels = managers.service_editor(tier_names, service_levels(tier_names, playbook_service(scenario)))
summary = owner_summary(scored, stages, tier_names, levels)
if summary.empty:
    st.info(t("mgr.no_tiers"), icon=":material/info:")
    st.stop()
owned = summary[summary["owner"] != NO_OWNER]
st.caption(t("mgr.caption", as_of=as_of, n=len(scored), owners=len(owned)))

cards = [(t("mgr.m.owners"), f"{len(owned):,}", None),
         (t("mgr.m.unowned"), f"{int(summary['customers'].sum() - owned['customers'].sum()):,}", t("mgr.unowned_help")),
         (t("mgr.col.at_risk_top", tier=md(top)), f"{int(summary['at_risk_top'].sum()):,}", t("mgr.at_risk_help")),
         (t("col.workload"), f"{summary['workload'].sum():,.1f}", t("mgr.workload_help"))]
for col, (label, value, help_text) in zip(st.columns(len(cards)), cards):
    col.metric(label, value, help=help_text, border=True)
st.caption(t("mgr.levels", levels=managers.levels_text(levels)))

st.subheader(t("mgr.table_title"))
view = st.segmented_control(t("mgr.view"), ["customers", "revenue", "workload"], default="customers",
                            required=True, format_func=lambda v: t(f"mgr.view.{v}"), key="mgr_view")
managers.summary_table(summary, tier_names, levels, view)
st.plotly_chart(managers.plot_owner_tiers(summary, tier_names, levels, view, t(f"mgr.chart.{view}"),
                                          t(f"mgr.axis.{view}")), key="mgr_chart")

st.subheader(t("mgr.list_title"))
c1, c2 = st.columns([2, 1])
owner = c1.selectbox(t("col.owner"), list(summary["owner"]), format_func=managers.owner_label, key="mgr_owner")
quiet = c2.number_input(t("mgr.quiet", tier=md(top)), 1, 3650, QUIET_DAYS, step=30, key="mgr_quiet",
                        help=t("mgr.quiet_help", tier=md(top)))
managers.owner_metrics(summary[summary["owner"] == owner].iloc[0], top)

book = playbook(scenario, state.lang(), tier_names)
lists = call_lists(scored, stages, tier_names, quiet, levels, book)
one = lists[lists["owner"] == owner].reset_index(drop=True)
st.markdown(t("mgr.count", n=len(one), owner=md(managers.owner_label(owner))))
st.caption(t("mgr.order", top=md(top), second=md(second), days=quiet))
managers.call_list_table(one)
managers.list_downloads(one, owner, as_of)

st.markdown(f"**{t('mgr.all_title')}**")
st.caption(t("mgr.all_caption", n=len(lists), owners=len(summary)))
managers.workbook_download(summary, lists, tier_names, as_of)
