"""Suggested segments: customers clustered on their R/F/M (and chosen customer columns), described in words,
lined up with the current tiers; adopt them as tiers or add them to exports (ui/segments.py)."""
from ui import segments, state

state.through_app()
segments.render()
