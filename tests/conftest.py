"""Fixtures shared by the unit and page tests."""
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest

from analytics import ingest
from analytics.features import customer_attributes, customer_features
from analytics.scoring import score_customers

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# tests (and the servers they start) never write into the project's own workspace file
os.environ.setdefault("TIERING_WORKSPACE", os.path.join(tempfile.mkdtemp(prefix="tiering-ws-"), "workbench.duckdb"))


@pytest.fixture(scope="module")
def sample_scoring():
    """The sample scored by the analytics functions directly, outside the app."""
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    feats, attrs = customer_features(con), customer_attributes(con)
    return lambda scenario: score_customers(feats, scenario, attrs)


@pytest.fixture(scope="session")
def spark():
    """One local Spark session for every Spark test; skipped without pyspark or Java, except in CI."""
    missing = [what for what, ok in (("pyspark", importlib.util.find_spec("pyspark") is not None),
                                     ("java", shutil.which("java") or os.environ.get("JAVA_HOME"))) if not ok]
    if missing:
        message = f"{' and '.join(missing)} missing (pip install -r requirements-dev.txt; bash scripts/install_java.sh)"
        if IN_CI:
            pytest.fail("CI must run the Spark tests: " + message)
        pytest.skip(message)
    from analytics.engine import spark_session

    # small-data settings: code generation and 200 shuffle partitions cost more than they save here
    session = spark_session(master="local[2]", conf={"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4",
                                                     "spark.sql.codegen.wholeStage": "false"})
    yield session
    session.stop()
