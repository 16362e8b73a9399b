"""Suggested segments: customers clustered on standardised log R/F/M plus chosen customer columns.

    feature_matrix(frame, columns)       the numbers the clusters are fitted on (FeatureMatrix)
    suggest_k(X, method, seed)           the k in 2..8 with the best silhouette on a sample (ties: smaller k)
    cluster_customers(frame, ...)        fit on a sample, predict for everyone, order by mean monetary, describe
    adopt_as_tiers(scenario, result, lang)  the scenario change that makes the clusters the tiers
    cluster_ranks(frame, clusters)       cluster_rank per row under a scenario's clusters block (scoring.tiers_of
                                         uses it when the tiers are adopted clusters and the caller joined none)

Features: log1p(recency_days), log1p(frequency), log1p(max(monetary, 0)), each standardised (z-score);
a chosen number column is log1p'd when it has no negative value and is skewed (sample skewness > 1),
missing values take its median, then standardised; a chosen category column is one-hot over its
TOP_CATEGORIES most frequent values (the rest together as one more), centred and scaled so the block's
total variance is 1, as one standardised number column's.

Reproducible: the samples come from numpy's Generator(seed), KMeans runs N_INIT starts with
random_state=seed and the Gaussian mixture random_state=seed, so the same data and seed give the same
clusters. Cluster 0 has the highest mean monetary, then descending: that number is cluster_rank, the
order in which adopted clusters become tiers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

METHODS = ("kmeans", "gmm")
SUGGEST_KS = tuple(range(2, 9))   # the k suggest_k tries
K_RANGE = (2, 12)                 # a k given by hand (SETTINGS clusters.k)
FIT_SAMPLE = 20_000               # customers the model is fitted on, at most
SILHOUETTE_SAMPLE = 5_000         # customers the silhouette is measured on, at most
PREDICT_CHUNK = 200_000           # customers predicted at a time
N_INIT = 4                        # KMeans starts (fixed, so the result is reproducible)
# OpenMP / BLAS threads while fitting, predicting and measuring: on a shared, busy 2-core server the
# threaded KMeans spun (0.6-3 s a fit on 2,700 customers, against 0.01 s on one thread)
THREADS = 1
TOP_CATEGORIES = 8                # one-hot values of a category column; the rest form one more
SKEWED = 1.0                      # sample skewness above which a non-negative number column is log1p'd
CLEARLY_OFF = 0.5                 # describe(): |cluster median - population median| in population SDs
MOSTLY = 0.5                      # describe(): "mostly X" when at least this share of the cluster has X
MAX_LABEL = 40                    # a tier name's limit (SETTINGS tiers.name)
RFM = ("recency_days", "frequency", "monetary")

# words of describe(): (English, Chinese)
WORDS = {
    ("recency_days", -1): ("recent", "近期活跃"), ("recency_days", 1): ("lapsed", "久未购买"),
    ("frequency", 1): ("frequent", "高频"), ("frequency", -1): ("occasional", "低频"),
    ("monetary", 1): ("high spend", "高消费"), ("monetary", -1): ("low spend", "低消费"),
}
TYPICAL = ("typical", "普通客户")


class ClusterError(ValueError):
    """Data or settings the clusters cannot be computed on; the message says why, in one line."""


@dataclass(frozen=True)
class FeatureMatrix:
    X: np.ndarray                  # customers x features, float64
    names: tuple                   # a name per feature column ("recency_days", "industry=制造业", ...)
    numbers: tuple                 # chosen number columns (their feature is named as the column)
    categories: tuple              # chosen category columns
    codes: dict                    # category column -> (codes, values) of category_codes


@dataclass(frozen=True)
class ClusterResult:
    assignments: pd.DataFrame      # customer_id, cluster, cluster_rank, cluster_label (English), in the frame's order
    profile: pd.DataFrame          # one row per cluster, best first (see profile_table)
    k: int
    silhouette: dict               # k -> silhouette on the sample ({} when k was given)
    method: str
    seed: int
    columns: tuple = ()
    suggested_k: int | None = None

    def labels(self, lang: str = "en") -> list[str]:
        """The clusters' labels, best first, in English or Chinese."""
        return list(self.profile["label_zh" if lang == "zh" else "label_en"])

    def settings(self) -> dict:
        """The scenario's clusters block that reproduces these clusters."""
        return {"method": self.method, "k": int(self.k), "seed": int(self.seed), "columns": list(self.columns)}


