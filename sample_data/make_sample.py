"""Generate the bundled sample: a B2B industrial-supplies distributor, seeded and reproducible.

    python sample_data/make_sample.py [--out sample_data] [--seed 20240630]

Writes orders.csv and customers.csv (English headers and values, UTF-8) and the same data as
orders_zh_gbk.csv and customers_zh_gbk.csv (Chinese headers and values, GBK) to show the
column mapping. See sample_data/README.md for what is in it.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

START, END = pd.Timestamp("2021-07-01"), pd.Timestamp("2024-06-30")
N_CUSTOMERS = 3000
PROSPECT_SHARE = 0.10

# Chinese B2B demand: quiet around the Spring Festival, busy before mid-year and year-end.
SEASON = {1: 0.85, 2: 0.45, 3: 1.15, 4: 1.05, 5: 1.05, 6: 1.2, 7: 0.9, 8: 0.85, 9: 1.1, 10: 0.9, 11: 1.15, 12: 1.35}

INDUSTRIES = [("Manufacturing", "制造业", 0.30), ("Construction", "建筑工程", 0.14), ("Energy", "能源电力", 0.08),
              ("Healthcare", "医疗卫生", 0.09), ("Education", "教育", 0.08), ("Logistics", "物流运输", 0.10),
              ("Retail", "零售批发", 0.13), ("Public sector", "政府机构", 0.08)]
REGIONS = [("East", "华东", 0.32), ("South", "华南", 0.20), ("North", "华北", 0.18), ("Central", "华中", 0.12),
           ("Southwest", "西南", 0.10), ("Northwest", "西北", 0.04), ("Northeast", "东北", 0.04)]
SIZES = [("Large", "大型", 0.12), ("Medium", "中型", 0.30), ("Small", "小型", 0.40), ("Micro", "微型", 0.18)]
SIZE_SCALE = {"Large": 3.0, "Medium": 1.6, "Small": 1.0, "Micro": 0.6}
OWNERSHIP = [("Government", "政府", 0.08), ("State-owned", "国企", 0.17), ("Joint-stock", "股份制", 0.25),
             ("Private", "民营", 0.50)]
# scorecard criteria beside the purchases (credit, relationship, strategic importance), drawn from their own
# random stream so that adding them left every other column as it was
CREDIT = [("AAA", "AAA", 0.15), ("AA", "AA", 0.35), ("A", "A", 0.35), ("B", "B", 0.15)]
RELATIONSHIP = [("Strategic partner", "战略合作", 0.10), ("Long-term", "长期合作", 0.35), ("Regular", "一般合作", 0.40),
                ("New", "新建立", 0.15)]
IMPORTANCE = [("High", "高", 0.15), ("Medium", "中", 0.40), ("Low", "低", 0.45)]
OWNERS = [("Zhang Wei", "张伟"), ("Wang Fang", "王芳"), ("Li Na", "李娜"), ("Liu Yang", "刘洋"), ("Chen Jing", "陈静"),
          ("Yang Lei", "杨磊"), ("Zhao Min", "赵敏"), ("Huang Tao", "黄涛"), ("Zhou Jie", "周杰"), ("Wu Hui", "吴慧"),
          ("Xu Qiang", "徐强"), ("Sun Li", "孙丽")]
CITIES = [("Hangzhou", "杭州"), ("Suzhou", "苏州"), ("Shanghai", "上海"), ("Nanjing", "南京"), ("Guangzhou", "广州"),
          ("Shenzhen", "深圳"), ("Beijing", "北京"), ("Tianjin", "天津"), ("Wuhan", "武汉"), ("Changsha", "长沙"),
          ("Chengdu", "成都"), ("Chongqing", "重庆"), ("Xi'an", "西安"), ("Shenyang", "沈阳"), ("Qingdao", "青岛"),
          ("Ningbo", "宁波"), ("Xiamen", "厦门"), ("Hefei", "合肥"), ("Zhengzhou", "郑州"), ("Jinan", "济南")]
WORDS = [("Huaxin", "华信"), ("Hengtai", "恒泰"), ("Jinyuan", "金源"), ("Ruida", "瑞达"), ("Tianhong", "天宏"),
         ("Xinda", "鑫达"), ("Yongsheng", "永盛"), ("Zhongcheng", "中诚"), ("Boyuan", "博远"), ("Kaiyue", "凯越"),
         ("Longxiang", "龙翔"), ("Mingde", "明德"), ("Shengshi", "盛世"), ("Weiye", "伟业"), ("Xingguang", "星光"),
         ("Yuanhang", "远航"), ("Zhongtai", "众泰"), ("Anxin", "安信"), ("Baoli", "宝利"), ("Dongfang", "东方"),
         ("Fuyuan", "富源"), ("Guangda", "光大"), ("Haitian", "海天"), ("Jiahe", "嘉禾"), ("Lianchuang", "联创")]
KINDS = {"Manufacturing": ("Machinery Co., Ltd.", "机械有限公司"), "Construction": ("Construction Co., Ltd.", "建设有限公司"),
         "Energy": ("Energy Co., Ltd.", "能源有限公司"), "Healthcare": ("Medical Co., Ltd.", "医疗器械有限公司"),
         "Education": ("Education Group", "教育集团"), "Logistics": ("Logistics Co., Ltd.", "物流有限公司"),
         "Retail": ("Trading Co., Ltd.", "商贸有限公司"), "Public sector": ("Public Works Bureau", "公共事务中心")}
# category (en, zh, gross margin) and products (en, zh, list price)
CATALOG = [
    ("Fasteners", "紧固件", 0.32, [("Hex bolt M8 (box)", "六角螺栓M8(盒)", 38.0), ("Anchor bolt M12 (box)", "膨胀螺栓M12(盒)", 65.0),
                                   ("Stainless screws (box)", "不锈钢螺丝(盒)", 42.0)]),
    ("Safety", "劳保用品", 0.28, [("Safety helmet", "安全帽", 45.0), ("Work gloves (12 pairs)", "劳保手套(12副)", 36.0),
                              ("Safety shoes", "劳保鞋", 168.0), ("Reflective vest", "反光背心", 25.0)]),
    ("Tools", "工具", 0.24, [("Cordless drill", "充电电钻", 599.0), ("Angle grinder", "角磨机", 359.0),
                           ("Socket wrench set", "套筒扳手组", 289.0), ("Laser level", "激光水平仪", 880.0)]),
    ("Electrical", "电气", 0.18, [("Circuit breaker", "断路器", 120.0), ("Cable 2.5mm (100m)", "电缆2.5mm(100米)", 420.0),
                                ("LED floodlight", "LED投光灯", 230.0), ("Distribution box", "配电箱", 1350.0)]),
    ("Bearings", "轴承", 0.22, [("Ball bearing 6204", "深沟球轴承6204", 28.0), ("Roller bearing 32210", "圆锥滚子轴承32210", 156.0)]),
    ("Lubricants", "润滑油品", 0.20, [("Hydraulic oil 18L", "液压油18L", 560.0), ("Grease 15kg", "润滑脂15kg", 480.0)]),
    ("Equipment", "设备", 0.12, [("Air compressor", "空压机", 6800.0), ("Welding machine", "电焊机", 3200.0),
                               ("Pallet truck", "手动叉车", 2600.0)]),
]

ORDER_HEADERS_ZH = {"order_id": "订单号", "order_date": "订单日期", "customer_id": "客户编号", "product": "产品",
                    "category": "品类", "quantity": "数量", "unit_price": "单价", "amount": "金额", "profit": "利润"}
CUSTOMER_HEADERS_ZH = {"customer_id": "客户编号", "name": "客户名称", "industry": "行业", "region": "地区",
                       "size": "规模", "ownership": "企业性质", "owner": "客户经理", "created_date": "建档日期",
                       "overdue_days": "逾期天数",
                       "credit_rating": "信用等级", "relationship": "合作关系", "strategic_importance": "战略重要性"}


def _pick(rng, options, n):
    p = np.array([o[2] for o in options])
    return rng.choice(len(options), size=n, p=p / p.sum())


def make_customers(rng) -> pd.DataFrame:
    n = N_CUSTOMERS
    ind, reg, size, own = _pick(rng, INDUSTRIES, n), _pick(rng, REGIONS, n), _pick(rng, SIZES, n), _pick(rng, OWNERSHIP, n)
    # public-sector customers are government-owned; the rest keep their draw
    own = np.where(np.array([INDUSTRIES[i][0] for i in ind]) == "Public sector", 0, own)
    city, word, owner = rng.integers(len(CITIES), size=n), rng.integers(len(WORDS), size=n), rng.integers(len(OWNERS), size=n)
    seen, names_en, names_zh = set(), [], []
    for i in range(n):
        c, w, k = CITIES[city[i]], WORDS[word[i]], KINDS[INDUSTRIES[ind[i]][0]]
        en, zh = f"{c[0]} {w[0]} {k[0]}", f"{c[1]}{w[1]}{k[1]}"
        j = 2
        while en in seen:  # same city and word: number the branch
            en, zh, j = f"{c[0]} {w[0]} {k[0]} (Branch {j})", f"{c[1]}{w[1]}{k[1]}（{j}分公司）", j + 1
        seen.add(en)
        names_en.append(en)
        names_zh.append(zh)
    return pd.DataFrame({
        "customer_id": [f"C{i + 1:05d}" for i in range(n)],
        "name_en": names_en, "name_zh": names_zh,
        "industry": ind, "region": reg, "size": size, "ownership": own, "owner": owner,
    })


def make_orders(rng, cust: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Order lines for the non-prospects; returns the lines and the created date of every customer."""
    n = len(cust)
    months = pd.date_range(START, END, freq="MS")
    n_months = len(months)
    is_prospect = rng.random(n) < PROSPECT_SHARE
    scale = np.array([SIZE_SCALE[SIZES[s][0]] for s in cust["size"]])
    # heavy tail: spend per order and order rate both lognormal, correlated through scale
    value = rng.lognormal(0.0, 0.85, n) * scale
    rate = np.clip(rng.lognormal(-1.1, 0.8, n) * scale ** 0.7, 0.03, 6.0)  # orders per month
    # when a customer starts: a third were already customers in July 2021, the rest join over time
    start = np.where(rng.random(n) < 0.35, 0, rng.integers(0, n_months, n))
    # trend per month: growing, declining or steady; some stop buying altogether
    kind = rng.choice(3, size=n, p=[0.25, 0.25, 0.5])
    slope = np.select([kind == 0, kind == 1], [rng.uniform(0.02, 0.06, n), -rng.uniform(0.02, 0.06, n)], 0.0)
    stop = np.where(rng.random(n) < 0.22, rng.integers(6, n_months + 6, n), n_months + 99)
    m = np.arange(n_months)[None, :]
    age = m - start[:, None]
    active = (age >= 0) & (m < stop[:, None]) & ~is_prospect[:, None]
    season = np.array([SEASON[d.month] for d in months])[None, :]
    lam = rate[:, None] * season * np.exp(slope[:, None] * np.maximum(age, 0)) * active
    counts = rng.poisson(lam)
    # every non-prospect buys at least once: in its first active month
    none = ~is_prospect & (counts.sum(axis=1) == 0)
    first_active = np.where(active.any(axis=1), active.argmax(axis=1), np.minimum(start, n_months - 1))
    counts[np.nonzero(none)[0], first_active[none]] = 1
    ci, mi = np.nonzero(counts)
    reps = counts[ci, mi]
    o_cust, o_month = np.repeat(ci, reps), np.repeat(mi, reps)
    days_in = np.array([d.days_in_month for d in months])
    o_date = months[o_month] + pd.to_timedelta(rng.integers(0, days_in[o_month]), unit="D")
    o_date = o_date.where(o_date.day_of_week < 5, o_date - pd.to_timedelta(o_date.day_of_week - 4, unit="D"))
    o_date = o_date.where(o_date >= START, START)
    order = np.argsort(o_date.values, kind="stable")
    o_cust, o_date = o_cust[order], o_date[order]
    n_orders = len(o_cust)
    order_ids = np.array([f"SO{i + 100001}" for i in range(n_orders)])

    products = [(cat, p) for cat in CATALOG for p in cat[3]]
    cat_weight = np.array([1.0 if c[0] != "Equipment" else 0.25 for c, _ in products])
    lines_per = 1 + rng.poisson(1.9, n_orders)
    l_order = np.repeat(np.arange(n_orders), lines_per)
    prod = rng.choice(len(products), size=len(l_order), p=cat_weight / cat_weight.sum())
    price = np.array([p[2] for _, p in products])[prod] * rng.choice([1.0, 0.95, 0.9], size=len(l_order), p=[0.6, 0.3, 0.1])
    price = np.round(price, 2)
    base_qty = value[o_cust][l_order] * 1800 / np.array([p[2] for _, p in products])[prod]
    qty = np.maximum(1, np.round(base_qty * rng.lognormal(0, 0.5, len(l_order)))).astype(int)
    amount = np.round(qty * price, 2)
    margin = np.array([c[2] for c, _ in products])[prod] * rng.uniform(0.7, 1.3, len(l_order))
    profit = np.round(amount * margin, 2)
    lines = pd.DataFrame({
        "order_id": order_ids[l_order], "order_date": o_date[l_order], "customer_id": cust["customer_id"].values[o_cust][l_order],
        "product_i": prod, "quantity": qty, "unit_price": price, "amount": amount, "profit": profit,
    })
    # returns: about 2% of lines come back within six weeks as their own return order
    back = lines.sample(frac=0.02, random_state=int(rng.integers(1 << 31)))
    ret = back.copy()
    ret["quantity"] = -np.maximum(1, np.round(back["quantity"] * rng.uniform(0.3, 1.0, len(back)))).astype(int)
    ret["amount"] = np.round(ret["quantity"] * ret["unit_price"], 2)
    ret["profit"] = np.round(ret["amount"] * (back["profit"] / back["amount"]).values, 2)
    ret["order_date"] = back["order_date"] + pd.to_timedelta(rng.integers(3, 42, len(back)), unit="D")
    ret = ret[ret["order_date"] <= END]
    ret["order_id"] = ["RT" + oid[2:] for oid in ret["order_id"]]
    lines = pd.concat([lines, ret]).sort_values(["order_date", "order_id"], kind="stable").reset_index(drop=True)
    lines["product"] = [products[i][1][0] for i in lines["product_i"]]
    lines["product_zh"] = [products[i][1][1] for i in lines["product_i"]]
    lines["category"] = [products[i][0][0] for i in lines["product_i"]]
    lines["category_zh"] = [products[i][0][1] for i in lines["product_i"]]
    first = lines.groupby("customer_id")["order_date"].min()
    created = pd.Series(cust["customer_id"]).map(first)
    created = created - pd.to_timedelta(rng.integers(0, 120, n), unit="D")
    prospect_created = START + pd.to_timedelta(rng.integers(0, (END - START).days, n), unit="D")
    created = created.where(created.notna(), pd.Series(prospect_created))
    return lines, created.values


