"""Translations (English / 中文). t(key, **values) returns the text in the session's language."""
from __future__ import annotations

import streamlit as st

# key: (English, 中文)
STRINGS = {
    # navigation and sidebar
    "nav.data": ("Data", "数据"),
    "nav.tiers": ("Tiers", "客户分层"),
    "nav.export": ("Export", "导出"),
    "sidebar.language": ("Language", "语言"),
    "sidebar.sample": ("bundled sample", "内置示例数据"),
    "sidebar.dataset": ("Data: {name} · {rows:,} order lines · {customers:,} customers",
                        "数据：{name} · {rows:,} 条订单明细 · {customers:,} 位客户"),
    "sidebar.scenario": ("Scenario file", "方案文件"),
    "sidebar.scenario_help": ("Every setting of the analysis in one JSON file: save it, share it, load it again.",
                              "分析的全部设置保存在一个 JSON 文件中：可保存、分享并再次载入。"),
    "sidebar.scenario_download": ("Save scenario (JSON)", "保存方案（JSON）"),
    "sidebar.scenario_upload": ("Load a scenario", "载入方案"),
    "sidebar.scenario_loaded": ("Scenario loaded from {name}.", "已从 {name} 载入方案。"),
    "sidebar.scenario_bad": ("{name} could not be used: {error}", "{name} 无法使用：{error}"),
    "sidebar.scenario_reset": ("Reset to defaults", "恢复默认设置"),
    # scenario controls
    "controls.when": ("Date and window", "分析日期与时间窗"),
    "controls.as_of": ("As-of date", "分析日期"),
    "controls.lookback": ("Look-back window (days, 0 = all history)", "回溯窗口（天，0 = 全部历史）"),
    "controls.scores": ("R / F / M scores", "R / F / M 评分"),
    "controls.bins": ("Score bins", "评分档数"),
    "controls.method": ("Binning", "分档方法"),
    "controls.method.quantile": ("Quantiles", "分位数"),
    "controls.method.threshold": ("Custom thresholds", "自定义阈值"),
    "controls.threshold_help": ("Bin edges, ascending and comma-separated. R in days since the last purchase "
                                "(fewer days score higher); F in purchases; M in revenue.",
                                "分档边界，按升序以逗号分隔。R 为距最近一次购买的天数（天数越少得分越高）；"
                                "F 为购买次数；M 为金额。"),
    "controls.edges.R": ("R edges (days)", "R 边界（天）"),
    "controls.edges.F": ("F edges (purchases)", "F 边界（次）"),
    "controls.edges.M": ("M edges (revenue)", "M 边界（金额）"),
    "controls.edges_bad": ("Not a list of numbers: {text}", "不是数字列表：{text}"),
    "controls.invalid": ("Setting not applied: {error}", "设置未生效：{error}"),
    "controls.weights": ("Weights", "权重"),
    "controls.weight.R": ("Recency (R)", "最近购买 (R)"),
    "controls.weight.F": ("Frequency (F)", "购买频次 (F)"),
    "controls.weight.M": ("Monetary (M)", "消费金额 (M)"),
    "controls.weight.profit": ("Profit", "利润"),
    "controls.weight_short.R": ("R", "R"),
    "controls.weight_short.F": ("F", "F"),
    "controls.weight_short.M": ("M", "M"),
    "controls.weight_short.profit": ("Profit", "利润"),
    "controls.tiers": ("Tier rules", "分层规则"),
    "controls.weight_shares": ("Share of the score: {shares}", "得分构成：{shares}"),
    "controls.attributes": ("More score components", "更多评分维度"),
    "controls.attribute_columns": ("Customer attributes", "客户属性"),
    "controls.attribute_weight": ("Weight: {name}", "权重：{name}"),
    "controls.attribute_direction": ("Better when", "数值"),
    "controls.direction.higher": ("higher", "越高越好"),
    "controls.direction.lower": ("lower", "越低越好"),
    "controls.attribute_value": ("Value", "取值"),
    "controls.attribute_points": ("Points", "分值"),
    "help.attributes": ("Add customer attributes to the score: a number scaled 0-1 across customers (e.g. overdue "
                        "days, lower is better), or a category scored by points (e.g. 政府/国企 15, 股份制 10, 民营 5).",
                        "将客户属性加入综合得分：数值型按客户间最小-最大缩放到 0-1（如逾期天数，越低越好）；"
                        "类别型按分值表打分（如 政府/国企 15、股份制 10、民营 5）。"),
    "controls.tier_method": ("Tiers by", "分层方式"),
    "controls.tier_method.score": ("Score thresholds", "得分阈值"),
    "controls.tier_method.share": ("Share of customers", "客户占比"),
    "controls.tier_count": ("Number of tiers", "层级数"),
    "controls.naming": ("Tier names", "层级命名"),
    "controls.tier_name": ("Tier {i}", "第 {i} 层"),
    "controls.tier_min": ("Min. score", "最低得分"),
    "controls.tier_share": ("Share %", "占比 %"),
    "controls.share_note": ("The last tier takes the rest. Customers are taken by score (ties broken by revenue), "
                            "so a customer can change tier because others changed.",
                            "最后一层包含其余客户。按得分排序（同分按金额），因此客户的层级也会因其他客户的变化而变化。"),
    "help.as_of": ("Orders after this date are ignored. Defaults to the latest order date.",
                   "忽略此日期之后的订单。默认为数据中最新的订单日期。"),
    "help.lookback_days": ("Only orders in the last N days up to the as-of date count; 0 uses all history.",
                           "只统计分析日期前 N 天内的订单；0 表示全部历史。"),
    "help.bins": ("Scores run from 1 to this number; quantiles put equal numbers of customers in each bin, ties together.",
                  "得分范围为 1 到该数值；分位数法让各档客户数大致相同，并列者同档。"),
    "help.score_method": ("Quantiles follow the data; thresholds are fixed edges you choose.",
                          "分位数随数据变化；阈值为您设定的固定边界。"),
    "help.weights": ("Relative importance in the 0-100 score; weights are normalised to sum to 100%.",
                     "在 0-100 综合得分中的相对重要性；权重自动归一化为 100%。"),
    "help.tier_method": ("Score thresholds: a customer moves only when their own behaviour changes. "
                         "Share: fixed proportions, e.g. top 10%.",
                         "得分阈值：只有客户自身行为变化才会改变层级。客户占比：固定比例，如前 10%。"),
    "help.kpi": ("Revenue is net of returns; average order value = revenue / purchases; recency in days.",
                 "金额为扣除退货后的净额；客单价 = 金额 / 购买次数；最近购买以天计。"),
    # tiers page
    "tiers.title": ("Customer tiers", "客户分层"),
    "tiers.caption": ("As of {as_of} · {n:,} customers with a purchase · {window}",
                      "分析日期 {as_of} · {n:,} 位有购买的客户 · {window}"),
    "tiers.all_history": ("all history", "全部历史"),
    "tiers.window": ("last {days} days", "最近 {days} 天"),
    "tiers.empty": ("No customer has a purchase in this window. Choose a later date or a longer window.",
                    "该时间窗内没有客户购买。请选择更晚的日期或更长的窗口。"),
    "tiers.kpi_customers": ("Tier {tier} · customers", "{tier} 层 · 客户数"),
    "tiers.kpi_body": ("Revenue **{revenue}** ({share:.1%})  \nAvg. order **{aov}** · Recency **{recency:.0f}** days",
                       "金额 **{revenue}**（{share:.1%}）  \n客单价 **{aov}** · 平均 **{recency:.0f}** 天未购"),
    "export.all": ("All", "全部"),
    "tiers.pyramid": ("Tier pyramid", "客户分层金字塔"),
    "tiers.band": ("<b>{customers:,}</b> customers<br>{cshare:.1%} of customers<br>{rshare:.1%} of revenue",
                   "<b>{customers:,}</b> 位客户<br>占客户 {cshare:.1%}<br>占金额 {rshare:.1%}"),
    "tiers.pareto": ("ABC (Pareto): cumulative revenue", "ABC（帕累托）：累计金额"),
    "tiers.cut": ("{cls} up to {share:.0%}", "{cls} 类至 {share:.0%}"),
    "tiers.tab_eight": ("Eight-class RFM model", "RFM 八类客户"),
    "tiers.tab_grid": ("R × F grid", "R × F 网格"),
    "tiers.tab_abc": ("ABC classes", "ABC 分类"),
    "tiers.eight_title": ("Share of customers and revenue per segment", "各类客户的客户占比与金额占比"),
    "tiers.eight_help": ("R, F and M are 'high' when better than the average customer (fewer days since the last "
                         "purchase, more purchases, more revenue).",
                         "R、F、M 优于平均水平即为“高”（距上次购买天数更少、购买次数更多、金额更高）。"),
    "tiers.grid_title": ("Customers by R and F score (5 bins)", "按 R、F 评分分布的客户（5 档）"),
    "tiers.grid_help": ("Each cell is a combination of the 5-bin recency and frequency scores; 5 is best.",
                        "每个格子是 5 档最近购买与购买频次评分的组合；5 为最好。"),
    "tiers.abc_help": ("Customers sorted by revenue: A while the cumulative share is at most {a:.0%}, B up to {b:.0%}, C the rest.",
                       "客户按金额降序排列：累计占比不超过 {a:.0%} 为 A 类，不超过 {b:.0%} 为 B 类，其余为 C 类。"),
    "tiers.customers": ("Customers", "客户明细"),
    "axis.customer_share": ("Share of customers", "客户占比"),
    "axis.revenue_share": ("Share of revenue", "金额占比"),
    "axis.r_score": ("R score (recency)", "R 评分（最近购买）"),
    "axis.f_score": ("F score (frequency)", "F 评分（购买频次）"),
    # customer table
    "table.search": ("Search", "搜索"),
    "table.search_hint": ("customer id or name", "客户编号或名称"),
    "table.sort": ("Sort by", "排序"),
    "table.desc": ("Descending", "降序"),
    "table.page": ("Page (of {pages})", "页码（共 {pages} 页）"),
    "table.count": ("{shown} of {total:,} customers · page {page} of {pages}",
                    "显示 {shown} / {total:,} 位客户 · 第 {page} / {pages} 页"),
    # columns
    "col.customer_id": ("Customer", "客户编号"),
    "col.name": ("Name", "客户名称"),
    "col.tier": ("Tier", "层级"),
    "col.score": ("Score", "综合得分"),
    "col.recency_days": ("Recency (days)", "最近购买（天）"),
    "col.frequency": ("Purchases", "购买次数"),
    "col.monetary": ("Revenue", "金额"),
    "col.profit": ("Profit", "利润"),
    "col.r_score": ("R", "R"),
    "col.f_score": ("F", "F"),
    "col.m_score": ("M", "M"),
    "col.p_score": ("Profit score", "利润评分"),
    "col.segment": ("Segment", "客户类别"),
    "col.grid_segment": ("Grid segment", "网格分类"),
    "col.abc": ("ABC", "ABC"),
    "col.customers": ("Customers", "客户数"),
    "col.revenue": ("Revenue", "金额"),
    "col.customer_share": ("% customers", "客户占比"),
    "col.revenue_share": ("% revenue", "金额占比"),
    "col.avg_recency": ("Avg. recency (days)", "平均最近购买（天）"),
    "col.avg_frequency": ("Avg. purchases", "平均购买次数"),
    "col.avg_monetary": ("Avg. revenue", "平均金额"),
    "col.first_purchase": ("First purchase", "首次购买"),
    "col.last_purchase": ("Last purchase", "最近购买"),
    "col.orders": ("Orders", "订单数"),
    "col.returns": ("Returns", "退货单数"),
    "col.industry": ("Industry", "行业"),
    "col.region": ("Region", "地区"),
    "col.size": ("Size", "规模"),
    "col.ownership": ("Ownership", "企业性质"),
    "col.owner": ("Account manager", "客户经理"),
    "col.created_date": ("Created", "建档日期"),
    "col.overdue_days": ("Overdue days", "逾期天数"),
    "col.credit_limit": ("Credit limit", "信用额度"),
    # export
    "export.title": ("Export customer lists", "导出客户名单"),
    "export.caption": ("As of {as_of} · {n:,} scored customers. Choose who and what to export.",
                       "分析日期 {as_of} · 共 {n:,} 位已评分客户。请选择导出的客户与列。"),
    "export.tiers": ("Tiers", "层级"),
    "export.abc": ("ABC classes", "ABC 分类"),
    "export.segments": ("Eight-class segments", "RFM 八类客户"),
    "export.grid": ("Grid segments", "网格分类"),
    "export.columns": ("Columns", "导出列"),
    "export.count": ("{n:,} customers selected", "已选 {n:,} 位客户"),
    "export.preview_note": ("Showing the first 100 of {n:,}; the download has all of them.",
                            "仅显示前 100 位（共 {n:,} 位）；下载文件包含全部。"),
    "export.csv": ("Download CSV", "下载 CSV"),
    "export.excel": ("Download Excel", "下载 Excel"),
    "export.safety": ("CSV files are UTF-8 with BOM so Excel shows Chinese correctly. Text starting with = + - @ "
                      "is prefixed with an apostrophe so a spreadsheet never runs it as a formula.",
                      "CSV 文件为带 BOM 的 UTF-8 编码，Excel 可正确显示中文。以 = + - @ 开头的文本会加上单引号，"
                      "防止表格软件将其作为公式执行。"),
    # data page
    "data.title": ("Data and quality", "数据与质量"),
    "data.current": ("Current data: {name}", "当前数据：{name}"),
    "data.tab_orders": ("Orders · {file}", "订单 · {file}"),
    "data.tab_customers": ("Customers · {file}", "客户 · {file}"),
    "data.no_customers": ("No customers file loaded: tiers use order data only, and prospects are unknown.",
                          "未载入客户文件：分层只使用订单数据，无法识别潜在客户。"),
    "data.back_to_sample": ("Back to the bundled sample", "切换回内置示例数据"),
    "data.load_title": ("Load your own data", "载入您的数据"),
    "quality.rows_read": ("Rows read", "读取行数"),
    "quality.accepted": ("Accepted", "接受"),
    "quality.rejected": ("Rejected", "拒绝"),
    "quality.customers": ("Customers", "客户数"),
    "quality.duplicates": ("Exact duplicates", "完全重复行"),
    "quality.duplicates_kept": ("Extra copies of identical rows; kept (choose to drop them when loading).",
                                "完全相同的重复行；已保留（载入时可选择删除）。"),
    "quality.duplicates_dropped": ("Extra copies of identical rows; dropped and listed among the rejected rows.",
                                   "完全相同的重复行；已删除，并列在被拒绝的行中。"),
    "quality.returns": ("Return lines", "退货明细"),
    "quality.future": ("Future dates", "未来日期"),
    "quality.future_help": ("Order lines dated after today: kept, but worth checking.",
                            "日期晚于今天的订单明细：已保留，但建议检查。"),
    "quality.one_time": ("One-time buyers", "一次性购买客户"),
    "quality.one_time_help": ("Share of buying customers with exactly one purchase.",
                              "只购买过一次的客户占有购买客户的比例。"),
    "quality.range": ("Orders from {start} to {end} · net amount {total:,.2f} · encoding {encoding}",
                      "订单日期 {start} 至 {end} · 净金额 {total:,.2f} · 编码 {encoding}"),
    "quality.balance": ("Nothing lost: {read:,} rows read = {acc:,} accepted + {rej:,} rejected.",
                        "没有丢失数据：读取 {read:,} 行 = 接受 {acc:,} 行 + 拒绝 {rej:,} 行。"),
    "quality.rejected_summary": ("{n:,} rows rejected. {reasons}", "{n:,} 行被拒绝。{reasons}"),
    "quality.row": ("Row", "行号"),
    "quality.column": ("Column", "列"),
    "quality.reason": ("Reason", "原因"),
    "quality.value": ("Value", "值"),
    "quality.download_rejected": ("Download rejected rows (CSV)", "下载被拒绝的行（CSV）"),
    "reason.empty_customer_id": ("customer id is empty", "客户编号为空"),
    "reason.bad_date": ("date not recognised", "无法识别的日期"),
    "reason.bad_amount": ("amount is not a number", "金额不是数字"),
    "reason.bad_quantity": ("quantity is not a number", "数量不是数字"),
    "reason.bad_unit_price": ("unit price is not a number", "单价不是数字"),
    "reason.bad_number": ("not a number", "不是数字"),
    "reason.duplicate_row": ("exact duplicate of an earlier row", "与前面某行完全重复"),
    "reason.duplicate_customer_id": ("customer id already appeared above", "客户编号在前面已出现"),
    # loading
    "load.orders": ("Orders file (required)", "订单文件（必需）"),
    "load.orders_help": ("One row per order line: customer, date and amount (or quantity and unit price). "
                         "CSV/TSV (UTF-8 or GBK), Excel or Parquet.",
                         "每行一条订单明细：客户、日期和金额（或数量与单价）。支持 CSV/TSV（UTF-8 或 GBK）、Excel、Parquet。"),
    "load.customers": ("Customers file (optional)", "客户文件（可选）"),
    "load.customers_help": ("One row per customer with attributes (industry, region, ...). Customers without "
                            "orders count as prospects.",
                            "每行一位客户及其属性（行业、地区等）。没有订单的客户视为潜在客户。"),
    "load.hint": ("Drop an orders file here. Headers in English or Chinese are recognised; you can correct the "
                  "mapping before loading.",
                  "拖入订单文件即可。可识别中英文表头，载入前可修改列对应关系。"),
    "load.sheet": ("Sheet of {name}", "{name} 的工作表"),
    "load.read_error": ("Could not read the file: {error}", "无法读取文件：{error}"),
    "load.detected": ("{rows:,} rows · {cols} columns · encoding {encoding} · delimiter {delimiter}",
                      "{rows:,} 行 · {cols} 列 · 编码 {encoding} · 分隔符 {delimiter}"),
    "load.mapping": ("**Column mapping** (fields marked * are required)", "**列对应关系**（带 * 为必填）"),
    "load.not_mapped": ("— not in file —", "— 文件中没有 —"),
    "load.need": ("Choose the column for {field}.", "请选择“{field}”对应的列。"),
    "load.need_amount": ("Choose an amount column, or both quantity and unit price.",
                         "请选择金额列，或同时选择数量和单价列。"),
    "load.twice": ("A column is used for two fields.", "同一列被用于两个字段。"),
    "load.drop_duplicates": ("Drop exact duplicate rows", "删除完全重复的行"),
    "load.drop_duplicates_help": ("Extra copies of identical rows are moved to the rejected rows, so nothing is lost.",
                                  "完全重复的多余行会移入被拒绝的行，数据不会丢失。"),
    "load.button": ("Check and load", "检查并载入"),
    "load.stage.sample": ("Reading the bundled sample…", "正在读取内置示例数据…"),
    "load.stage.validate": ("Checking order lines…", "正在检查订单明细…"),
    "load.stage.customers": ("Checking customers…", "正在检查客户…"),
    "load.stage.load": ("Loading into the database…", "正在载入数据库…"),
    "load.stage.features": ("Computing customer features…", "正在计算客户指标…"),
    "load.stage.done": ("Done", "完成"),
    "load.done": ("Loaded {name}: {acc:,} rows accepted, {rej:,} rejected. The report is below.",
                  "已载入 {name}：接受 {acc:,} 行，拒绝 {rej:,} 行。质量报告见下方。"),
    "field.customer_id": ("Customer id", "客户编号"),
    "field.order_date": ("Order date", "订单日期"),
    "field.amount": ("Amount", "金额"),
    "field.order_id": ("Order id", "订单号"),
    "field.profit": ("Profit", "利润"),
    "field.quantity": ("Quantity", "数量"),
    "field.unit_price": ("Unit price", "单价"),
    "field.product": ("Product", "产品"),
    "field.category": ("Category", "品类"),
    "field.name": ("Name", "客户名称"),
    "field.industry": ("Industry", "行业"),
    "field.region": ("Region", "地区"),
    "field.size": ("Size", "规模"),
    "field.ownership": ("Ownership type", "企业性质"),
    "field.owner": ("Account manager", "客户经理"),
    "field.created_date": ("Created date", "建档日期"),
    "field.overdue_days": ("Overdue days", "逾期天数"),
    "field.credit_limit": ("Credit limit", "信用额度"),
}

