"""Export: choose tiers, segments and columns; download CSV (UTF-8 with BOM) or Excel."""
import streamlit as st

from analytics.export import export_frame, select_customers
from analytics.lifecycle import playbook, with_stages
from analytics.rfm import EIGHT_CLASS_ORDER, GRID_ORDER
from analytics.scoring import ABC_CLASSES
from ui import data, filters, state, workspace
from ui.i18n import segment_label, t
from ui.tables import CUSTOMER_COLUMNS, column_config, display_frame, download_buttons
from ui.customer import clickable_table

state.through_app()

scenario = state.scenario()
tier_names = [name for name, _ in scenario.tiers]
# each customer's lifecycle stage and the playbook's actions travel with the list
scored = with_stages(data.scored(scenario), data.stages(scenario), playbook(scenario, state.lang(), tier_names))
history = workspace.history(scenario)  # previous tier and its last change, from the scenario's publications
if history is not None:
    scored = scored.merge(history, on="customer_id", how="left")
from ui.segments import with_export_column  # noqa: E402
scored = with_export_column(scored, scenario)  # cluster_label, once added on the Suggested segments page
as_of = data.effective_as_of(scenario)

st.title(t("export.title"))
st.caption(t("export.caption", as_of=as_of, n=len(scored)))
scored = filters.control(scored, "export", scenario).frame  # the Tiers page's customer filter, shared

c1, c2 = st.columns(2)
# an empty filter means "all", as its placeholder says
tiers = c1.multiselect(t("export.tiers"), tier_names, default=tier_names[:1], key="exp_tiers",
                       placeholder=t("export.all"))
abc = c2.multiselect(t("export.abc"), list(ABC_CLASSES), key="exp_abc", placeholder=t("export.all"))
c1, c2 = st.columns(2)
segments = c1.multiselect(t("export.segments"), EIGHT_CLASS_ORDER, format_func=segment_label, key="exp_segments",
                          placeholder=t("export.all"))
grid = c2.multiselect(t("export.grid"), GRID_ORDER, format_func=segment_label, key="exp_grid",
                      placeholder=t("export.all"))
available = list(dict.fromkeys([c for c in CUSTOMER_COLUMNS if c in scored.columns] + [
    c for c in scored.columns if c not in ("grid_r", "grid_f")]))
defaults = [c for c in CUSTOMER_COLUMNS + ["stage", "stage_action", "tier_action", "previous_tier", "tier_changed_on",
                                         "cluster_label"] if c in scored.columns]
columns = st.multiselect(t("export.columns"), available, default=defaults,
                         format_func=lambda c: t(f"col.{c}", default=c), key="exp_columns")

chosen = select_customers(scored, tiers or None, segments or None, grid or None, abc or None,
                          columns or ["customer_id"])
st.subheader(t("export.count", n=len(chosen)))
clickable_table(display_frame(chosen.head(100), chosen.columns), "exp_preview", width="stretch",
                column_config=column_config(chosen.columns))  # a click on a row opens the customer's page
if len(chosen) > 100:
    st.caption(t("export.preview_note", n=len(chosen)))

stem = f"customers_{'-'.join(tiers) or 'all'}_{as_of}"
download_buttons(export_frame(chosen), stem, "dl")
st.info(t("export.safety"), icon=":material/shield:")
