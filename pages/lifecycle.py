"""Lifecycle: stages as of a date, the funnel, stage x tier, stages over time, and the playbook."""
import streamlit as st

from analytics.clv import ClvError, with_p_alive
from analytics.scorecard import prospect_summary, with_prospect_grades
from analytics.export import export_frame
from analytics.lifecycle import (STAGE_ORDER, UNSCORED, LifecycleRules, funnel, funnel_by, playbook, stage_counts,
                                 stage_list, stage_tier_table)
from ui import charts, controls, data, state
from ui.i18n import join_sentences, t
from ui.safe import md
from ui.tables import PERCENT, column_config, display_frame, download_buttons
from ui.customer import clickable_table

state.through_app()

date_min, date_max = data.date_range()
with st.sidebar:
    controls.date_controls(date_min, date_max)
    scenario = controls.lifecycle_controls()
rules = LifecycleRules.of(scenario)
stages = data.stages(scenario)
scored = data.scored(scenario)
tier_names = [name for name, _ in scenario.tiers]
stage_names = {s: t(f"stage.{s}") for s in STAGE_ORDER}

st.title(t("life.title"))
st.caption(t("life.caption", as_of=data.effective_as_of(scenario), n=len(stages)))
for col, row in zip(st.columns(len(STAGE_ORDER)), stage_counts(stages).itertuples()):
    col.metric(stage_names[row.stage], f"{row.customers:,}", f"{row.share:.1%}", delta_color="off", delta_arrow="off",
               help=t(f"life.rule.{row.stage}", **rules.__dict__), border=True)

left, right = st.columns(2)
steps = funnel(stages, rules)
step_names = {"known": t("funnel.known"), "first_purchase": t("funnel.first_purchase"),
              "repeat": t("funnel.repeat", n=rules.repeat_purchases), "loyal": t("funnel.loyal", n=rules.loyal_purchases)}
left.plotly_chart(charts.plot_funnel(steps, step_names, t("life.funnel")), key="funnel")
right.plotly_chart(charts.plot_stage_area(data.stages_over_time(scenario), stage_names, t("life.over_time"),
                                          t("axis.customers")), key="stage_area")

st.subheader(t("life.by_title"))
attrs = data.attributes()
choices = controls.attribute_candidates(attrs)
categorical = [c for c, kind in choices.items() if kind == "category"]
if categorical:
    by = st.selectbox(t("life.by"), categorical, format_func=lambda c: t(f"col.{c}", default=c), key="life_by")
    split = funnel_by(stages, attrs, by, rules)
    short = {**step_names, "known": t("funnel.known_short"), "repeat": t("funnel.short", n=rules.repeat_purchases),
             "loyal": t("funnel.short", n=rules.loyal_purchases)}
    cfg = {"value": st.column_config.Column(t(f"col.{by}", default=by), width=110)}
    for step in step_names:  # pixel widths: the default ones overflow the page and cut off the last column
        cfg[step] = st.column_config.NumberColumn(short[step], format="localized", width=95, help=step_names[step])
        cfg[f"conversion_{step}"] = st.column_config.ProgressColumn(t("life.conv", step=short[step]), width=135,
                                                                    format=PERCENT, min_value=0.0, max_value=100.0)
    order = ["value", "known"] + [c for s in list(step_names)[1:] for c in (s, f"conversion_{s}")]
    st.dataframe(display_frame(split, order), hide_index=True, width="stretch", column_config=cfg)
else:
    st.info(t("life.no_attributes"))

st.subheader(t("life.cross_title"))
st.caption(t("life.cross_help", unscored=UNSCORED))
view = st.segmented_control(t("life.cross_view"), ["customers", "revenue"], default="customers", required=True,
                            format_func=lambda v: t(f"life.view.{v}"), key="life_view")
count_t, revenue_t = stage_tier_table(stages, scored, tier_names)
table = (count_t if view == "customers" else revenue_t).copy()
book = playbook(scenario, state.lang(), tier_names)
# st.table renders Markdown in every cell and header: tier names and actions are the user's text
tiers_md = {c: md(c) for c in count_t.columns}
table["action"] = [md(book["stage"][s]) for s in table.index]  # the stage's playbook beside its counts
table = table.rename(index=stage_names, columns=tiers_md)
table.index.name = t("col.stage")
# a static table: six rows, and the action text wraps instead of being cut off
number = "{:,.0f}" if view == "customers" else "{:,.2f}"
st.table(table.rename(columns={"action": t("playbook.action")}).style.format(number, subset=list(tiers_md.values())))

st.markdown(f"**{t('life.playbook')}**")
st.caption(t("life.playbook_help"))
defaults = playbook(scenario.with_changes(playbook={}), state.lang(), tier_names)
with st.expander(t("life.playbook_edit"), icon=":material/edit:"):
    c1, c2 = st.columns([3, 2])
    with c1:
        controls.playbook_editor("stage", book["stage"], defaults["stage"], stage_names)
    with c2:
        controls.playbook_editor("tier", book["tier"], defaults["tier"], {n: md(n) for n in tier_names})

st.subheader(t("life.prospects_title"))
grades = data.prospect_grades(state.scenario())
if grades is None:
    st.info(t("life.prospects_none"), icon=":material/info:")
    st.page_link("pages/scorecard.py", label=t("nav.scorecard"), icon=":material/tune:")
else:
    st.caption(t("life.prospects_help", n=len(grades)))
    summary = prospect_summary(grades, scenario.tiers)
    st.dataframe(summary.assign(grade=summary["grade"].map(md), share=summary["share"] * 100), hide_index=True,
                 column_config={
        "grade": t("life.prospect_grade"), "prospects": st.column_config.NumberColumn(t("life.prospects"),
                                                                                     format="localized"),
        "share": st.column_config.ProgressColumn(t("life.prospect_share"), format=PERCENT, min_value=0.0,
                                                 max_value=100.0)})

book = playbook(state.scenario(), state.lang(), tier_names)
listed = with_prospect_grades(stage_list(stages, scored, attrs, book), grades)
notes = [t("life.export_help", n=len(listed))]
try:  # P(alive) beside the stage, when the value model can be fitted on this data and can tell who stopped
    with st.spinner(t("value.fitting")):
        result = data.value(scenario)
    listed = with_p_alive(listed, result)
    if not result.p_alive_informative:
        notes.append(t("life.no_p_alive"))
except ClvError:
    pass
st.caption(join_sentences(notes))
download_buttons(export_frame(listed), "lifecycle", "life")
with st.expander(t("life.preview")):
    # no tier (a prospect, or no purchase in the scoring window): a dash on screen, empty in the files
    clickable_table(display_frame(listed.head(100).fillna({"tier": UNSCORED}), listed.columns), "life_list",
                    width="stretch", column_config=column_config(listed.columns))
