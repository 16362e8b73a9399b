"""Fixtures shared by the unit and page tests."""
import os
import tempfile
from pathlib import Path

import duckdb
import pytest

from analytics import ingest
from analytics.features import customer_attributes, customer_features
from analytics.scoring import score_customers

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
# tests (and the servers they start) never write into the project's own workspace file
os.environ.setdefault("TIERING_WORKSPACE", os.path.join(tempfile.mkdtemp(prefix="tiering-ws-"), "workbench.duckdb"))


@pytest.fixture(scope="module")
def sample_scoring():
    """The sample scored by the analytics functions directly, outside the app."""
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    feats, attrs = customer_features(con), customer_attributes(con)
    return lambda scenario: score_customers(feats, scenario, attrs)
