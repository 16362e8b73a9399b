"""Suggested segments (analytics/clusters.py): planted groups found, k suggested, reproducible, ordered by
spend, described in words; the clusters command; adopted as tiers; the page."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score, silhouette_score

from analytics import clusters
from analytics.clusters import ClusterError, adopt_as_tiers, cluster_customers, feature_matrix, suggest_k
from analytics.config import Scenario
from analytics.scoring import score_customers, tier_summary

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"

# three groups of 50 far apart in log R / F / M: (days since the last purchase, purchases, spend)
GROUPS = {"A": (3, 40, 200_000), "B": (60, 8, 15_000), "C": (600, 1.5, 1_000)}
# industry per group: A mostly 制造业 (40 of 50), B mostly 零售 (30 of 50), C no value held by half
INDUSTRY = {"A": ["制造业"] * 40 + ["零售"] * 10, "B": ["零售"] * 30 + ["物流"] * 20,
            "C": ["制造业"] * 20 + ["零售"] * 15 + ["物流"] * 15}


def planted(seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for g, (r, f, m) in GROUPS.items():
        for i in range(50):
            rows.append({"group": g, "recency_days": int(round(np.exp(np.log(r) + rng.normal(0, 0.15)))),
                         "frequency": max(1, int(round(np.exp(np.log(f) + rng.normal(0, 0.15))))),
                         "monetary": round(float(np.exp(np.log(m) + rng.normal(0, 0.15))), 2),
                         "industry": INDUSTRY[g][i]})
    frame = pd.DataFrame(rows).sample(frac=1.0, random_state=3).reset_index(drop=True)  # groups interleaved
    frame.insert(0, "customer_id", [f"P{i:03d}" for i in range(len(frame))])
    return frame


@pytest.fixture(scope="module")
def frame():
    return planted()


@pytest.mark.parametrize("method", ["kmeans", "gmm"])
@pytest.mark.parametrize("columns", [[], ["industry"]])
def test_planted_groups_are_found_exactly(frame, method, columns):
    # with industry the sub-groups by industry are tight too (the planted R/F/M noise is small): k given
    result = cluster_customers(frame, method, 3 if columns else None, seed=7, columns=columns)
    assert result.k == 3 and result.suggested_k == (None if columns else 3)
    assert adjusted_rand_score(frame["group"], result.assignments["cluster"]) == 1.0
    assert len(result.assignments) == len(frame)
    assert list(result.assignments.columns) == ["customer_id", "cluster", "cluster_rank", "cluster_label"]
    assert result.assignments["customer_id"].tolist() == frame["customer_id"].tolist()


@pytest.mark.parametrize("method", ["kmeans", "gmm"])
def test_suggest_k_picks_the_planted_three(frame, method):
    k, scores = suggest_k(feature_matrix(frame).X, method, seed=0)
    assert k == 3
    assert sorted(scores) == list(range(2, 9))
    assert scores[3] == max(scores.values()) and scores[3] > 0.7


def test_the_silhouette_is_sklearns():
    X = feature_matrix(planted(5)).X
    labels = {k: clusters.predict(clusters._fit(X, k, "kmeans", 0), X) for k in (2, 3, 5)}
    ours = clusters.silhouettes(X, labels, chunk=37)
    for k, lab in labels.items():
        assert ours[k] == pytest.approx(silhouette_score(X, lab), abs=1e-9)


def test_the_same_seed_gives_the_same_clusters(frame):
    for method in ("kmeans", "gmm"):
        a = cluster_customers(frame, method, 4, seed=11, columns=["industry"])
        b = cluster_customers(frame, method, 4, seed=11, columns=["industry"])
        pd.testing.assert_frame_equal(a.assignments, b.assignments)
        pd.testing.assert_frame_equal(a.profile, b.profile)


def test_a_suggested_k_and_the_same_k_given_agree(frame):
    """Adopting stores the k found: computing with it must give the clusters the page showed."""
    auto = cluster_customers(frame, "kmeans", None, seed=2)
    fixed = cluster_customers(frame, "kmeans", auto.k, seed=2)
    pd.testing.assert_frame_equal(auto.assignments, fixed.assignments)


def test_clusters_are_numbered_by_mean_spend(frame):
    result = cluster_customers(frame, "kmeans", None, seed=7)
    means = result.profile["mean_monetary"].tolist()
    assert means == sorted(means, reverse=True)
    assert result.profile["cluster"].tolist() == [0, 1, 2]
    group_of = frame.groupby(result.assignments["cluster"].to_numpy())["group"].first().to_dict()
    assert group_of == {0: "A", 1: "B", 2: "C"}  # A spends most
    assert (result.assignments["cluster"] == result.assignments["cluster_rank"]).all()
    p = result.profile
    assert p["customers"].tolist() == [50, 50, 50] and p["share"].sum() == pytest.approx(1)
    assert p["revenue_share"].sum() == pytest.approx(1)
    assert p["median_recency"].tolist()[0] < p["median_recency"].tolist()[2]


def test_labels_describe_the_planted_groups_in_both_languages(frame):
    result = cluster_customers(frame, "kmeans", 3, seed=7, columns=["industry"])
    # A: far below the median recency, above on F and M, 80% 制造业; B: the middle group, on every median,
    # 60% 零售; C: lapsed, occasional, low spend, no industry held by half
    assert result.labels("en") == ["recent, frequent, high spend, mostly 制造业", "mostly 零售",
                                   "lapsed, occasional, low spend"]
    assert result.labels("zh") == ["近期活跃、高频、高消费，多为制造业", "多为零售", "久未购买、低频、低消费"]
    assert result.assignments["cluster_label"].astype(str).tolist() == \
        [result.labels("en")[c] for c in result.assignments["cluster"]]
    plain = cluster_customers(frame, "kmeans", None, seed=7)
    assert plain.labels("en")[1] == "typical" and plain.labels("zh")[1] == "普通客户"


def test_labels_are_distinct_and_fit_a_tier_name():
    same = clusters._labels([(["recent"], []), (["recent"], []), (["recent"], [])], clusters._english, " ({n})")
    assert same == ["recent", "recent (2)", "recent (3)"]
    long = (["recent", "frequent", "high spend", "high overdue_days"], ["Manufacturing…", "Eastern China"])
    label = clusters._labels([long, long], clusters._english, " ({n})")
    assert all(len(x) <= 40 for x in label) and label[0] != label[1]
    assert label[1].endswith(" (2)")
    zh = clusters._labels([(["近期活跃", "高频", "高消费"], ["制造业"])] * 2, clusters._chinese, "（{n}）")
    assert zh == ["近期活跃、高频、高消费，多为制造业", "近期活跃、高频、高消费，多为制造业（2）"]


@pytest.mark.parametrize("make,message", [
    (lambda f: f.head(2), "at least 3 customers"),
    (lambda f: f.head(0), "at least 3 customers"),
    (lambda f: f.assign(recency_days=5, frequency=2, monetary=100.0), "same recency"),
    (lambda f: f.head(3).assign(recency_days=[5, 5, 9], frequency=2, monetary=100.0), "only 2 customers differ"),
    (lambda f: f.drop(columns="monetary"), "monetary"),
])
def test_degenerate_input_is_a_clear_error(frame, make, message):
    k = 3 if "differ" in message else None
    with pytest.raises(ClusterError, match=message):
        cluster_customers(make(frame), "kmeans", k, seed=0)


def test_bad_settings_are_a_clear_error(frame):
    with pytest.raises(ClusterError, match="method"):
        cluster_customers(frame, "dbscan")
    with pytest.raises(ClusterError, match="k: expected"):
        cluster_customers(frame, "kmeans", 1)
    with pytest.raises(ClusterError, match="no column 'nope'"):
        cluster_customers(frame, "kmeans", None, 0, ["nope"])


def test_a_number_column_is_logged_when_skewed_and_missing_values_take_the_median():
    f = planted().assign(overdue=lambda d: np.where(np.arange(len(d)) % 10 == 0, np.nan,
                                                    np.exp(np.arange(len(d)) % 7)))
    fm = feature_matrix(f, ["overdue", "industry"])
    assert fm.names[:4] == ("recency_days", "frequency", "monetary", "overdue")
    col = fm.X[:, 3]
    assert np.isfinite(col).all() and abs(col.mean()) < 1e-9 and col.std() == pytest.approx(1)
    block = fm.X[:, 4:]
    assert block.var(axis=0).sum() == pytest.approx(1)  # a category block weighs like one number column


def test_a_number_column_is_named_in_the_labels_as_given():
    # the planted group that reads "typical" owes far more days than the others: its label says so (the other
    # labels are long already: words past 40 characters are dropped)
    base = cluster_customers(planted(), "kmeans", 3, 0)
    typical = base.assignments["cluster"].to_numpy() == base.profile.index[base.profile["label_en"] == "typical"][0]
    f = planted().assign(overdue=np.where(typical, 90.0, 1.0))
    names = {"overdue": ("Overdue days", "逾期天数")}
    profile = cluster_customers(f, "kmeans", 3, 0, ["overdue"], names).profile
    assert any("high overdue days" in label for label in profile["label_en"]), list(profile["label_en"])
    assert any("逾期天数高" in label for label in profile["label_zh"]), list(profile["label_zh"])
    plain = cluster_customers(f, "kmeans", 3, 0, ["overdue"]).profile
    assert any("high overdue" in label for label in plain["label_en"])


# adopting as tiers

def test_adopted_clusters_are_the_tiers_in_rank_order(frame):
    result = cluster_customers(frame, "kmeans", 3, seed=7, columns=["industry"])
    for lang in ("en", "zh"):
        adopted = adopt_as_tiers(Scenario(), result, lang)
        assert adopted.tier_method == "cluster"
        assert [n for n, _ in adopted.tiers] == result.labels(lang)
        assert adopted.clusters == {"method": "kmeans", "k": 3, "seed": 7, "columns": ["industry"]}
        features = frame.drop(columns=["group", "industry"])
        attrs = frame[["customer_id", "industry"]]
        scored = score_customers(features.assign(cluster_rank=result.assignments["cluster_rank"]), adopted, attrs)
        assert list(scored["tier"].cat.categories) == result.labels(lang)
        assert scored["tier"].astype(str).tolist() == [result.labels(lang)[c] for c in result.assignments["cluster"]]
        # without cluster_rank joined, scoring clusters the customers itself, the same way
        again = score_customers(features, adopted, attrs)
        assert again["tier"].astype(str).tolist() == scored["tier"].astype(str).tolist()
        assert tier_summary(scored)["customers"].tolist() == [50, 50, 50]


def test_more_clusters_than_tiers_cannot_be_adopted(frame):
    result = cluster_customers(frame, "kmeans", 7, seed=0)
    with pytest.raises(ClusterError, match="at most 6 tiers"):
        adopt_as_tiers(Scenario(), result, "en")


# the command line

def run(*args):
    return subprocess.run([sys.executable, "-m", "analytics", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"customer_id": str}, encoding="utf-8-sig")


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    d = tmp_path_factory.mktemp("clusters")
    args = (SAMPLE / "orders.csv", "--customers", SAMPLE / "customers.csv")
    r = run("score", *args, "--out", d / "tiers.csv")
    assert r.returncode == 0, r.stderr
    return d, args


def test_the_clusters_command_writes_one_row_per_scored_customer(sample_out):
    d, args = sample_out
    r = run("clusters", *args, "--out", d / "c1.csv")
    assert r.returncode == 0, r.stderr
    out = read(d / "c1.csv")
    assert list(out.columns) == ["customer_id", "cluster", "cluster_label"]
    scored = read(d / "tiers.csv")
    assert len(out) == len(scored) and set(out["customer_id"]) == set(scored["customer_id"])
    assert out["customer_id"].is_unique
    assert "suggested by silhouette" in r.stderr
    k = out["cluster"].nunique()
    assert sorted(out["cluster"].unique()) == list(range(k)) and out["cluster_label"].nunique() == k
    r2 = run("clusters", *args, "--out", d / "c2.csv")
    assert r2.returncode == 0 and (d / "c1.csv").read_bytes() == (d / "c2.csv").read_bytes()


def test_the_clusters_command_takes_k_seed_and_a_scenario(sample_out):
    d, args = sample_out
    r = run("clusters", *args, "--k", 4, "--seed", 3, "--out", d / "k4.csv")
    assert r.returncode == 0, r.stderr
    assert read(d / "k4.csv")["cluster"].nunique() == 4
    cfg = d / "s.json"
    cfg.write_text(json.dumps({"clusters": {"method": "gmm", "k": 3, "seed": 3, "columns": ["industry"]}}),
                   encoding="utf-8")
    r = run("clusters", *args, "--config", cfg, "--out", d / "cfg.csv")
    assert r.returncode == 0, r.stderr
    assert "3 clusters (gmm, seed 3, as asked)" in r.stderr and read(d / "cfg.csv")["cluster"].nunique() == 3
    r = run("clusters", *args, "--config", cfg, "--k", 4, "--method", "kmeans", "--out", d / "cfg4.csv")  # flags win
    assert r.returncode == 0 and "4 clusters (kmeans, seed 3, as asked)" in r.stderr
    r = run("clusters", *args, "--config", cfg, "--k", 4, "--method", "kmeans", "--columns", "", "--out", d / "c.csv")
    assert r.returncode == 0 and read(d / "c.csv").equals(read(d / "k4.csv"))  # --columns "": R/F/M only


@pytest.mark.parametrize("extra,message", [
    (["--k", "1"], "--k: expected 2 to 12"),
    (["--k", "13"], "--k: expected 2 to 12"),
    (["--seed", "-1"], "--seed: expected"),
    (["--columns", "nope"], "no column 'nope'"),
])
def test_the_clusters_command_refuses_bad_values_in_one_line(sample_out, extra, message):
    d, args = sample_out
    r = run("clusters", *args, *extra, "--out", d / "bad.csv")
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("error: ")


def test_score_tiers_by_adopted_clusters(sample_out):
    d, args = sample_out
    assert run("clusters", *args, "--k", 4, "--seed", 3, "--out", d / "plain4.csv").returncode == 0
    clustered = read(d / "plain4.csv")
    cfg = d / "adopted.json"
    names = [["best", 0], ["second", 0], ["third", 0], ["fourth", 0]]
    cfg.write_text(json.dumps({"tier_method": "cluster", "tiers": names,
                               "clusters": {"method": "kmeans", "k": 4, "seed": 3}}), encoding="utf-8")
    r = run("score", *args, "--config", cfg, "--out", d / "adopted.csv")
    assert r.returncode == 0, r.stderr
    tiers = read(d / "adopted.csv").set_index("customer_id")["tier"]
    by_rank = clustered.set_index("customer_id")["cluster"].map(dict(enumerate(n for n, _ in names)))
    assert tiers.sort_index().equals(by_rank.sort_index().rename("tier"))


# the page

def test_the_page_adopts_the_clusters_as_tiers():
    from apptest import open_app
    at = open_app(page="pages/segments.py")
    assert at.title[0].value == "Suggested segments"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Clusters"] == metrics["Suggested number"]
    assert len(at.get("plotly_chart")) == 3
    at.button(key="seg_adopt").click().run()
    assert not at.exception, at.exception
    scenario = at.session_state["scenario"]
    assert scenario.tier_method == "cluster"
    names = [n for n, _ in scenario.tiers]
    assert names[0].startswith("recent") and len(names) == int(metrics["Clusters"])
    assert any("The tiers are now" in s.value for s in at.success)
    at.switch_page("pages/tiers.py").run()
    assert not at.exception, at.exception
    cards = [m.label for m in at.metric if m.label.startswith("Tier ")]
    assert [c.split(" · ")[0].replace("\\", "") for c in cards] == [f"Tier {n}" for n in names]
    assert at.session_state["scenario"].tier_method == "cluster"  # the Tiers page keeps the adopted method
    at.switch_page("pages/segments.py").run()
    at.button(key="seg_undo_button").click().run()
    assert not at.exception and at.session_state["scenario"].tier_method == "score"


def test_the_page_in_chinese_adopts_chinese_labels_and_adds_the_export_column():
    from apptest import open_app
    at = open_app()
    at.session_state["lang"] = "zh"  # as the sidebar's language switch sets it
    at.switch_page("pages/segments.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "建议分群"
    at.button(key="seg_adopt").click().run()
    names = [n for n, _ in at.session_state["scenario"].tiers]
    assert names[0].startswith("近期活跃") and all(len(n) <= 40 for n in names)
    at.button(key="seg_export_on").click().run()
    assert not at.exception, at.exception
    at.switch_page("pages/export.py").run()
    assert not at.exception, at.exception
    assert "cluster_label" in at.multiselect(key="exp_columns").value


def test_tiers_from_clusters_that_cannot_be_formed_are_said(monkeypatch):
    import json

    import analytics.clusters as clusters_module
    from apptest import open_app

    def refuse(*args, **kwargs):
        raise ClusterError("only 2 customers with a purchase")
    monkeypatch.setattr(clusters_module, "cluster_customers", refuse)
    link = {"tier_method": "cluster", "tiers": [["Best", 0], ["Rest", 0]],
            "clusters": {"method": "kmeans", "k": 2, "seed": 987654}}  # a seed no other test caches
    at = open_app({"scenario": json.dumps(link)})
    shown = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "clusters cannot be formed on this data and date (only 2 customers with a purchase)" in shown, shown
    at.switch_page("pages/lifecycle.py").run()
    assert not at.exception
    assert "every customer is in the first tier" in " ".join(w.value for w in at.warning)
