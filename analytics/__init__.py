"""Pure computation of the tiering workbench: no streamlit import anywhere below this package."""
