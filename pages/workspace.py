"""Workspace: data sets and scenarios kept on the server, with versions, and tiers published from them."""
import streamlit as st

from ui import data, state, workspace
from ui.i18n import t
from ui.safe import md
from ui.workspace import (dataset_rows, publication_rows, publish_current, run_action, scenario_rows,
                          version_rows)

state.through_app()

workspace.say_done()
ws = workspace.get()
scenario = state.scenario()
ds = data.dataset()

st.title(t("ws.title"))
st.caption(t("ws.caption", path=md(ws.path)))

# --- data sets ---------------------------------------------------------------------------------------
st.subheader(t("ws.datasets"))
here = t("sidebar.sample") if ds.is_sample else md(ds.name)
st.markdown(t("ws.dataset_open", name=here, saved=t("ws.saved") if ds.saved else t("ws.not_saved")))
saved = ws.datasets()
c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
default_name = "" if ds.is_sample else ds.name.rsplit(".", 1)[0]
name = c1.text_input(t("ws.save_dataset_name"), value=default_name, max_chars=80, key="ws_ds_name")
replace = name.strip() in {d.name for d in saved}
if c2.button(t("ws.replace") if replace else t("ws.save_dataset"), icon=":material/save:", width="stretch",
             disabled=not name.strip(), key="ws_ds_save"):
    run_action(lambda: data.save_current(name.strip(), replace=replace), t("ws.dataset_saved", name=md(name.strip())))
if saved:
    rows = dataset_rows(saved)
    st.dataframe(rows, hide_index=True, width="stretch", column_config={
        c: st.column_config.NumberColumn(c, format="localized") for c in rows.columns if rows[c].dtype.kind in "iu"})
    pick = st.selectbox(t("ws.pick_dataset"), [d.name for d in saved], key="ws_ds_pick")
    c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
    if c1.button(t("ws.open"), icon=":material/folder_open:", width="stretch", key="ws_ds_open"):
        run_action(lambda: data.open_saved(pick), t("ws.dataset_opened", name=md(pick)))
    with c2.popover(t("ws.rename"), icon=":material/edit:", width="stretch"):
        new = st.text_input(t("ws.new_name"), value=pick, max_chars=80, key="ws_ds_new")
        if st.button(t("ws.rename"), key="ws_ds_rename"):
            run_action(lambda: ws.rename_dataset(pick, new.strip()), t("ws.renamed", old=md(pick), new=md(new.strip())))
    with c3.popover(t("ws.delete"), icon=":material/delete:", width="stretch"):
        sure = st.checkbox(t("ws.delete_sure", name=md(pick)), key="ws_ds_sure")
        if st.button(t("ws.delete"), type="primary", disabled=not sure, key="ws_ds_delete"):
            run_action(lambda: ws.delete_dataset(pick), t("ws.deleted", name=md(pick)))
else:
    st.caption(t("ws.no_datasets"))

# --- scenarios ----------------------------------------------------------------------------------------
st.subheader(t("ws.scenarios"))
author = st.text_input(t("ws.author"), value=workspace.author(), max_chars=80, key="ws_author_box")
st.session_state[workspace.AUTHOR] = author.strip()
current = workspace.current_ref(scenario)
if current:
    st.markdown(t("ws.scenario_open", name=md(current[0]), version=current[1]))
elif workspace.ref():
    st.markdown(t("ws.scenario_changed", name=md(workspace.ref()[0]), version=workspace.ref()[1]))
else:
    st.markdown(t("ws.scenario_unsaved"))
c1, c2, c3 = st.columns([2, 3, 1], vertical_alignment="bottom")
sname = c1.text_input(t("ws.scenario_name"), value=workspace.ref()[0] if workspace.ref() else "", max_chars=80,
                      key="ws_sc_name")
note = c2.text_input(t("ws.note"), max_chars=500, key="ws_sc_note")
if c3.button(t("ws.save"), icon=":material/save:", width="stretch", disabled=not sname.strip() or not author.strip(),
             key="ws_sc_save", help=t("ws.save_help")):
    run_action(lambda: workspace.save_scenario(sname.strip(), note.strip()), t("ws.scenario_saved", name=md(sname.strip())))
if not author.strip():
    st.caption(t("ws.author_needed"))

listed = ws.scenarios()
if listed:
    st.dataframe(scenario_rows(listed), hide_index=True, width="stretch")
    pick = st.selectbox(t("ws.pick_scenario"), [s.name for s in listed], key="ws_sc_pick")
    versions = ws.versions(pick)
    st.dataframe(version_rows(versions), hide_index=True, width="stretch",
                 column_config={"changes": st.column_config.TextColumn(t("ws.col.changes"), width="large")})
    number = st.selectbox(t("ws.pick_version"), [v.number for v in reversed(versions)], key="ws_sc_version",
                          format_func=lambda n: t("ws.version_label", n=n))
    c1, c2, c3, c4, c5 = st.columns(5, vertical_alignment="bottom")
    if c1.button(t("ws.open"), icon=":material/folder_open:", width="stretch", key="ws_sc_open"):
        run_action(lambda: workspace.open_scenario(pick, number), t("ws.scenario_opened", name=md(pick), version=number))
    if c2.button(t("ws.restore"), icon=":material/history:", width="stretch", key="ws_sc_restore",
                 disabled=number == versions[-1].number or not author.strip(), help=t("ws.restore_help")):
        run_action(lambda: ws.restore_version(pick, number, author=author.strip()),
                   t("ws.restored", name=md(pick), version=number))
    with c3.popover(t("ws.duplicate"), icon=":material/content_copy:", width="stretch"):
        new = st.text_input(t("ws.new_name"), value=f"{pick} (2)", max_chars=80, key="ws_sc_dup_name")
        if st.button(t("ws.duplicate"), key="ws_sc_dup", disabled=not author.strip()):
            run_action(lambda: ws.duplicate_scenario(pick, new.strip(), author=author.strip()),
                       t("ws.duplicated", name=md(new.strip())))
    with c4.popover(t("ws.rename"), icon=":material/edit:", width="stretch"):
        new = st.text_input(t("ws.new_name"), value=pick, max_chars=80, key="ws_sc_new")
        if st.button(t("ws.rename"), key="ws_sc_rename"):
            run_action(lambda: ws.rename_scenario(pick, new.strip()), t("ws.renamed", old=md(pick), new=md(new.strip())))
    with c5.popover(t("ws.delete"), icon=":material/delete:", width="stretch"):
        sure = st.checkbox(t("ws.delete_sure", name=md(pick)), key="ws_sc_sure")
        if st.button(t("ws.delete"), type="primary", disabled=not sure, key="ws_sc_delete"):
            run_action(lambda: ws.delete_scenario(pick), t("ws.deleted", name=md(pick)))
else:
    st.caption(t("ws.no_scenarios"))

# --- publications -------------------------------------------------------------------------------------
st.subheader(t("ws.publish_title"))
st.caption(t("ws.publish_help"))
if st.button(t("ws.publish"), icon=":material/campaign:", disabled=current is None, key="ws_publish"):
    run_action(lambda: publish_current(scenario), t("ws.published"))
if current is None:
    st.caption(t("ws.publish_needs_save"))
pubs = ws.publications()
if pubs:
    st.dataframe(publication_rows(pubs), hide_index=True, width="stretch")