def add_flaws(rng, lines: pd.DataFrame) -> pd.DataFrame:
    """A few flaws every real export has, so the quality report has something to show."""
    out = lines.copy()
    out["order_date"] = out["order_date"].dt.strftime("%Y-%m-%d")
    out["customer_id_out"] = out["customer_id"]
    idx = rng.choice(len(out), size=8, replace=False)
    out.loc[idx[:3], "customer_id_out"] = ""                 # lost customer id
    out.loc[idx[3:5], "order_date"] = ["2023-02-30", "TBD"]  # impossible or missing date
    out.loc[idx[5:6], "amount"] = np.nan                      # empty amount
    dup = out.iloc[np.sort(rng.choice(len(out), size=4, replace=False))]
    out = pd.concat([out, dup]).sort_index(kind="stable").reset_index(drop=True)  # exact duplicates
    return out


def write(out_dir: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    cust = make_customers(rng)
    lines, created = make_orders(rng, cust)
    lines = add_flaws(rng, lines)
    scale = np.array([SIZE_SCALE[SIZES[s][0]] for s in cust["size"]])
    overdue = np.where(rng.random(len(cust)) < 0.25, rng.integers(1, 120, len(cust)) / np.sqrt(scale), 0).astype(int)
    extra = np.random.default_rng(seed + 1)
    credit, relation, importance = (_pick(extra, table, len(cust)) for table in (CREDIT, RELATIONSHIP, IMPORTANCE))

    def orders(zh: bool) -> pd.DataFrame:
        o = pd.DataFrame({"order_id": lines["order_id"], "order_date": lines["order_date"],
                          "customer_id": lines["customer_id_out"],
                          "product": lines["product_zh" if zh else "product"],
                          "category": lines["category_zh" if zh else "category"],
                          "quantity": lines["quantity"], "unit_price": lines["unit_price"].map("{:.2f}".format),
                          "amount": lines["amount"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}"),
                          "profit": lines["profit"].map("{:.2f}".format)})
        return o.rename(columns=ORDER_HEADERS_ZH) if zh else o

    def customers(zh: bool) -> pd.DataFrame:
        lang = 1 if zh else 0
        c = pd.DataFrame({
            "customer_id": cust["customer_id"], "name": cust["name_zh" if zh else "name_en"],
            "industry": [INDUSTRIES[i][lang] for i in cust["industry"]], "region": [REGIONS[i][lang] for i in cust["region"]],
            "size": [SIZES[i][lang] for i in cust["size"]], "ownership": [OWNERSHIP[i][lang] for i in cust["ownership"]],
            "owner": [OWNERS[i][lang] for i in cust["owner"]],
            "created_date": pd.to_datetime(created).strftime("%Y-%m-%d"), "overdue_days": overdue,
            "credit_rating": [CREDIT[i][lang] for i in credit], "relationship": [RELATIONSHIP[i][lang] for i in relation],
            "strategic_importance": [IMPORTANCE[i][lang] for i in importance]})
        return c.rename(columns=CUSTOMER_HEADERS_ZH) if zh else c

    out_dir.mkdir(parents=True, exist_ok=True)
    orders(False).to_csv(out_dir / "orders.csv", index=False, encoding="utf-8", lineterminator="\n")
    customers(False).to_csv(out_dir / "customers.csv", index=False, encoding="utf-8", lineterminator="\n")
    orders(True).to_csv(out_dir / "orders_zh_gbk.csv", index=False, encoding="gbk", lineterminator="\n")
    customers(True).to_csv(out_dir / "customers_zh_gbk.csv", index=False, encoding="gbk", lineterminator="\n")
    print(f"{len(lines):,} order lines, {len(cust):,} customers -> {out_dir}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent))
    ap.add_argument("--seed", type=int, default=20240630)
    args = ap.parse_args()
    write(Path(args.out), args.seed)


if __name__ == "__main__":
    main()
