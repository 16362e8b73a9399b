"""The workspace: the team's data sets, scenarios (every save a numbered version) and publications (the
tiers sent out), kept in one DuckDB file on the server: `workspace/workbench.duckdb`, or the file the env
var TIERING_WORKSPACE names.

No Streamlit here (the app's handle on it is ui/workspace.py); the command line reads it with
`--workspace`, `--dataset` and `--scenario` (analytics/__main__.py). How one process shares the file
between its session threads (one connection per process and file, a cursor per operation under a lock,
writes in a transaction) is said in workspace/store.py.
"""
from .diff import scenario_diff
from .store import (ENV, SCHEMA_VERSION, DatasetInfo, Publication, ScenarioInfo, StoredDataset, Version, Workspace,
                    WorkspaceError, default_path)

__all__ = ["ENV", "SCHEMA_VERSION", "DatasetInfo", "Publication", "ScenarioInfo", "StoredDataset", "Version",
           "Workspace", "WorkspaceError", "default_path", "scenario_diff"]