SEGMENT_NAMES = {
    "en": {
        "重要价值": "Key value", "重要发展": "Key to develop", "重要保持": "Key to retain", "重要挽留": "Key to win back",
        "一般价值": "General value", "一般发展": "General to develop", "一般保持": "General to retain",
        "一般挽留": "General to win back",
        "champions": "Champions", "loyal": "Loyal", "potential_loyalist": "Potential loyalist", "new": "New",
        "promising": "Promising", "need_attention": "Need attention", "about_to_sleep": "About to sleep",
        "cant_lose": "Can't lose", "at_risk": "At risk", "hibernating": "Hibernating",
    },
    "zh": {
        "champions": "冠军客户", "loyal": "忠诚客户", "potential_loyalist": "潜力客户", "new": "新客户",
        "promising": "有潜力新客", "need_attention": "需要关注", "about_to_sleep": "即将沉睡",
        "cant_lose": "不能失去", "at_risk": "流失风险", "hibernating": "休眠客户",
    },
}


def lang() -> str:
    return st.session_state.get("lang", "en")


_MISSING = object()


def t(key: str, default=_MISSING, **values) -> str:
    """The text of key in the current language, formatted with values."""
    pair = STRINGS.get(key)
    if pair is None:
        if default is _MISSING:
            raise KeyError(f"no translation for {key!r}")
        return str(default)
    text = pair[1] if lang() == "zh" else pair[0]
    return text.format(**values) if values else text


def segment_label(code: str) -> str:
    """A segment code or Chinese segment name in the interface language."""
    return SEGMENT_NAMES[lang()].get(code, code)


def fmt_money(value: float) -> str:
    """Compact money: 1.2M / 345.6K in English, 1.2亿 / 34.6万 in Chinese."""
    v = float(value)
    if lang() == "zh":
        for unit, size in (("亿", 1e8), ("万", 1e4)):
            if abs(v) >= size:
                return f"{v / size:,.1f}{unit}"
        return f"{v:,.0f}"
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if abs(v) >= size:
            return f"{v / size:,.1f}{unit}"
    return f"{v:,.0f}"