def _standardise(x: np.ndarray) -> np.ndarray:
    sd = x.std()
    return (x - x.mean()) / sd if sd > 0 and np.isfinite(sd) else np.zeros_like(x)


def _number_feature(values: pd.Series) -> np.ndarray:
    x = pd.to_numeric(values, errors="coerce").astype("float64")
    x = x.where(np.isfinite(x))
    known = x.dropna()
    if len(known) and known.min() >= 0 and len(known) > 2 and known.skew() > SKEWED:
        x = np.log1p(x)
    median = x.median()
    x = x.fillna(0.0 if pd.isna(median) else median)
    return _standardise(x.to_numpy(dtype="float64"))


def category_codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(codes, values): each row's value as a number into values, -1 where missing or blank."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    names = [" ".join(str(u).split()) for u in uniques]
    blank = np.array([not n for n in names] + [True])  # the last entry: code -1
    codes = np.where(blank[codes], -1, codes) if blank[:-1].any() else codes
    return codes.astype("int64"), names


def _category_block(codes: np.ndarray, names: list[str], column: str) -> tuple[np.ndarray, list[str]]:
    """One-hot of the TOP_CATEGORIES most frequent values, the rest (and missing) as one more column;
    centred, scaled so the block's total variance is 1."""
    n = len(codes)
    counts = np.bincount(codes + 1, minlength=len(names) + 1)[1:]  # per value, missing left out
    top = [int(i) for i in np.argsort(-counts, kind="stable")[:TOP_CATEGORIES] if counts[i] > 0]
    group = np.full(len(names) + 1, len(top), dtype="int64")  # value code + 1 -> block column
    group[np.array(top, dtype="int64") + 1] = np.arange(len(top))
    g = group[codes + 1]
    width = len(top) + (1 if (g == len(top)).any() else 0)
    block = np.zeros((n, width))
    block[np.arange(n), np.minimum(g, width - 1)] = 1.0
    p = block.mean(axis=0)
    block -= p
    var = float((p * (1 - p)).sum())
    if var > 0:
        block /= np.sqrt(var)
    labels = [f"{column}={names[i]}" for i in top] + ([f"{column}=(other)"] if width > len(top) else [])
    return block, labels


def is_number(values: pd.Series) -> bool:
    return values.dtype.kind in "iufb"


def feature_matrix(frame: pd.DataFrame, columns=()) -> FeatureMatrix:
    """The standardised features of every row of frame (see the module's docstring)."""
    missing = [c for c in RFM if c not in frame.columns]
    if missing:
        raise ClusterError(f"the customers need {', '.join(missing)} (the scored features)")
    columns = list(dict.fromkeys(columns))
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise ClusterError(f"no column {absent[0]!r} in the customers table")
    if any(c in RFM or c == "customer_id" for c in columns):
        raise ClusterError("R, F, M are always used; choose other customer columns")
    r = frame["recency_days"].to_numpy(dtype="float64")
    f = frame["frequency"].to_numpy(dtype="float64")
    m = frame["monetary"].to_numpy(dtype="float64")
    if not (np.isfinite(r).all() and np.isfinite(f).all() and np.isfinite(m).all()):
        raise ClusterError("recency, frequency or monetary is missing for some customers")
    parts = [_standardise(np.log1p(np.maximum(r, 0.0))), _standardise(np.log1p(np.maximum(f, 0.0))),
             _standardise(np.log1p(np.maximum(m, 0.0)))]
    names, numbers, categories, codes = list(RFM), [], [], {}
    blocks = [np.column_stack(parts)] if len(frame) else [np.empty((0, 3))]
    for c in columns:
        if pd.api.types.is_datetime64_any_dtype(frame[c]):
            raise ClusterError(f"{c!r} holds dates; choose a number or category column")
        if is_number(frame[c]):
            blocks.append(_number_feature(frame[c])[:, None])
            names.append(c)
            numbers.append(c)
        else:
            codes[c] = category_codes(frame[c])
            block, block_names = _category_block(*codes[c], c)
            blocks.append(block)
            names += block_names
            categories.append(c)
    X = np.ascontiguousarray(np.hstack(blocks), dtype="float64")
    return FeatureMatrix(X=X, names=tuple(names), numbers=tuple(numbers), categories=tuple(categories), codes=codes)


