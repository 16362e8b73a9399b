"""Workshop: a live room on the current settings. The facilitator steers, participants follow and propose
(ui/room.py; the rooms themselves: workspace/rooms.py).

No scenario controls here: the facilitator moves the settings on the Tiers page (or any page), and the room
follows. (Streamlit gives a keyed widget its default value when the page run right after the one that set
its value renders the same widget: Tiers -> a page with the same sliders would reset them.)"""
import streamlit as st

from ui import room, state
from ui.i18n import t

state.through_app()
room.sync()  # joins by ?room=CODE, follows the room (costs nothing outside a room)

st.title(t("room.title"))
seat = room.seat()
current = room.room_view(seat) if seat else None
if current is None:
    room.lobby()
    st.stop()

scenario = state.scenario()
room.header(seat, current)
room.tier_counts(scenario)
room.presence(current)
if seat["role"] == "host":
    room.host_proposals(seat, current, scenario)
else:
    room.propose_form(seat, current)
    st.subheader(t("room.proposals"))
    room.history(current, scenario)
st.divider()
room.footer(seat, current)
