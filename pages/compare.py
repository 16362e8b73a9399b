"""Compare: two proposals on one data set, customer by customer, and which would have pointed at the
revenue that actually came."""
import streamlit as st

from ui import charts, data, proposals, state, workspace
from ui.i18n import t
from ui.safe import md
from ui.tables import column_config, display_frame, download_buttons, search_hits
from ui.customer import clickable_table

state.through_app()

current = state.scenario()
try:
    saved = [s.name for s in workspace.get().scenarios()]
except Exception:  # noqa: BLE001 - no workspace: the settings in use against a copy of themselves
    saved = []
choices = proposals.scenario_choices(saved)
label = lambda c: t("cmp.current") if c == "@current" else c

st.title(t("cmp.title"))
st.caption(t("cmp.caption"))
c1, c2 = st.columns(2)
pick_a = c1.selectbox(t("cmp.a"), choices, index=0, format_func=label, key="cmp_a")
pick_b = c2.selectbox(t("cmp.b"), choices, index=1 if len(choices) > 1 else 0, format_func=label, key="cmp_b")


def scenario_of(pick, column, key):
    if pick == "@current":
        return current, t("cmp.current")
    versions = workspace.get().versions(pick)
    number = column.selectbox(t("ws.pick_version"), [v.number for v in reversed(versions)], key=key,
                              format_func=lambda n: t("ws.version_label", n=n))
    return workspace.get().load_scenario(pick, number)[0], f"{pick} · v{number}"


a, name_a = scenario_of(pick_a, c1, "cmp_a_v")
b, name_b = scenario_of(pick_b, c2, "cmp_b_v")
name_a, name_b = f"A · {name_a}", f"B · {name_b}"  # distinct even when both sides are the same scenario
if not saved:
    st.info(t("cmp.no_saved"), icon=":material/info:")
if a == b:
    st.caption(t("cmp.same"))

cmp = data.comparison(a, b, data.effective_as_of(current))
st.caption(t("cmp.as_of", as_of=cmp.as_of, n=len(cmp.customers)))

counts = cmp.counts.rename(columns={"tier_a": name_a, "customers_a": t("cmp.customers_under", name=name_a),
                                    "tier_b": name_b, "customers_b": t("cmp.customers_under", name=name_b)})
st.subheader(t("cmp.counts"))
st.dataframe(counts, hide_index=True, width="stretch", column_config={
    c: st.column_config.NumberColumn(c, format="localized") for c in counts.columns if c.startswith(("A", "B")) and
    counts[c].dtype.kind in "iuf"})

left, right = st.columns(2)
axis_a, axis_b = t("cmp.axis", name=name_a), t("cmp.axis", name=name_b)
left.plotly_chart(charts.plot_matrix(proposals.cross_frame(cmp.cross_customers), t("cmp.cross_customers"), axis_b,
                                     axis_a, ",.0f", {}, {}), key="cmp_cross_n")
right.plotly_chart(charts.plot_matrix(proposals.cross_frame(cmp.cross_revenue), t("cmp.cross_revenue"), axis_b,
                                      axis_a, ",.0f", {}, {}), key="cmp_cross_rev")

st.subheader(t("cmp.coverage"))
left, right = st.columns(2)
for col, name, cov in ((left, name_a, cmp.coverage_a), (right, name_b, cmp.coverage_b)):
    col.markdown(f"**{md(name)}**")
    col.dataframe(display_frame(cov, cov.columns), hide_index=True, width="stretch", column_config=column_config(cov.columns))

st.subheader(t("cmp.movers", n=len(cmp.movers)))
query = st.text_input(t("cmp.search"), key="cmp_q", placeholder=t("cmp.search_hint"))
movers = cmp.movers
hits = search_hits(movers, query) if query.strip() else None
shown = movers if hits is None else movers.iloc[hits]
view = shown
cfg = column_config(view.columns)
cfg["tier_a"] = st.column_config.Column(t("cmp.tier_under", name=name_a))
cfg["tier_b"] = st.column_config.Column(t("cmp.tier_under", name=name_b))
cfg["score_a"] = st.column_config.NumberColumn(t("cmp.score_under", name=name_a), format="%.1f")
cfg["score_b"] = st.column_config.NumberColumn(t("cmp.score_under", name=name_b), format="%.1f")
clickable_table(display_frame(view.head(500), view.columns), "cmp_movers", width="stretch", column_config=cfg)
if len(view) > 500:
    st.caption(t("export.preview_note", n=len(view)))
download_buttons(view, "tier_changes", "cmp_dl")

st.subheader(t("bt.title"))
proposals.backtest_panel([(name_a, a), (name_b, b)], "cmp_bt")