def _model(method: str, k: int, seed: int):
    if method == "kmeans":
        from sklearn.cluster import KMeans
        return KMeans(n_clusters=k, n_init=N_INIT, random_state=seed)
    if method == "gmm":
        from sklearn.mixture import GaussianMixture
        # reg_covar: a one-hot column constant inside a component must not make its covariance singular
        return GaussianMixture(n_components=k, covariance_type="full", reg_covar=1e-4, random_state=seed)
    raise ClusterError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")


def _threads():
    """THREADS threads for the libraries sklearn loads (imported first: threadpoolctl limits only the
    libraries already loaded)."""
    import sklearn.cluster  # noqa: F401
    import sklearn.metrics  # noqa: F401
    import sklearn.mixture  # noqa: F401
    from threadpoolctl import threadpool_limits
    return threadpool_limits(limits=THREADS)


def _fit(X: np.ndarray, k: int, method: str, seed: int):
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # fewer distinct points than k: checked by the caller
        return _model(method, k, seed).fit(X)


def predict(model, X: np.ndarray, chunk: int = PREDICT_CHUNK) -> np.ndarray:
    """The model's cluster of every row, PREDICT_CHUNK rows at a time (bounded memory at millions)."""
    out = np.empty(len(X), dtype="int64")
    for start in range(0, len(X), chunk):
        out[start:start + chunk] = model.predict(X[start:start + chunk])
    return out


def _samples(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows to fit on (at most FIT_SAMPLE) and, among them, rows to measure the silhouette on."""
    rng = np.random.default_rng(seed)
    fit = np.sort(rng.choice(n, size=FIT_SAMPLE, replace=False)) if n > FIT_SAMPLE else np.arange(n)
    sil = np.sort(rng.choice(len(fit), size=SILHOUETTE_SAMPLE, replace=False)) if len(fit) > SILHOUETTE_SAMPLE \
        else np.arange(len(fit))
    return fit, sil


def _distinct(X: np.ndarray) -> int:
    return len(np.unique(np.round(X, 9), axis=0)) if len(X) else 0


def _check(X: np.ndarray, fit: np.ndarray | None = None) -> int:
    """The number of distinct feature rows among the rows fitted on; ClusterError when there is nothing to
    cluster."""
    if len(X) < 3:
        raise ClusterError(f"at least 3 customers are needed to form clusters, the data has {len(X)}")
    if not (np.ptp(X, axis=0) > 1e-9).any():
        raise ClusterError("every customer has the same recency, frequency and spend (and chosen columns): "
                           "there are no groups to find")
    distinct = _distinct(X if fit is None else X[fit])
    if distinct < 2:
        raise ClusterError("every customer has the same recency, frequency and spend (and chosen columns): "
                           "there are no groups to find")
    return distinct


def suggest_k(X: np.ndarray, method: str = "kmeans", seed: int = 0, ks=SUGGEST_KS,
              samples: tuple | None = None) -> tuple[int, dict]:
    """(k, {k: silhouette}): each k fitted on the fit sample and measured on the silhouette sample; the
    best silhouette wins, a tie (to 6 places) going to the smaller k. k that cannot be measured (more
    clusters than distinct customers, or all the sample in one cluster) are left out of the dict."""
    with _threads():
        return _suggest_k(X, method, seed, ks, samples)


def _suggest_k(X, method, seed, ks, samples):
    fit, sil = samples if samples is not None else _samples(len(X), seed)
    distinct = _check(X, fit)
    Xfit = X[fit]
    Xsil = Xfit[sil]
    tried = {}
    for k in ks:
        if k > min(distinct, len(Xsil) - 1):
            continue
        labels = predict(_fit(Xfit, k, method, seed), Xsil)
        if 2 <= len(np.unique(labels)) <= len(Xsil) - 1:
            tried[k] = labels
    scores = silhouettes(Xsil, tried)
    if not scores:
        raise ClusterError("no number of clusters could be measured on this data (too few distinct customers)")
    best = max(scores, key=lambda k: (round(scores[k], 6), -k))
    return best, scores


def silhouettes(X: np.ndarray, labelings: dict, chunk: int = 1000) -> dict:
    """{key: mean silhouette} of several labelings of the same rows (sklearn's silhouette_score, Euclidean),
    measuring the distances once: per row, a = mean distance to its own cluster's other rows, b = the
    smallest mean distance to another cluster, s = (b - a) / max(a, b), 0 in a cluster of one."""
    if not labelings:
        return {}
    n = len(X)
    onehots = {key: np.eye(int(lab.max()) + 1)[lab] for key, lab in labelings.items()}
    every = np.hstack(list(onehots.values()))  # all labelings side by side: one product per chunk
    total = np.empty((n, every.shape[1]))
    sq = (X * X).sum(axis=1)
    for start in range(0, n, chunk):
        rows = X[start:start + chunk]
        d = np.sqrt(np.maximum(sq[start:start + chunk, None] + sq[None, :] - 2.0 * rows @ X.T, 0.0))
        total[start:start + chunk] = d @ every
    edges = np.cumsum([0] + [oh.shape[1] for oh in onehots.values()])
    sums = {key: total[:, edges[i]:edges[i + 1]] for i, key in enumerate(onehots)}
    out = {}
    for key, lab in labelings.items():
        counts = onehots[key].sum(axis=0)
        own = counts[lab]
        a = sums[key][np.arange(n), lab] / np.maximum(own - 1, 1)
        other = sums[key] / np.maximum(counts, 1)
        other[np.arange(n), lab] = np.inf
        other[:, counts == 0] = np.inf
        b = other.min(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            s = np.where(own > 1, (b - a) / np.maximum(a, b), 0.0)
        out[key] = float(np.nan_to_num(s).mean())
    return out


def cluster_customers(frame: pd.DataFrame, method: str = "kmeans", k: int | None = None, seed: int = 0,
                      columns=(), column_names: dict | None = None) -> ClusterResult:
    """Clusters of every row of frame (customer_id, recency_days, frequency, monetary and the chosen
    columns): fitted on a sample of at most FIT_SAMPLE rows, predicted for all, numbered by mean
    monetary (0 = highest), described in words. k None: suggest_k's. column_names: column -> (English,
    Chinese) name used in the labels (default: the column's own name)."""
    if method not in METHODS:
        raise ClusterError(f"method: expected one of {', '.join(METHODS)}, got {method!r}")
    if k is not None and not (isinstance(k, (int, np.integer)) and K_RANGE[0] <= k <= K_RANGE[1]):
        raise ClusterError(f"k: expected a whole number {K_RANGE[0]} to {K_RANGE[1]}, got {k!r}")
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or not 0 <= seed < 2**32:
        raise ClusterError(f"seed: expected a whole number 0 to {2**32 - 1}, got {seed!r}")
    if "customer_id" not in frame.columns:
        raise ClusterError("the customers need a customer_id column")
    if len(frame) < 3:
        raise ClusterError(f"at least 3 customers are needed to form clusters, the data has {len(frame)}")
    fm = feature_matrix(frame, columns)
    X = fm.X
    samples = _samples(len(X), int(seed))
    distinct = _check(X, samples[0])
    scores, suggested = {}, None
    if k is None:
        suggested, scores = suggest_k(X, method, int(seed), samples=samples)
        k = suggested
    if k > distinct:
        raise ClusterError(f"{k} clusters asked for, but only {distinct} customers differ in their features")
    with _threads():
        raw = predict(_fit(X[samples[0]], int(k), method, int(seed)), X)
    rank = _rank_by_monetary(raw, frame["monetary"].to_numpy(dtype="float64"))
    profile = profile_table(frame, rank, fm, column_names)
    label = pd.Categorical.from_codes(rank, categories=list(profile["label_en"]))
    assignments = pd.DataFrame({"customer_id": frame["customer_id"], "cluster": rank, "cluster_rank": rank,
                                "cluster_label": label}, index=frame.index)
    return ClusterResult(assignments=assignments, profile=profile, k=len(profile), silhouette=scores, method=method,
                         seed=int(seed), columns=tuple(dict.fromkeys(columns)), suggested_k=suggested)


def _rank_by_monetary(raw: np.ndarray, monetary: np.ndarray) -> np.ndarray:
    """Cluster numbers 0.. by mean monetary, highest first (ties: the model's order); empty clusters dropped."""
    counts = np.bincount(raw)
    sums = np.bincount(raw, weights=monetary, minlength=len(counts))
    used = np.flatnonzero(counts)
    means = sums[used] / counts[used]
    order = used[np.lexsort((used, -means))]
    mapping = np.full(len(counts), -1, dtype="int64")
    mapping[order] = np.arange(len(order))
    return mapping[raw]


def profile_table(frame: pd.DataFrame, rank: np.ndarray, fm: FeatureMatrix,
                  column_names: dict | None = None) -> pd.DataFrame:
    """Per cluster (best first): cluster, customers, share, median_recency, median_frequency, median_monetary,
    mean_monetary, revenue_share, label_en, label_zh."""
    g = pd.DataFrame({"cluster": rank, "r": frame["recency_days"].to_numpy(dtype="float64"),
                      "f": frame["frequency"].to_numpy(dtype="float64"),
                      "m": frame["monetary"].to_numpy(dtype="float64")}).groupby("cluster", sort=True)
    n, revenue = len(rank), float(frame["monetary"].sum())
    out = pd.DataFrame({"customers": g.size(), "median_recency": g["r"].median(), "median_frequency": g["f"].median(),
                        "median_monetary": g["m"].median(), "mean_monetary": g["m"].mean(),
                        "revenue": g["m"].sum()})
    out["share"] = out["customers"] / n
    out["revenue_share"] = out["revenue"] / revenue if revenue > 0 else 0.0
    en, zh = describe(frame, rank, fm, column_names)
    out["label_en"], out["label_zh"] = en, zh
    out = out.reset_index()
    return out[["cluster", "customers", "share", "median_recency", "median_frequency", "median_monetary",
                "mean_monetary", "revenue_share", "label_en", "label_zh"]]


def _short(value: str, width: int = 16) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= width else value[:width - 1] + "…"


def describe(frame: pd.DataFrame, rank: np.ndarray, fm: FeatureMatrix,
             column_names: dict | None = None) -> tuple[list[str], list[str]]:
    """(English labels, Chinese labels), one per cluster in rank order, from the cluster's profile against
    the population's.

    Rule: on each standardised feature (log1p recency, frequency, spend, and each chosen number column),
    the cluster's median is "clearly off" when it is at least CLEARLY_OFF (half a population standard
    deviation) above or below the population's median: recency low -> recent / high -> lapsed, frequency
    -> frequent / occasional, spend -> high / low spend, a number column -> high X / low X. A category
    column adds "mostly X" when at least MOSTLY (50%) of the cluster has the value X. No word applies:
    "typical". Words are dropped from the end until the label fits MAX_LABEL characters; two equal
    labels are told apart by " (2)", " (3)" on the later ones.
    """
    k = int(rank.max()) + 1 if len(rank) else 0
    feats = [(name, fm.X[:, i]) for i, name in enumerate(fm.names[:3])]
    for c in fm.numbers:
        feats.append((c, fm.X[:, fm.names.index(c)]))
    z = pd.DataFrame({name: x for name, x in feats})
    pop = z.median()
    med = z.groupby(rank).median()
    mostly_of = {}  # category column -> per cluster, the value held by at least MOSTLY of it (or None)
    for col in fm.categories:
        codes, values = fm.codes[col]
        known = codes >= 0
        table = np.bincount(rank[known] * len(values) + codes[known], minlength=k * len(values)).reshape(k, -1) \
            if len(values) else np.zeros((k, 0), dtype="int64")
        sizes = np.bincount(rank, minlength=k)
        best = table.argmax(axis=1) if len(values) else np.zeros(k, dtype="int64")
        mostly_of[col] = [values[best[c]] if len(values) and table[c, best[c]] >= MOSTLY * sizes[c] > 0 else None
                          for c in range(k)]
    en_all, zh_all = [], []
    for c in range(k):
        en, zh = [], []
        for name, _ in feats:
            diff = med.at[c, name] - pop[name]
            if abs(diff) < CLEARLY_OFF:
                continue
            sign = 1 if diff > 0 else -1
            if name in RFM:
                w_en, w_zh = WORDS[(name, sign)]
            else:
                name_en, name_zh = (column_names or {}).get(name, (name, name))
                w_en = f"{'high' if sign > 0 else 'low'} {_short(name_en[:1].lower() + name_en[1:])}"
                w_zh = f"{_short(name_zh)}{'高' if sign > 0 else '低'}"
            en.append(w_en)
            zh.append(w_zh)
        mostly = [_short(v[c]) for v in mostly_of.values() if v[c] is not None]
        en_all.append((en, mostly))
        zh_all.append((zh, mostly))
    return _labels(en_all, _english, " ({n})"), _labels(zh_all, _chinese, "（{n}）")


def _english(words: list[str], mostly: list[str], suffix: str = "") -> str:
    return (", ".join(words + [f"mostly {v}" for v in mostly]) or TYPICAL[0]) + suffix


def _chinese(words: list[str], mostly: list[str], suffix: str = "") -> str:
    parts = ["、".join(words)] if words else []
    parts += [f"多为{v}" for v in mostly]
    return ("，".join(parts) or TYPICAL[1]) + suffix


def _fitted(render, words: list[str], mostly: list[str], suffix: str = "") -> str:
    """render(words, mostly, suffix) at most MAX_LABEL characters: the last words are dropped until it fits."""
    words, mostly = list(words), list(mostly)
    while len(render(words, mostly, suffix)) > MAX_LABEL and (words or mostly):
        if mostly:
            mostly.pop()
        else:
            words.pop()
    return render(words, mostly, suffix)


def _labels(parts: list[tuple], render, suffix: str) -> list[str]:
    """Each cluster's label, fitted; equal labels told apart: the second and later get the suffix with a
    number (2, 3, ...), words dropped where the suffix needs the room."""
    base = [_fitted(render, w, m) for w, m in parts]
    out, taken, seen = [], set(base), {}
    for label, (w, m) in zip(base, parts):
        seen[label] = seen.get(label, 0) + 1
        if seen[label] == 1:
            out.append(label)
            continue
        n = seen[label]
        candidate = _fitted(render, w, m, suffix.format(n=n))
        while candidate in taken:
            n += 1
            candidate = _fitted(render, w, m, suffix.format(n=n))
        taken.add(candidate)
        out.append(candidate)
    return out


def adopt_as_tiers(scenario, result: ClusterResult, lang: str = "en", max_tiers: int = 6):
    """The scenario with the clusters as its tiers: tier_method "cluster", tiers [[label, 0], ...] best first
    (labels in lang), clusters {method, k, seed, columns}. ClusterError past max_tiers clusters (the
    scenario's tier limit)."""
    if result.k > max_tiers:
        raise ClusterError(f"{result.k} clusters cannot all be tiers: at most {max_tiers} tiers; choose {max_tiers} "
                           f"clusters or fewer")
    tiers = tuple((label, 0.0) for label in result.labels(lang))
    return scenario.with_changes(tier_method="cluster", tiers=tiers, clusters=result.settings())


def settings_of(clusters: dict) -> dict:
    """A scenario's clusters block with its defaults filled in: method, k (None: suggested), seed, columns."""
    k = clusters.get("k")
    return {"method": clusters.get("method") or "kmeans", "k": None if k is None else int(k),
            "seed": int(clusters.get("seed") or 0), "columns": list(clusters.get("columns") or [])}


def cluster_ranks(frame: pd.DataFrame, clusters: dict) -> np.ndarray:
    """cluster_rank of every row of frame under a scenario's clusters block (columns the frame lacks are
    left out, as the scenario's other settings for missing columns are)."""
    s = settings_of(clusters)
    columns = [c for c in s["columns"] if c in frame.columns]
    result = cluster_customers(frame, s["method"], None if s["k"] is None else int(s["k"]), s["seed"], columns)
    return result.assignments["cluster_rank"].to_numpy()
