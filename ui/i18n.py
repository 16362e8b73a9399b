"""Translations (English / 中文). t(key, **values) returns the text in the session's language."""
from __future__ import annotations

import streamlit as st

from analytics.config import SETTINGS

# key: (English, 中文)
STRINGS = {
    # navigation and sidebar
    "nav.data": ("Data", "数据"),
    "nav.tiers": ("Tiers", "客户分层"),
    "nav.export": ("Export", "导出"),
    "nav.value": ("Value", "客户价值"),
    "col.clv": ("Predicted value", "预测价值"),
    "col.p_alive": ("P(alive)", "活跃概率"),
    "col.expected_purchases": ("Expected purchases", "预计购买次数"),
    "col.expected_spend": ("Expected spend / purchase", "预计单次金额"),
    "col.value_tier": ("Value tier", "价值层级"),
    "col.clv_share": ("% of value", "价值占比"),
    "col.quadrant": ("Now × next", "现在 × 未来"),
    "controls.clv": ("Predicted value", "预测价值"),
    "controls.horizon": ("Horizon (months)", "预测期（月）"),
    "help.horizon": ("How far ahead purchases and value are predicted.", "预测未来多长时间内的购买与价值。"),
    "controls.margin": ("Gross margin", "毛利率"),
    "help.margin": ("Share of revenue that is profit; the data has no profit column.", "利润占收入的比例（数据中没有利润列时使用）。"),
    "controls.margin_profit": ("Margin: each customer's own, from the profit column.", "毛利率：按利润列计算每位客户自己的毛利率。"),
    "controls.discount": ("Annual discount rate", "年折现率"),
    "help.discount": ("Future value is discounted month by month at this yearly rate (0 = no discounting).",
                      "按此年利率逐月折现未来价值（0 = 不折现）。"),
    "controls.value_high": ("High value: top share of customers", "高价值：前百分比"),
    "controls.value_mid": ("Mid value: next share", "中价值：其后百分比"),
    "value.title": ("Predicted customer value", "客户价值预测"),
    "value.caption": ("Fitted on purchases up to {as_of} · {n:,} customers with a purchase · next {months} months. "
                      "A purchase is a day with positive net spend.",
                      "基于截至 {as_of} 的购买拟合 · {n:,} 位有购买的客户 · 未来 {months} 个月。一次购买 = 净金额为正的一天。"),
    "value.cannot": ("The value model cannot be fitted on this data: {error}.", "无法在这份数据上拟合价值模型：{error}。"),
    "value.total": ("Value, {months} months", "{months} 个月预测价值"),
    "value.total_help": ("Sum over customers of expected purchases × expected spend × margin, discounted.",
                         "所有客户的 预计购买次数 × 预计单次金额 × 毛利率（折现后）之和。"),
    "value.purchases": ("Purchases, {months} months", "{months} 个月预计购买"),
    "value.purchases_help": ("Purchases all valued customers are expected to make in the next {months} months (BG/NBD); a purchase is a day with positive net spend.", "所有已估值客户在未来 {months} 个月预计的购买次数之和（BG/NBD 模型）；一次购买 = 净金额为正的一天。"),
    "value.alive": ("Likely still active (average)", "平均活跃概率"),
    "value.alive_help": ("Probability that a customer is still buying (BG/NBD), averaged over customers.",
                         "客户仍在购买的概率（BG/NBD 模型），对所有客户取平均。"),
    "value.repeat": ("Repeat buyers", "复购客户"),
    "value.repeat_help": ("Customers with more than one purchase: the models learn from them.", "购买超过一次的客户，模型从他们身上学习。"),
    "value.margin_profit": ("Margin per customer from the profit column.", "毛利率取自利润列（逐个客户）。"),
    "value.margin_fixed": ("Margin {m:.0%} for every customer (no profit column).", "所有客户毛利率 {m:.0%}（数据中没有利润列）。"),
    "value.one_time": ("{n:,} one-time buyers are valued at the average spend per purchase.",
                       "{n:,} 位只购买过一次的客户按平均单次金额估值。"),
    "value.excluded": ("{n:,} repeat buyers with zero or negative repeat spend are left out of the spend model.",
                       "{n:,} 位复购金额为零或负数的客户未参与金额模型。"),
    "value.tiers_title": ("Value tiers", "价值层级"),
    "value.tier": ("Value tier", "价值层级"),
    "value.tier.high": ("High", "高价值"),
    "value.tier.mid": ("Mid", "中价值"),
    "value.tier.low": ("Low", "低价值"),
    "value.quadrant_title": ("Now (tier {best}) × next (high or mid value)", "现在（{best} 层）× 未来（高或中价值）"),
    "value.quadrant": ("Now × next", "现在 × 未来"),
    "value.q.keep": ("Keep: high now and next", "保持：现在高、未来高"),
    "value.q.at_risk": ("At risk: high now, low next", "风险：现在高、未来低"),
    "value.q.grow": ("Grow: low now, high next", "培育：现在低、未来高"),
    "value.q.low": ("Low now and next", "现在低、未来低"),
    "value.q_help.keep": ("In the best tier and in the high or mid value tier.", "处于最高层级，且属于高或中价值。"),
    "value.q_help.at_risk": ("In the best tier today but predicted to be worth little next year.", "当前处于最高层级，但预测未来价值低。"),
    "value.q_help.grow": ("Not in the best tier yet, but predicted to be worth a lot.", "尚未进入最高层级，但预测未来价值高。"),
    "value.q_help.low": ("Neither in the best tier nor predicted to be.", "既不在最高层级，预测价值也不高。"),
    "value.list_title": ("Customer list", "客户名单"),
    "value.count": ("**{n:,}** customers selected.", "已选 **{n:,}** 位客户。"),
    "value.params": ("Fitted parameters", "拟合参数"),
    "value.params_help": ("BG/NBD r, alpha, a, b and Gamma-Gamma p, q, gamma (maximum likelihood, time in weeks).",
                          "BG/NBD 参数 r、alpha、a、b 与 Gamma-Gamma 参数 p、q、gamma（最大似然，时间单位为周）。"),
    "value.backtest_title": ("Backtest: would the model have been right?", "回测：模型过去预测得准吗？"),
    "value.backtest_help": ("Choose a cut-off: the model is fitted on the purchases before it and predicts the "
                            "purchases after it, which we compare with what those customers actually did.",
                            "选择一个截止日期：模型只用之前的购买拟合，预测之后的购买，再与这些客户的实际购买对比。"),
    "value.cutoff": ("Cut-off date", "截止日期"),
    "value.verdict": ("From the cut-off to {end} ({weeks:.1f} weeks) the model expected {pred:,.0f} purchases from "
                      "the {n:,} customers it knew; they made {act:,}, so the model predicted {diff:.1%} {dir}. Per "
                      "customer the prediction was off by {mae:.2f} purchases on average.",
                      "从截止日期到 {end}（{weeks:.1f} 周），模型预计已知的 {n:,} 位客户会购买 {pred:,.0f} 次；实际为 "
                      "{act:,} 次，预测比实际{dir} {diff:.1%}。平均每位客户的预测误差为 {mae:.2f} 次。"),
    "value.more": ("too many", "多"),
    "value.fitting": ("Fitting the purchase and spend models…", "正在拟合购买与金额模型…"),
    "value.backtesting": ("Fitting before the cut-off and predicting after it…", "正在用截止日前的数据拟合并预测之后…"),
    "mig.scoring": ("Scoring {n} dates…", "正在为 {n} 个日期评分…"),
    "value.fewer": ("too few", "少"),
    "value.track_view": ("Show", "显示"),
    "value.track.cumulative": ("Cumulative", "累计"),
    "value.track.weekly": ("Weekly", "每周"),
    "value.track_title": ("Purchases after the cut-off: actual and predicted", "截止日期后的购买：实际与预测"),
    "value.actual": ("Actual", "实际"),
    "value.predicted": ("Predicted", "预测"),
    "value.week_axis": ("Week starting", "周起始日"),
    "value.purchases_axis": ("Purchases", "购买次数"),
    "value.cutoff_label": ("Fitted on purchases up to {d}", "基于截至 {d} 的购买拟合"),
    "value.by_x_title": ("By purchases before the cut-off", "按截止日前的复购次数"),
    "value.x_axis": ("Repeat purchases before the cut-off", "截止日前的复购次数"),
    "value.mean_axis": ("Purchases per customer after", "截止日后人均购买次数"),
    "value.boundary": ("**The purchase model could not find a proper fit on this data**: its estimate of {params} "
                       "(see the fitted parameters below) ended at the limit the fit allows.",
                       "**购买模型在这份数据上没有得到正常的拟合结果**：{params} 的估计值（见下方拟合参数）停在了拟合允许的"
                       "极限上。"),
    "value.boundary_flat": ("It cannot tell who has stopped buying: P(alive) is {low} or more for every customer, so it "
                            "says nothing about who is still active. This happens when no one appears to drop out of "
                            "the history (for example one year of steady buying).",
                            "模型无法分辨哪些客户已经停止购买：每位客户的活跃概率都在 {low} 或以上，因此不能说明谁仍然活跃。"
                            "当历史数据里看不出有客户流失时（例如只有一年、购买稳定）就会如此。"),
    "value.boundary_varied": ("Its P(alive) cannot be trusted to tell who has stopped buying.",
                              "它给出的活跃概率不能用来判断谁已停止购买。"),
    "value.boundary_trust": ("To find customers who have stopped, use the lifecycle stages (days since the last purchase) "
                             "on the Lifecycle page; the expected purchases and spend still rank customers by how often "
                             "and how much they buy.",
                             "要找出已停止购买的客户，请看“生命周期”页按距上次购买天数划分的阶段；预计购买次数和金额"
                             "仍可用来按购买频率和金额给客户排序。"),
    "value.boundary_spend": ("The spend model's estimate of {params} ended at the limit the fit allows: treat the "
                             "expected spend per purchase with care.",
                             "金额模型中 {params} 的估计值停在了拟合允许的极限上：预计单次金额仅供参考。"),
    "value.alive_flat": ("not informative here", "此处无参考价值"),
    "nav.lifecycle": ("Lifecycle", "生命周期"),
    "nav.migration": ("Migration", "层级迁移"),
    "axis.customers": ("Customers", "客户数"),
    "col.stage": ("Stage", "生命周期阶段"),
    "col.stage_action": ("Stage action", "阶段行动建议"),
    "col.tier_action": ("Tier action", "层级行动建议"),
    "col.tier_from": ("Tier before", "期初层级"),
    "col.tier_to": ("Tier after", "期末层级"),
    "col.monetary_from": ("Window revenue, first date", "期初窗口金额"),
    "col.monetary_to": ("Window revenue, second date", "期末窗口金额"),
    "stage.prospect": ("Prospect", "潜在客户"),
    "stage.new": ("New", "新客户"),
    "stage.repeat": ("Repeat", "老客户"),
    "stage.loyal": ("Loyal", "忠诚客户"),
    "stage.at_risk": ("At risk", "沉睡客户"),
    "stage.churned": ("Churned", "流失客户"),
    "life.title": ("Customer lifecycle", "客户生命周期"),
    "life.caption": ("As of {as_of} · {n:,} known customers (customers file and anyone who ordered). "
                     "Stages use all purchases up to that date.",
                     "分析日期 {as_of} · 共 {n:,} 位已知客户（客户文件及所有下过单的客户）。阶段按截至该日的全部购买判断。"),
    "life.rule.prospect": ("No purchase yet: a known customer without orders, or whose orders are only returns.",
                           "尚未购买：客户文件中没有订单的客户，或只有退货的客户。"),
    "life.rule.churned": ("No purchase for more than {churned_days} days.", "超过 {churned_days} 天未购买。"),
    "life.rule.at_risk": ("No purchase for more than {at_risk_days} days (and not churned).",
                          "超过 {at_risk_days} 天未购买（且未流失）。"),
    "life.rule.loyal": ("{loyal_purchases}+ purchases and the last within {loyal_days} days.",
                        "购买 {loyal_purchases} 次以上，且最近一次在 {loyal_days} 天内。"),
    "life.rule.repeat": ("{repeat_purchases}+ purchases, not loyal, not at risk.",
                         "购买 {repeat_purchases} 次以上，非忠诚、非沉睡。"),
    "life.rule.new": ("Exactly one purchase, recently.", "仅购买过一次，且不久前。"),
    "funnel.known": ("Known customers", "已知客户"),
    "funnel.known_short": ("Known", "已知客户"),
    "funnel.first_purchase": ("First purchase", "首次购买"),
    "funnel.repeat": ("{n}+ purchases", "购买 {n} 次以上"),
    "funnel.loyal": ("{n}+ purchases (loyal threshold)", "购买 {n} 次以上（忠诚门槛）"),
    "life.funnel": ("Funnel · % = conversion from the step before", "漏斗 · 百分比为相对上一步的转化率"),
    "funnel.short": ("{n}+ purchases", "购买 {n} 次以上"),
    "life.over_time": ("Stages at each month end", "各月末的阶段分布"),
    "life.by_title": ("Funnel by attribute", "按属性拆分漏斗"),
    "life.by": ("Split by", "拆分维度"),
    "life.conv": ("→ {step}", "→ {step}"),
    "life.no_attributes": ("Load a customers file with attributes (industry, region, ...) to split the funnel.",
                           "载入含属性（行业、地区等）的客户文件后，即可拆分漏斗。"),
    "life.cross_title": ("Stage × tier", "阶段 × 层级"),
    "life.cross_help": ("How many customers of each tier sit in each stage, and the revenue at stake (revenue in the "
                        "scoring window). {unscored}: no purchase in the scoring window, so no tier.",
                        "各层级客户在各阶段的人数及涉及金额（评分窗口内的金额）。{unscored}：评分窗口内无购买，因此没有层级。"),
    "life.cross_view": ("Show", "显示"),
    "life.view.customers": ("Customers", "客户数"),
    "life.view.revenue": ("Revenue", "金额"),
    "life.playbook": ("Playbook", "行动手册"),
    "life.playbook_help": ("The recommended action per stage is shown beside the counts above, the action per tier "
                           "in the lists you download. Edit them to make them yours: they are saved in the scenario file.",
                           "上表在人数旁显示各阶段的建议行动，下载的名单中还包含各层级的建议行动。可编辑为您自己的做法，修改会保存在方案文件中。"),
    "life.playbook_edit": ("Edit the playbook", "编辑行动手册"),
    "playbook.stage": ("Stage", "阶段"),
    "playbook.tier": ("Tier", "层级"),
    "playbook.action": ("Recommended action", "建议行动"),
    # the customer page (pages/customer.py, ui/customer.py) and tiers set by hand (overrides)
    "nav.customer": ("Customer", "客户"),
    "col.override": ("Set by hand", "手动设定"),
    "col.override_reason": ("Set by hand: reason", "手动设定原因"),
    "col.score_tier": ("Tier from the score", "得分层级"),
    "cust.title": ("Customer", "客户"),
    "cust.search": ("Customer: search by id or name", "客户：按编号或名称搜索"),
    "cust.search_hint": ("Type an id or a name", "输入客户编号或名称"),
    "cust.pick_first": ("Pick a customer above, or click a row of any customer table (Tiers, Lifecycle, Migration, "
                        "Value, Export, Compare) to see that customer's story.",
                        "请在上方选择一位客户，或在任一客户表（客户分层、生命周期、层级迁移、客户价值、导出、方案对比）中点击一行，查看该客户的完整情况。"),
    "cust.unknown": ("No customer {id} in this data set.", "当前数据中没有客户 {id}。"),
    "cust.click_hint": ("Click a row to open that customer's page.", "点击一行可打开该客户的详情页。"),
    "cust.caption": ("As of {as_of}, under the settings in use.", "截至 {as_of}，按当前设置计算。"),
    "cust.no_attributes": ("Not in the customers file.", "客户文件中没有此客户。"),
    "cust.k.score": ("Score", "综合得分"),
    "cust.k.score_help": ("0-100: the sum of the points each component added (the explanation below).",
                          "0-100 分：各评分维度得分之和（见下方说明）。"),
    "cust.k.tier": ("Tier", "层级"),
    "cust.k.by_hand": ("Tier {tier} set by hand: {reason}. The score gives {score_tier}.",
                       "层级 {tier} 为手动设定：{reason}。按得分应为 {score_tier}。"),
    "cust.k.tier_help_hand": ("Set by hand (the reason is below); the explanation is of the tier the score gives.",
                              "手动设定（原因见下方）；下方说明针对按得分计算的层级。"),
    "cust.k.stage": ("Lifecycle stage", "生命周期阶段"),
    "cust.k.value": ("Predicted value", "预测价值"),
    "cust.k.value_help": ("Expected purchases × spend per purchase × margin over the next {months} months (Value page).",
                          "未来 {months} 个月：预计购买次数 × 预计单次金额 × 毛利率（见“客户价值”页）。"),
    "cust.k.alive": ("P(alive)", "活跃概率"),
    "cust.alive_flat": ("The purchase model cannot tell who has stopped buying on this data.",
                        "在这份数据上，购买模型无法判断谁已停止购买。"),
    "cust.no_value_model": ("The value model cannot be fitted on this data: {error}.", "无法在这份数据上拟合价值模型：{error}。"),
    "cust.not_valued": ("Not valued: no purchase up to the as-of date.", "未估值：截至分析日期没有购买。"),
    "cust.not_scored": ("Not scored: no purchase in the scoring window, so no score and no tier ({unscored}).",
                        "未评分：评分窗口内没有购买，因此没有得分和层级（{unscored}）。"),
    "cust.why": ("Why tier {tier}?", "为什么是 {tier} 层？"),
    "cust.points_title": ("Points each component added (total = score {score})", "各维度贡献的分数（合计 = 得分 {score}）"),
    "cust.points_axis": ("Points", "分数"),
    "cust.total": ("Total (score)", "合计（得分）"),
    "cust.col.component": ("Component", "评分维度"),
    "cust.col.value": ("Value", "取值"),
    "cust.col.normalised": ("On 0-1", "标准化（0-1）"),
    "cust.col.normalised_help": ("The value put on 0-1 (1 = the best), as the scorecard normalises it.",
                                 "按评分卡规则换算到 0-1 的取值（1 = 最好）。"),
    "cust.col.weight_share": ("Weight share", "权重占比"),
    "cust.col.points": ("Points", "分数"),
    "cust.days": ("{n} days", "{n} 天"),
    "cust.gap": ("**{gap} points** below {tier} (from {threshold}).", "距 {tier} 层还差 **{gap} 分**（该层从 {threshold} 分起）。"),
    "cust.changes": ("Any one of these would get there alone:", "以下任一项单独达到即可升层："),
    "cust.no_change": ("No single component can close the gap alone.", "没有哪个单一维度能独自补足差距。"),
    "cust.top": ("Already in the top tier, {tier}.", "已在最高层级 {tier}。"),
    "cust.no_threshold": ("Tiers come from clusters here: there is no score threshold to reach.",
                          "当前层级来自聚类，没有可达到的分数门槛。"),
    "cust.next_empty": ("No customer is in tier {tier} now, so it has no lowest score to reach.",
                        "{tier} 层目前没有客户，因此没有可参照的最低分。"),
    "cust.change.F": ("{n} more purchases", "再购买 {n} 次"),
    "cust.change.F1": ("1 more purchase", "再购买 1 次"),
    "cust.change.R": ("last purchase within {days} days", "最近一次购买在 {days} 天以内"),
    "cust.change.M": ("{amount} more spend", "再消费 {amount}"),
    "cust.change.profit": ("{amount} more profit", "再增加利润 {amount}"),
    "cust.change.quantity": ("{n} more units bought", "再购买 {n} 件"),
    "cust.change.at_least": ("{what} at least {value}", "{what}至少 {value}"),
    "cust.change.at_most": ("{what} at most {value}", "{what}至多 {value}"),
    "cust.change.category": ("{what} {value}", "{what}为 {value}"),
    "cust.orders_title": ("Orders", "订单记录"),
    "cust.orders_caption": ("{n:,} orders from {first} to {last}, {total} net in all (returns subtracted).",
                            "{first} 至 {last} 共 {n:,} 笔订单，净额合计 {total}（已扣除退货）。"),
    "cust.orders_caption1": ("1 order, on {first}, {total} net (returns subtracted).", "{first} 共 1 笔订单，净额 {total}（已扣除退货）。"),
    "cust.orders_chart": ("Net amount per month, and each order", "每月净额与每笔订单"),
    "cust.month_net": ("Month, net", "月净额"),
    "cust.an_order": ("Order", "订单"),
    "cust.amount_axis": ("Net amount", "净额"),
    "cust.no_orders": ("No orders up to the as-of date.", "截至分析日期没有订单。"),
    "cust.history_title": ("Tier history", "层级历史"),
    "cust.history_caption": ("Score and tier at each quarter end, every customer scored as of that date under the "
                             "settings in use (the last point is the as-of date). {unscored}: no purchase in the window "
                             "then. A tier set by hand is not written into the past. Tier changes: {changes}.",
                             "每个季度末的得分与层级：按当前设置，以该日期为分析日期对全部客户评分（最后一点为分析日期）。"
                             "{unscored}：当时评分窗口内没有购买。手动设定的层级不写入历史。层级变化次数：{changes}。"),
    "cust.history_chart": ("Score at each quarter end", "各季度末得分"),
    "cust.history_scoring": ("Scoring every customer at {n} dates ...", "正在按 {n} 个日期为全部客户评分……"),
    "cust.history_cannot": ("The tier history cannot be computed under these settings (tiers from clusters, or a "
                            "component the data lacks).", "当前设置下无法计算层级历史（层级来自聚类，或数据缺少某个评分维度）。"),
    "cust.score_axis": ("Score", "得分"),
    "cust.col.date": ("Date", "日期"),
    "cust.playbook_title": ("What to do", "行动建议"),
    "cust.yours": ("your playbook", "您的行动手册"),
    "cust.pb.for": ("For", "适用于"),
    "cust.pb.source": ("From", "来源"),
    "cust.built_in": ("built-in suggestion", "内置建议"),
    "cust.no_actions": ("No stage or tier, so no action applies.", "没有阶段或层级，因此没有适用的行动。"),
    "cust.download_title": ("Download", "下载"),
    "cust.download_story": ("The customer's story (Excel)", "客户完整情况（Excel）"),
    "cust.download_explanation": ("The explanation (CSV)", "评分说明（CSV）"),
    "cust.sheet.summary": ("summary", "摘要"),
    "cust.sheet.explanation": ("explanation", "评分说明"),
    "cust.sheet.orders": ("orders", "订单"),
    "cust.sheet.history": ("tier history", "层级历史"),
    "cust.sheet.playbook": ("playbook", "行动建议"),
    "cust.s.item": ("Item", "项目"),
    "cust.s.value": ("Value", "内容"),
    "cust.s.next_tier": ("Next tier", "上一层级"),
    "cust.s.threshold": ("Its threshold", "升层门槛"),
    "cust.s.gap": ("Points below it", "差距（分）"),
    "cust.s.changes": ("Single changes that reach it", "可单独达到的改变"),
    "cust.s.as_of": ("As of", "分析日期"),
    "ovr.set_title": ("Set tier by hand", "手动设定层级"),
    "ovr.set_title_on": ("Set tier by hand: {tier} now", "手动设定层级：当前为 {tier}"),
    "ovr.help": ("The tier chosen here replaces the one from the score, for this customer only, with your reason "
                 "(e.g. a strategic account). It is kept in the scenario, shown as set by hand on every page and "
                 "written with its reason to the exported lists.",
                 "此处选定的层级将替代按得分计算的层级（仅对此客户），并附上原因（如战略客户）。它保存在方案中，各页面标注为手动设定，导出名单时连同原因一起写出。"),
    "ovr.not_scored": ("This customer is not scored now: a tier set by hand applies once they are.",
                       "此客户目前未评分：手动设定的层级将在其被评分后生效。"),
    "ovr.tier": ("Tier", "层级"),
    "ovr.reason": ("Reason (required)", "原因（必填）"),
    "ovr.reason_hint": ("e.g. strategic account", "例如：战略客户"),
    "ovr.reason_required": ("Give a reason: a tier set by hand always says why.", "请填写原因：手动设定层级必须说明理由。"),
    "ovr.apply": ("Apply", "应用"),
    "ovr.remove": ("Remove the tier set by hand", "取消手动设定"),
    "ovr.remove_short": ("Remove", "取消"),
    "ovr.panel": ("Overrides ({n})", "手动调整（{n}）"),
    "ovr.bad_tier": ("{n} set by hand name a tier these settings do not have (renamed or removed) and do not apply: {ids}.",
                     "{n} 条手动设定使用的层级在当前设置中不存在（已改名或删除），未生效：{ids}。"),
    "ovr.bad_customer": ("{n} set by hand are for customers not scored now and do not apply: {ids}.",
                         "{n} 条手动设定对应的客户目前未评分，未生效：{ids}。"),
    "ovr.more": ("... and {n} more (all of them are in the scenario file).", "……另有 {n} 条（均保存在方案文件中）。"),
    "ovr.incl": ("incl. {n} set by hand", "含手动设定 {n} 位"),
    "life.export_help": ("Download all {n:,} known customers with their stage, tier and actions.",
                         "下载全部 {n:,} 位已知客户及其阶段、层级和建议行动。"),
    "life.preview": ("Preview the list (first 100)", "预览名单（前 100 位）"),
    "life.no_p_alive": ("P(alive) is left out of the list: on this data the value model cannot tell who has stopped "
                        "buying (see the Value page). The stage, by days since the last purchase, is the signal to use.",
                        "名单中未包含活跃概率：在这份数据上价值模型无法分辨谁已停止购买（见“客户价值”页）。"
                        "请以按距上次购买天数划分的阶段为准。"),
    "controls.lifecycle": ("Stage rules", "阶段规则"),
    "help.lifecycle": ("Rules apply in this order; the first that holds gives the stage.",
                       "规则按此顺序判断，第一个成立的规则决定阶段。"),
    "controls.rule.churned_days": ("Churned after (days without purchase)", "流失：未购买超过（天）"),
    "controls.rule.at_risk_days": ("At risk after (days without purchase)", "沉睡：未购买超过（天）"),
    "controls.rule.loyal_purchases": ("Loyal from (purchases)", "忠诚：购买次数至少"),
    "controls.rule.loyal_days": ("Loyal if last purchase within (days)", "忠诚：最近购买在（天）内"),
    "controls.rule.repeat_purchases": ("Repeat from (purchases)", "老客户：购买次数至少"),
    "help.rule.churned_days": ("A customer whose last purchase is older than this is churned.",
                               "最近一次购买早于此天数的客户为流失客户。"),
    "help.rule.at_risk_days": ("Older than this (but not churned) is at risk.", "早于此天数（但未流失）为沉睡客户。"),
    "help.rule.loyal_purchases": ("Purchases needed to be loyal (with a recent purchase).",
                                  "成为忠诚客户所需的购买次数（且近期有购买）。"),
    "help.rule.loyal_days": ("A loyal customer's last purchase must be this recent.", "忠诚客户的最近购买须在此天数内。"),
    "help.rule.repeat_purchases": ("Purchases needed to count as a repeat customer.", "算作老客户所需的购买次数。"),
    "mig.title": ("Migration between tiers", "层级迁移"),
    "mig.caption": ("Customers scored at two dates under the same scenario: who moved up, who moved down, who is "
                    "new and who lapsed.", "在同一方案下对两个日期分别评分：谁升级、谁降级、谁是新进、谁已脱离。"),
    "mig.preset": ("Compare with the previous", "对比上一个"),
    "mig.preset.month": ("Month", "月"),
    "mig.preset.quarter": ("Quarter", "季度"),
    "mig.preset.year": ("Year", "年"),
    "mig.preset.custom": ("Custom", "自定义"),
    "mig.from": ("From", "起始日期"),
    "mig.to": ("To", "结束日期"),
    "mig.order": ("The first date must be before the second.", "起始日期必须早于结束日期。"),
    "mig.new": ("New", "新进"),
    "mig.lapsed": ("Lapsed", "脱离"),
    "mig.h.upgraded": ("Upgraded", "升级"),
    "mig.h.downgraded": ("Downgraded", "降级"),
    "mig.h.unchanged": ("Unchanged", "不变"),
    "mig.h.new": ("New", "新进"),
    "mig.h.lapsed": ("Lapsed", "脱离"),
    "mig.h.revenue_at_risk": ("Revenue at risk", "风险金额"),
    "mig.h_help.upgraded": ("Customers in a better tier at the second date.", "第二个日期层级更高的客户。"),
    "mig.h_help.downgraded": ("Customers in a lower tier at the second date.", "第二个日期层级更低的客户。"),
    "mig.h_help.unchanged": ("Customers in the same tier at both dates.", "两个日期层级相同的客户。"),
    "mig.h_help.new": ("No tier at the first date (no purchase in its window), a tier at the second.",
                       "第一个日期没有层级（窗口内无购买），第二个日期有层级。"),
    "mig.h_help.lapsed": ("A tier at the first date, none at the second (no purchase in its window).",
                          "第一个日期有层级，第二个日期没有（窗口内无购买）。"),
    "mig.h_help.revenue_at_risk": ("What the downgraded customers bought in the period of the same length before "
                                   "the first date.", "降级客户在第一个日期之前同样长度期间内的购买金额。"),
    "mig.note_score": ("Score-threshold tiers: a customer moves only when their own behaviour changes their score.",
                       "按得分阈值分层：只有客户自身行为改变了得分，层级才会变化。"),
    "mig.note_share": ("Share tiers: a customer can move because others changed (the top 10% is relative), even if "
                       "their own behaviour did not.", "按客户占比分层：层级是相对的（如前 10%），即使客户自身行为未变，也可能因为其他客户的变化而移动。"),
    "mig.note_lapsed": ("With all history as the window nobody lapses; set a look-back window on the Tiers page "
                        "(e.g. 365 days) to see lapsed customers.",
                        "评分窗口为全部历史时不会有客户脱离；可在“客户分层”页设置回溯窗口（如 365 天）来查看脱离客户。"),
    "mig.value": ("Cells show", "单元格显示"),
    "mig.value.customers": ("Customers", "客户数"),
    "mig.value.share": ("% of from-tier", "占期初层级比例"),
    "mig.value.revenue": ("Revenue at second date", "期末金额"),
    "mig.matrix": ("Transition matrix {d1} → {d2}", "迁移矩阵 {d1} → {d2}"),
    "mig.axis_from": ("Tier at {d}", "{d} 的层级"),
    "mig.axis_to": ("Tier at {d}", "{d} 的层级"),
    "mig.sankey": ("Flows between tiers", "层级间流向"),
    "mig.cell_title": ("Customers behind a cell", "单元格对应的客户"),
    "mig.cell_from": ("Tier at {d}", "{d} 的层级"),
    "mig.cell_to": ("Tier at {d}", "{d} 的层级"),
    "mig.cell_count": ("**{n:,}** customers moved from **{f}** to **{to}**.", "从 **{f}** 迁移到 **{to}** 的客户共 **{n:,}** 位。"),
    "mig.trend_title": ("Tier sizes over time", "各层级规模趋势"),
    "mig.trend_n": ("Number of {period} ends", "{period}末数量"),
    "mig.trend": ("Customers per tier at each {period} end", "每个{period}末各层级客户数"),
    "mig.period.month": ("month", "月"),
    "mig.period.quarter": ("quarter", "季度"),
    "mig.period.year": ("year", "年"),
    "mig.trend_ends.month": ("Calendar month ends up to {to}.", "截至 {to} 的各自然月末。"),
    "mig.trend_ends.quarter": ("Calendar quarter ends (31 Mar, 30 Jun, 30 Sep, 31 Dec) up to {to}.",
                               "截至 {to} 的各自然季末（3 月 31 日、6 月 30 日、9 月 30 日、12 月 31 日）。"),
    "mig.trend_ends.year": ("Calendar year ends (31 Dec) up to {to}.", "截至 {to} 的各自然年末（12 月 31 日）。"),
    "mig.trend_fewer": ("Only {n} {period} ends fall between the first order ({first}) and {to}.",
                        "首笔订单（{first}）到 {to} 之间只有 {n} 个{period}末。"),
    "mig.trend_none": ("No {period} end falls between the first order ({first}) and {to}: choose a later date or a "
                       "shorter period.", "首笔订单（{first}）到 {to} 之间没有{period}末：请选择更晚的日期或更短的周期。"),
    "sidebar.language": ("Language", "语言"),
    "sidebar.sample": ("bundled sample", "内置示例数据"),
    "sidebar.dataset": ("Data: {name} · {rows:,} order lines · {customers:,} customers",
                        "数据：{name} · {rows:,}\u00a0条订单明细 · {customers:,}\u00a0位客户"),
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
    "controls.invalid": ("{what}: not applied. In force: {in_force}.", "{what}：未生效。当前生效：{in_force}。"),
    "controls.invalid.edges": ("{dim} edges must be {n} ascending numbers for {bins} bins",
                               "{dim} 的分箱边界须为 {n} 个递增的数字（{bins} 个分箱）"),
    "controls.invalid.names": ("Tier names must be distinct and not empty", "层级名称须互不相同且不为空"),
    "controls.invalid.order": ("Minimum scores must run from high to low", "最低分须从高到低排列"),
    "controls.invalid.sum": ("Tier shares add up to {total} (more than 100%)", "层级占比合计 {total}（超过 100%）"),
    "controls.invalid.at_risk": ("At risk after {at_risk} days is later than churned after {churned} days",
                                 "沉睡天数 {at_risk} 大于流失天数 {churned}"),
    "controls.invalid.repeat": ("Repeat from {repeat} purchases is more than loyal from {loyal} purchases",
                                "老客户的购买次数门槛 {repeat} 大于忠诚客户的门槛 {loyal}"),
    "controls.in_force.edges": ("the {method} bins", "{method}分箱"),
    "controls.in_force.previous": ("the previous settings", "之前的设置"),
    "controls.naming_pick": ("Apply a naming preset…", "套用一组名称…"),
    "help.naming": ("Replaces the tier names with a preset; the thresholds stay. You can undo it.",
                    "用一组预设名称替换层级名称，门槛不变；可撤销。"),
    "controls.naming_undo": ("Undo: back to {names}", "撤销：恢复为 {names}"),
    "notice.above": ("{what}: {value} is above the maximum {high}; using {fixed}.", "{what}：{value} 超过上限 {high}，已改用 {fixed}。"),
    "notice.below": ("{what}: {value} is below the minimum {low}; using {fixed}.", "{what}：{value} 低于下限 {low}，已改用 {fixed}。"),
    "notice.whole": ("{what}: {value} is not a whole number; using {fixed}.", "{what}：{value} 不是整数，已改用 {fixed}。"),
    "notice.too_long": ("{what}: {value} is longer than {high} characters; using {fixed}.",
                        "{what}：{value} 超过 {high} 个字符，已改用 {fixed}。"),
    "notice.outside_data": ("{what}: {value} is outside the data ({low} to {high}); using {fixed}.",
                            "{what}：{value} 不在数据的日期范围内（{low} 至 {high}），已改用 {fixed}。"),
    "notice.shape": ("{what}: {value} is not of the expected form (e.g. {example}); using {fixed}.",
                     "{what}：{value} 格式不对（示例：{example}），已改用 {fixed}。"),
    "notice.unknown": ("{what}: not a known setting; ignored.", "{what}：不是可识别的设置，已忽略。"),
    "notice.order": ("{what}: {value} is not in the required order; using {fixed}.", "{what}：{value} 顺序不对，已改用 {fixed}。"),
    "notice.sorted": ("{what}: {value} was not in ascending order; using {fixed}.", "{what}：{value} 未按升序排列，已改用 {fixed}。"),
    "notice.duplicate": ("{what}: the names {value} must be distinct and not empty; using {fixed}.",
                         "{what}：名称 {value} 须互不相同且不为空，已改用 {fixed}。"),
    "notice.sum": ("{what}: the shares {value} add up to more than 100%; using {fixed}.",
                   "{what}：占比 {value} 合计超过 100%，已改用 {fixed}。"),
    "notice.count": ("{what}: {value} has the wrong number of entries (expected {range}); using {fixed}.",
                     "{what}：{value} 的个数不对（应为 {range} 个），已改用 {fixed}。"),
    "notice.last": ("{what}: the last tier takes every remaining customer; using {fixed}.",
                    "{what}：最后一层包含其余所有客户，已改用 {fixed}。"),
    "notice.too_large": ("The scenario has {value} characters, more than the limit of {high}; it was ignored and the defaults apply.",
                         "方案有 {value} 个字符，超过上限 {high}，已整体忽略，使用默认设置。"),
    "notice.too_deep": ("The scenario is nested more than {high} levels deep; it was ignored and the defaults apply.",
                        "方案嵌套超过 {high} 层，已整体忽略，使用默认设置。"),
    "notice.not_json": ("The scenario is not valid JSON ({value}); it was ignored and the defaults apply.",
                        "方案不是有效的 JSON（{value}），已整体忽略，使用默认设置。"),
    "notice.not_object": ("A scenario must be a JSON object like {example}; it was ignored and the defaults apply.",
                          "方案必须是 JSON 对象，例如 {example}；已整体忽略，使用默认设置。"),
    "notice.missing_column": ("{what}: the column {value} is not in the data; ignored.",
                              "{what}：数据中没有 {value} 这一列，已忽略。"),
    "notice.fixed.latest": ("the latest order date", "最近一笔订单的日期"),
    "notice.fixed.left_out": ("nothing (left out)", "无（已略去）"),
    "notice.fixed.quantile": ("the quantile method", "分位数法"),
    "notice.fixed.builtin": ("the built-in suggestion", "内置建议"),
    "notice.fixed.all": ("all history", "全部历史"),
    "notice.unit.days": ("days", "天"),
    "notice.unit.months": ("months", "个月"),
    "notice.unit.purchases": ("purchases", "次"),
    "notice.unit.points": ("points", "分"),
    "notice.unit.calls a month": ("calls a month", "次/月"),
    "notice.source.link": ("Some settings in this link could not be used as given.", "此链接中的部分设置无法按原样使用。"),
    "notice.source.file": ("Some settings in {name} could not be used as given.", "{name} 中的部分设置无法按原样使用。"),
    "notice.source.data": ("The settings were moved onto the open data.", "设置已按当前数据调整。"),
    "notice.rest_applies": ("The rest of the scenario applies.", "方案的其余部分照常生效。"),
    "notice.dismiss": ("Dismiss", "知道了"),
    "nav.workspace": ("Workspace", "工作区"),
    "nav.scorecard": ("Scorecard", "评分卡"),
    "sc.title": ("Scorecard", "评分卡"),
    "sc.caption": ("Build the 0-100 score from any components: purchases (R, F, M, profit), what the orders show "
                   "(growth, sales per month, margin, breadth, days between purchases, quantity) and the customers "
                   "file's columns (credit, ownership, size ...). Each is put on 0-1 your way; weights are points.",
                   "用任意指标构成 0-100 分：购买行为（R、F、M、利润）、订单衍生指标（增长、月均销售、毛利率、品类广度、购买间隔、数量）"
                   "以及客户文件中的字段（信用、企业性质、规模……）。每项按你选择的方式归一到 0-1；权重即分值。"),
    "sc.presets": ("Ready scorecards", "预设评分卡"),
    "sc.preset": ("Preset", "预设"),
    "sc.preset.rfm": ("RFM, equal weights", "RFM 等权"),
    "sc.preset.credit_amount_profit": ("Credit 10 · order amount 30 · profit 60", "信用 10 · 订单金额 30 · 利润贡献 60"),
    "sc.preset.six_criteria": ("Six-criterion points card (100 points)", "六项打分卡（100 分）"),
    "sc.preset_help.rfm": ("R, F and M, one third each, scored in bins; A ≥ 75, B ≥ 60, C below.",
                           "R、F、M 各占三分之一，分箱评分；A ≥ 75，B ≥ 60，其余为 C。"),
    "sc.preset_help.credit_amount_profit": ("The published 100-point score: credit rating 10 (AAA 10, AA 8, A 5, B 0; "
                                            "without a rating, overdue days), order amount 30, profit contribution 60; "
                                            "A ≥ 75, B 60-75, C below 60.",
                                            "经典 100 分制：信用 10 分（AAA 10、AA 8、A 5、B 0；无信用等级时用逾期天数），"
                                            "订单金额 30 分，利润贡献 60 分；A ≥ 75，B 60-75，C < 60。"),
    "sc.preset_help.six_criteria": ("Ownership type 15, strength (size) 15, growth 15, profit contribution 15, "
                                    "relationship 20, strategic importance 20: categories and value ranges mapped to "
                                    "points, ranges like 10-12 taking the end you choose.",
                                    "企业性质 15、实力（规模）15、成长性 15、利润贡献 15、合作关系 20、战略重要性 20："
                                    "类别或数值区间对应分值，10-12 这类分值区间按所选端点取值。"),
    "sc.apply": ("Apply", "应用"),
    "sc.undo": ("Undo", "撤销"),
    "sc.applied": ("Applied: {name}. The components and tiers were replaced.", "已应用：{name}。评分项与层级规则已替换。"),
    "sc.left_out": ("Left out for want of a column in the data: {what}.", "数据中缺少所需列，已略去：{what}。"),
    "sc.criterion.profit": ("profit contribution (no profit column)", "利润贡献（无利润列）"),
    "sc.criterion.credit": ("credit (no credit rating or overdue days column)", "信用（无信用等级或逾期天数列）"),
    "sc.criterion.ownership": ("ownership type", "企业性质"),
    "sc.criterion.size": ("strength (size)", "实力（规模）"),
    "sc.criterion.relationship": ("relationship", "合作关系"),
    "sc.criterion.importance": ("strategic importance", "战略重要性"),
    "sc.components": ("Components in the score", "评分项"),
    "sc.components_help": ("Pick any mix; each gets its weight, normalisation and missing-value policy below.",
                           "可任意组合；每项在下方设置权重、归一方式与缺失值处理。"),
    "sc.points_end": ("Points given as a range (10-12) count", "分值区间（如 10-12）取"),
    "sc.end.low": ("the low end", "下限"),
    "sc.end.mid": ("the middle", "中值"),
    "sc.end.high": ("the high end", "上限"),
    "sc.m_basis": ("M measures", "M 衡量"),
    "sc.m_basis.amount": ("amount", "金额"),
    "sc.m_basis.quantity": ("quantity", "数量"),
    "sc.weight": ("Weight (points)", "权重（分值）"),
    "sc.normalise": ("Put on 0-1 by", "归一方式"),
    "sc.norm.binned": ("bins (as R/F/M)", "分箱（同 R/F/M）"),
    "sc.norm.percentile": ("percentile rank", "百分位排名"),
    "sc.norm.minmax": ("min-max", "最小-最大"),
    "sc.norm.thresholds": ("your thresholds", "自定阈值"),
    "sc.norm.points": ("points table", "分值表"),
    "sc.missing": ("When missing", "缺失时"),
    "sc.missing.worst": ("worst (0)", "按最差（0）"),
    "sc.missing.median": ("median", "取中位数"),
    "sc.missing.exclude": ("leave out", "不计入"),
    "sc.edges": ("Thresholds, ascending (e.g. 50000, 500000, 5000000)", "阈值，从小到大（如 50000, 500000, 5000000）"),
    "sc.points": ("Points (or a range like 10-12)", "分值（或区间，如 10-12）"),
    "sc.max_points": ("Points for full marks (0: the largest in the table)", "满分对应分值（0：取表中最大值）"),
    "sc.range_low": ("From (≥)", "从（≥）"),
    "sc.range_high": ("To (<)", "到（<）"),
    "sc.ranges_help": ("A value in [from, to) gets the row's points; an empty end is open; the first row that "
                       "holds wins; a value in no row counts as missing.",
                       "数值落在 [从, 到) 内得该行分值；留空表示不设界；按行序取第一条命中的；都不命中按缺失处理。"),
    "sc.invalid_edges": ("{name}: thresholds must be 1-20 numbers in ascending order", "{name}：阈值须为 1-20 个从小到大的数"),
    "sc.invalid_points": ("{name}: points for {value} must be a number or a range like 10-12, got {points}",
                          "{name}：{value} 的分值须为数字或 10-12 这样的区间，现为 {points}"),
    "sc.invalid_range": ("{name}: each range needs from < to and points as a number or a range like 10-12",
                         "{name}：每个区间须满足 从 < 到，分值为数字或 10-12 这样的区间"),
    "sc.no_ranges": ("{name}: add at least one range with its points", "{name}：请至少添加一个区间及其分值"),
    "sc.result": ("The result", "结果"),
    "sc.criterion": ("Component", "评分项"),
    "sc.share": ("Share", "占比"),
    "sc.total_100": ("The weights add up to 100: the score is the points total.", "权重合计 100：得分即各项分值之和。"),
    "sc.total_scaled": ("The weights add up to {total}; the score is scaled to 0-100.", "权重合计 {total}，得分已换算为 0-100。"),
    "sc.histogram": ("Customers by score", "客户得分分布"),
    "sc.missing_title": ("Missing values", "缺失值"),
    "sc.missing_caption": ("Customers without a value for a component, and what counts instead.",
                           "某评分项无取值的客户数，以及按何种方式计分。"),
    "sc.missing_count": ("Without a value", "无取值"),
    "sc.as_json": ("The scorecard as it is saved in the scenario", "方案文件中保存的评分卡"),
    "sc.more_in_builder": ("More components: Scorecard", "更多评分项：评分卡"),
    "sc.set_in_builder": ("{name}: points or normalisation set on the Scorecard page.", "{name}：分值或归一方式已在评分卡页设置。"),
    "help.normalise": ("bins: scores 1..n as R/F/M are scored; percentile: rank among customers; min-max: "
                       "(v − min) / (max − min); thresholds: share of your thresholds passed; points: your table.",
                       "分箱：与 R/F/M 相同的 1..n 分；百分位：在客户中的排名；最小-最大：(v − 最小) / (最大 − 最小)；"
                       "阈值：越过的阈值占比；分值表：按你的表。"),
    "help.missing": ("worst: counts 0; median: the median of the customers who have one; leave out: that customer's "
                     "score is made of the other components.",
                     "按最差：计 0；中位数：取有值客户的中位数；不计入：该客户的得分只由其他评分项构成。"),
    "help.edges": ("Raw values, e.g. assets 50,000 / 500,000 / 5,000,000 as in bank membership tiers.",
                   "原始数值，例如银行会员等级的资产 5 万 / 50 万 / 500 万。"),
    "help.points": ("A number, or a range like 10-12 (the end chosen above applies).", "一个数，或 10-12 这样的区间（按上方所选端点取值）。"),
    "help.max_points": ("The points that count as full marks; more are capped.", "视为满分的分值；超出部分按满分计。"),
    "help.points_end": ("Which end of a range of points applies: low (conservative), middle or high.",
                        "分值区间取哪一端：下限（保守）、中值或上限。"),
    "help.m_basis": ("M ranks net amount (default) or units bought.", "M 按净金额（默认）或购买件数排名。"),
    "axis.score": ("Score", "得分"),
    "mgr.service_edit": ("Service levels: calls a month per customer of each tier", "服务等级：各层级每位客户每月拜访次数"),
    "help.service": ("The workload counts each customer at their tier's calls a month; kept in the scenario "
                     "(playbook.service).", "工作量按各层级每月拜访次数计算；保存在方案中（playbook.service）。"),
    "life.prospects_title": ("Prospects graded", "潜在客户评级"),
    "life.prospects_none": ("Prospects (customers without purchases) are graded by the score's components from the "
                            "customers file alone. Give the score one, e.g. ownership or size, on the Scorecard page.",
                            "潜在客户（尚无购买的客户）仅按评分中来自客户文件的评分项评级。请在评分卡页加入此类评分项，如企业性质或规模。"),
    "life.prospects_help": ("{n:,} prospects graded by the customers-file components of the score alone (their weights "
                            "rescaled to 100), with the same tier rules; the grade travels in the download below.",
                            "{n:,} 个潜在客户仅按评分中来自客户文件的评分项评级（权重换算为 100），层级规则相同；评级随下方下载导出。"),
    "life.prospect_grade": ("Prospect grade", "潜在客户评级"),
    "life.prospects": ("Prospects", "潜在客户数"),
    "life.prospect_share": ("% of prospects", "占潜在客户比例"),
    "seg.tiers_fallback": ("The tiers are adopted clusters, but clusters cannot be formed on this data and date "
                           "({error}): every customer is in the first tier until you change the date, the data or "
                           "the tier rules.",
                           "层级来自采用的分群，但在当前数据与日期上无法分群（{error}）：在更改日期、数据或分层规则之前，所有客户都归入第一层。"),
    "quality.no_missing": ("Every scored customer has a value for each of the score's {n} components.",
                           "每位参与评分的客户在评分的 {n} 个评分项上都有取值。"),
    "col.prospect_grade": ("Prospect grade", "潜在客户评级"),
    "col.prospect_score": ("Prospect score", "潜在客户得分"),
    "nav.compare": ("Compare", "方案对比"),
    "col.next_revenue": ("Revenue in the horizon", "预测期内金额"),
    "col.lift": ("Lift", "提升度"),
    "col.active_share": ("% bought again", "再次购买占比"),
    "col.tier_a": ("Tier under A", "方案 A 层级"),
    "col.tier_b": ("Tier under B", "方案 B 层级"),
    "col.score_a": ("Score under A", "方案 A 得分"),
    "col.score_b": ("Score under B", "方案 B 得分"),
    "bt.title": ("Would this tiering have worked?", "这套分层当时能抓住后来的收入吗？"),
    "bt.cutoff": ("Cut-off date", "截止日期"),
    "bt.cutoff_help": ("Tiers are computed from the orders up to this date only.", "只用截至该日的订单计算层级。"),
    "bt.horizon": ("Then follow for (months)", "之后跟踪（月）"),
    "bt.horizon_help": ("The revenue each tier's customers brought in the months after the cut-off (net of returns).",
                        "每层客户在截止日之后若干个月带来的金额（扣除退货）。"),
    "bt.explain": ("Revenue share: the tier's part of all revenue in the horizon. Lift: revenue share ÷ customer share "
                   "(above 1: the tier brought more than its size). “New”: customers without a tier at the cut-off.",
                   "金额占比：该层在跟踪期全部金额中的份额。提升度 = 金额占比 ÷ 客户占比（大于 1 表示该层贡献超过其人数比例）。“新客户”：截止日时还没有层级的客户。"),
    "bt.new": ("New (no tier at the cut-off)", "新客户（截止日无层级）"),
    "bt.under": ("Under {label}: ", "方案 {label}："),
    "bt.verdict": ("the top tier {tier} held {cshare} of customers at {cutoff} and brought {rshare} of the next "
                   "{months} months' revenue ({start} to {end}; lift {lift}).",
                   "最高层 {tier} 在 {cutoff} 占客户 {cshare}，带来了之后 {months} 个月（{start} 至 {end}）金额的 {rshare}（提升度 {lift}）。"),
    "bt.partial": ("The data ends on {end}, before the horizon does: a partial horizon.",
                   "数据截至 {end}，早于跟踪期结束：跟踪期不完整。"),
    "bt.cannot": ("No backtest for this cut-off: {error}", "该截止日无法回测：{error}"),
    "bt.no_data": ("The data covers too short a time for a backtest.", "数据的时间跨度太短，无法回测。"),
    # suggest weights from history (ui/learn.py, analytics/learn_weights.py)
    "lw.title": ("Suggest weights from history", "按历史建议权重"),
    "lw.explain": ("Which weights would have ranked the customers best by the revenue they brought afterwards? Each "
                   "customer's rank by that revenue is fitted on their component scores at a cut-off (a regression "
                   "with non-negative coefficients), then checked at a later cut-off the fit never saw. Nothing "
                   "changes until you adopt the suggestion.",
                   "哪组权重最能按客户之后带来的收入给客户排序？以截止日各客户的组成项得分，拟合其之后收入的排名（系数非负的回归），"
                   "再在拟合未用到的更晚截止日上检验。采用之前，什么都不会改变。"),
    "lw.cutoff": ("Fit at cut-off date", "拟合截止日期"),
    "lw.cutoff_help": ("The weights are fitted on the customers as they stood on this date and the revenue each "
                       "brought in the months after it. By default two horizons before the end of the data, so the "
                       "check at the next cut-off has a whole horizon too.",
                       "用该日的客户得分与各客户之后若干月的收入来拟合权重。默认取数据结束前两个跟踪期，"
                       "使下一个截止日的检验也有完整的跟踪期。"),
    "lw.horizon_help": ("The months of revenue after the cut-off the weights should predict; the check uses the cut-off "
                        "this many months later.", "权重要预测的截止日之后的收入月数；检验使用晚这么多个月的截止日。"),
    "lw.suggest": ("Suggest weights", "建议权重"),
    "lw.press": ("Press **Suggest weights** to fit the weights at this cut-off.", "点击 **建议权重**，按该截止日拟合权重。"),
    "lw.computing": ("Fitting the weights and backtesting both sets…", "正在拟合权重并回测两组权重…"),
    "lw.col.component": ("Component", "组成项"),
    "lw.col.current": ("Current weight", "当前权重"),
    "lw.col.current_share": ("Current share", "当前占比"),
    "lw.col.suggested": ("Suggested weight", "建议权重"),
    "lw.col.suggested_share": ("Suggested share", "建议占比"),
    "lw.scale": ("The suggestion is scaled so its largest weight is {top:g} (your largest weight, or 10 if that is "
                 "larger), in the sliders' steps of 0.5; only the shares matter to the score.",
                 "建议权重按比例缩放，最大者为 {top:g}（取您当前最大权重与 10 中较大者），并按滑块步长 0.5 取整；"
                 "对得分而言只有占比有意义。"),
    "lw.left_out": ("{components}: the same for every customer at the cut-off, so it cannot rank them (weight 0).",
                    "{components}：截止日所有客户取值相同，无法区分客户（权重为 0）。"),
    "lw.fallback.no_signal": ("No component ranked the customers by their later revenue (every fitted coefficient is "
                              "0), so the suggestion keeps your current weights.",
                              "没有任何组成项能按之后的收入给客户排序（拟合系数全为 0），因此建议保留当前权重。"),
    "lw.verdict_same": ("At {cutoff}, with the suggested weights the top tier {tier} would hold the same {cshare} of "
                        "customers and bring {rnew} of the next {months} months' revenue instead of {rold}.",
                        "在 {cutoff}，采用建议权重时最高层级 {tier} 同样占 {cshare} 的客户，带来之后 {months} 个月收入的 "
                        "{rnew}，当前权重为 {rold}。"),
    "lw.verdict_diff": ("At {cutoff}, with the suggested weights the top tier {tier} would hold {cnew} of customers "
                        "instead of {cold} and bring {rnew} of the next {months} months' revenue instead of {rold} "
                        "(lift {lnew} instead of {lold}).",
                        "在 {cutoff}，采用建议权重时最高层级 {tier} 占 {cnew} 的客户（当前权重为 {cold}），带来之后 "
                        "{months} 个月收入的 {rnew}（当前权重为 {rold}；提升度 {lnew}，当前为 {lold}）。"),
    "lw.check_skipped.beyond_data": ("The check at the later cut-off {cutoff} could not run: it needs data up to {end} "
                                     "and the data ends on {data_end}.",
                                     "无法在更晚的截止日 {cutoff} 检验：需要截至 {end} 的数据，而数据止于 {data_end}。"),
    "lw.check_skipped.no_revenue": ("The check at the later cut-off {cutoff} could not run: no customer brought "
                                    "revenue in the {months} months after it.",
                                    "无法在更晚的截止日 {cutoff} 检验：其后 {months} 个月没有客户带来收入。"),
    "lw.check_skipped.few_customers": ("The check at the later cut-off {cutoff} could not run: fewer than 2 customers "
                                       "are scored there.", "无法在更晚的截止日 {cutoff} 检验：该日有评分的客户少于 2 位。"),
    "lw.in_sample": ("The figures above are on the data the weights were fitted on, which flatters them; pick an "
                     "earlier cut-off to check them on data they have not seen.",
                     "以上数字来自拟合所用的数据，会偏乐观；选择更早的截止日，可在未参与拟合的数据上检验。"),
    "lw.tab_check": ("Check at {cutoff} (not used to fit)", "检验：{cutoff}（未参与拟合）"),
    "lw.tab_fit": ("Fit at {cutoff}", "拟合：{cutoff}"),
    "lw.fit": ("Fitted on {n:,} customers scored at {cutoff} and their revenue up to {end}: R² {r2}. Rank correlation "
               "of the score with that revenue (Spearman): current weights {sc}, suggested {ss}.",
               "基于 {cutoff} 有评分的 {n:,} 位客户及其截至 {end} 的收入拟合：R² {r2}。得分与该收入的秩相关（Spearman）："
               "当前权重 {sc}，建议权重 {ss}。"),
    "lw.check": ("Checked on {n:,} customers scored at {cutoff} and their revenue up to {end}, which the fit did not "
                 "see: R² {r2}. Rank correlation of the score with that revenue (Spearman): current weights {sc}, "
                 "suggested {ss}.",
                 "在 {cutoff} 有评分的 {n:,} 位客户及其截至 {end} 的收入上检验（拟合未用到）：R² {r2}。得分与该收入的秩相关"
                 "（Spearman）：当前权重 {sc}，建议权重 {ss}。"),
    "lw.bt_current": ("Current weights", "当前权重"),
    "lw.bt_suggested": ("Suggested weights", "建议权重"),
    "lw.adopt": ("Adopt", "采用"),
    "lw.adopt_help": ("Put the suggested weights into the sidebar's sliders; Undo brings yours back.",
                      "把建议权重写入侧边栏滑块；可撤销恢复原权重。"),
    "lw.edit": ("Edit first", "先修改"),
    "lw.edit_help": ("Change the suggested weights here before they go into the sliders.",
                     "先在这里修改建议权重，再写入滑块。"),
    "lw.edit_title": ("Edit the suggestion, then adopt it", "修改建议权重后再采用"),
    "lw.adopt_edited": ("Adopt these weights", "采用这些权重"),
    "lw.cancel": ("Cancel", "取消"),
    "lw.nothing_changes": ("Nothing changes until you press Adopt.", "点击“采用”之前，什么都不会改变。"),
    "lw.same": ("The suggestion is your current weights: there is nothing to adopt.", "建议权重与当前权重相同，无需采用。"),
    "lw.adopted": ("Adopted: the sidebar's sliders hold these weights now, and every page uses them.",
                   "已采用：侧边栏滑块现为这些权重，各页面均按其计算。"),
    "lw.undo": ("Undo: back to {before}", "撤销：恢复为 {before}"),
    "lw.stale": ("The settings have changed since this suggestion was made. Press **Suggest weights** again to fit "
                 "the weights on them.", "提出该建议之后设置已变更。请再次点击 **建议权重**，按当前设置重新拟合。"),
    "lw.error.few_customers": ("Only {n} customers are scored at {cutoff}; a fit needs at least {minimum}. Pick a later "
                               "cut-off.", "{cutoff} 只有 {n} 位客户有评分，拟合至少需要 {minimum} 位。请选择更晚的截止日。"),
    "lw.error.no_revenue": ("None of the {n:,} customers scored at {cutoff} brought revenue up to {end}: there is "
                            "nothing to learn from. Pick an earlier cut-off.",
                            "{cutoff} 有评分的 {n:,} 位客户在 {end} 之前均未带来收入，无从学习。请选择更早的截止日。"),
    "lw.error.one_component": ("At {cutoff} only {components} differs between customers: there is nothing to weigh.",
                               "{cutoff} 客户之间只有 {components} 不同，无可权衡。"),
    "lw.error.cutoff": ("The cut-off {cutoff} must be before the data's last day ({data_end}).",
                        "截止日 {cutoff} 须早于数据的最后一天（{data_end}）。"),
    "lw.error.check_cutoff": ("The check's cut-off {check_cutoff} must be after the cut-off {cutoff}.",
                              "检验截止日 {check_cutoff} 须晚于拟合截止日 {cutoff}。"),
    "lw.error.horizon": ("The horizon must be 1-60 months, got {months}.", "跟踪期须为 1-60 个月，当前为 {months}。"),
    "lw.error.cannot_score": ("The customers cannot be scored at the cut-off: {error}", "截止日无法为客户评分：{error}"),
    "cmp.title": ("Compare two proposals", "对比两个方案"),
    "cmp.caption": ("Two tierings of the same customers on the open data set: who lands where under each, the customers "
                    "who change tier, and which proposal would have pointed at the revenue that actually came.",
                    "在当前数据集上对比两套分层：每位客户在两个方案下分别属于哪一层、哪些客户层级不同，以及哪个方案能更准地指向后来真正到来的收入。"),
    "cmp.a": ("Proposal A", "方案 A"),
    "cmp.b": ("Proposal B", "方案 B"),
    "cmp.current": ("Settings in use", "当前设置"),
    "cmp.no_saved": ("Save scenarios on the Workspace page to compare them here; until then both sides are the settings in use.",
                     "在“工作区”页保存方案后即可在此对比；在此之前两侧都是当前设置。"),
    "cmp.same": ("A and B are the same settings.", "A 和 B 的设置相同。"),
    "cmp.as_of": ("As of {as_of} · {n:,} customers", "分析日期 {as_of} · {n:,} 位客户"),
    "cmp.counts": ("Customers per tier", "各层客户数"),
    "cmp.customers_under": ("Customers under {name}", "{name} 下的客户数"),
    "cmp.axis": ("Tier under {name}", "{name} 的层级"),
    "cmp.cross_customers": ("Customers: tier under A × tier under B", "客户数：A 层级 × B 层级"),
    "cmp.cross_revenue": ("Revenue: tier under A × tier under B", "金额：A 层级 × B 层级"),
    "cmp.coverage": ("Revenue and profit covered by each tier", "各层覆盖的金额与利润"),
    "cmp.movers": ("Customers who change tier: {n:,}", "层级不同的客户：{n:,} 位"),
    "cmp.search": ("Search customers", "搜索客户"),
    "cmp.search_hint": ("id or name", "编号或名称"),
    "cmp.tier_under": ("Tier under {name}", "{name} 的层级"),
    "cmp.score_under": ("Score under {name}", "{name} 的得分"),
    "cmp.no_tier": ("(no tier)", "（无层级）"),
    "access.title": ("Tiering workbench", "客户分层工作台"),
    "access.passcode": ("Team passcode", "团队口令"),
    "access.enter": ("Enter", "进入"),
    "access.wrong": ("That passcode is not right.", "口令不正确。"),
    "col.previous_tier": ("Previous tier", "上次层级"),
    "col.tier_changed_on": ("Tier changed on", "层级变动日期"),
    "ws.title": ("Workspace", "工作区"),
    "ws.caption": ("Data sets and scenarios kept on this server for the whole team, in {path}. Uploads stay private "
                   "to your browser tab until you save them here.",
                   "为整个团队保存在本服务器上的数据集和方案，位于 {path}。上传的数据在保存到这里之前只属于您的浏览器标签页。"),
    "ws.datasets": ("Data sets", "数据集"),
    "ws.dataset_open": ("Open now: **{name}** ({saved}).", "当前打开：**{name}**（{saved}）。"),
    "ws.saved": ("saved in the workspace", "已保存在工作区"),
    "ws.not_saved": ("not saved: only in this tab", "未保存：只在本标签页中"),
    "ws.save_dataset_name": ("Save the open data as", "将当前数据保存为"),
    "ws.save_dataset": ("Save", "保存"),
    "ws.replace": ("Replace", "替换"),
    "ws.dataset_saved": ("Data set {name} saved.", "数据集 {name} 已保存。"),
    "ws.pick_dataset": ("Saved data set", "已保存的数据集"),
    "ws.open": ("Open", "打开"),
    "ws.rename": ("Rename", "重命名"),
    "ws.new_name": ("New name", "新名称"),
    "ws.delete": ("Delete", "删除"),
    "ws.delete_sure": ("Yes, delete {name} for everyone", "确定为所有人删除 {name}"),
    "ws.dataset_opened": ("Data set {name} opened.", "已打开数据集 {name}。"),
    "ws.renamed": ("{old} is now {new}.", "{old} 已改名为 {new}。"),
    "ws.deleted": ("{name} deleted.", "{name} 已删除。"),
    "ws.no_datasets": ("No data set saved yet. The bundled sample is always available.", "还没有保存的数据集。内置示例数据始终可用。"),
    "ws.scenarios": ("Scenarios", "方案"),
    "ws.author": ("Your name (recorded with every save)", "您的姓名（每次保存都会记录）"),
    "ws.author_needed": ("Enter your name to save.", "请输入姓名后保存。"),
    "ws.scenario_open": ("Settings in use: **{name}**, version {version}.", "当前设置：**{name}**，第 {version} 版。"),
    "ws.scenario_changed": ("Settings in use: **{name}** version {version}, changed since (not saved).",
                            "当前设置：**{name}** 第 {version} 版，之后有改动（未保存）。"),
    "ws.scenario_unsaved": ("Settings in use: not saved.", "当前设置：未保存。"),
    "ws.scenario_name": ("Scenario name", "方案名称"),
    "ws.note": ("Note (what changed and why)", "备注（改了什么、为什么）"),
    "ws.save": ("Save", "保存"),
    "ws.save_help": ("Saves the settings in use as a new version of this scenario (a new scenario if the name is new).",
                     "把当前设置保存为该方案的新版本（名称不存在时新建方案）。"),
    "ws.scenario_saved": ("Scenario {name} saved.", "方案 {name} 已保存。"),
    "ws.pick_scenario": ("Saved scenario", "已保存的方案"),
    "ws.pick_version": ("Version", "版本"),
    "ws.version_label": ("Version {n}", "第 {n} 版"),
    "ws.restore": ("Restore", "恢复"),
    "ws.restore_help": ("Saves this version's settings as the newest version; nothing is lost.",
                        "把该版本的设置另存为最新版本；不会丢失任何版本。"),
    "ws.restored": ("Version {version} of {name} restored as the newest version.", "{name} 的第 {version} 版已恢复为最新版本。"),
    "ws.scenario_opened": ("Scenario {name}, version {version}, opened.", "已打开方案 {name} 第 {version} 版。"),
    "ws.duplicate": ("Duplicate", "复制"),
    "ws.duplicated": ("Copy {name} saved.", "副本 {name} 已保存。"),
    "ws.no_scenarios": ("No scenario saved yet.", "还没有保存的方案。"),
    "ws.first_version": ("first version", "第一版"),
    "ws.publish_title": ("Publish the tiers", "发布分层结果"),
    "ws.publish_help": ("Publishing stores every customer's tier under the open scenario version and the as-of date. "
                        "Exported lists then show each customer's previous tier and when it last changed.",
                        "发布会按当前方案版本和分析日期保存每位客户的层级。之后导出的名单会带上每位客户的上次层级和最近一次变动的日期。"),
    "ws.publish": ("Publish the current tiers", "发布当前分层"),
    "ws.publish_needs_save": ("Save the settings as a scenario first (or open a saved version unchanged).",
                              "请先把当前设置保存为方案（或打开一个未改动的已保存版本）。"),
    "ws.published": ("Tiers published.", "分层结果已发布。"),
    "ws.refused": ("Not done: {error}", "未完成：{error}"),
    "ws.link_dataset_gone": ("This link names the saved data set {name}, which cannot be opened ({error}); the bundled "
                             "sample is open instead.", "此链接指向已保存的数据集 {name}，但无法打开（{error}）；现在打开的是内置示例数据。"),
    "ws.link_scenario_gone": ("This link names the saved scenario {name}, which cannot be opened ({error}); the default "
                              "settings apply.", "此链接指向已保存的方案 {name}，但无法打开（{error}）；现在使用默认设置。"),
    "ws.col.name": ("Name", "名称"),
    "ws.col.rows": ("Order lines", "订单明细"),
    "ws.col.customers": ("Customers", "客户数"),
    "ws.col.dates": ("Order dates", "订单日期"),
    "ws.col.file": ("File", "文件"),
    "ws.col.saved_at": ("Saved (UTC)", "保存时间（UTC）"),
    "ws.col.dataset": ("Data set", "数据集"),
    "ws.col.versions": ("Versions", "版本数"),
    "ws.col.author": ("By", "保存人"),
    "ws.col.version": ("Version", "版本"),
    "ws.col.note": ("Note", "备注"),
    "ws.col.changes": ("Changes from the version before", "相对上一版的改动"),
    "ws.col.scenario": ("Scenario", "方案"),
    "ws.col.as_of": ("As of", "分析日期"),
    "ws.col.published_at": ("Published (UTC)", "发布时间（UTC）"),
    "controls.weights": ("Weights", "权重"),
    "controls.weight.R": ("Recency (R)", "最近购买 (R)"),
    "controls.weight.F": ("Frequency (F)", "购买频次 (F)"),
    "controls.weight.M": ("Monetary (M)", "消费金额 (M)"),
    "controls.weight.profit": ("Profit", "利润"),
    "controls.weight_short.R": ("R", "R"),
    "controls.weight_short.F": ("F", "F"),
    "controls.weight_short.M": ("M", "M"),
    "controls.weight_short.profit": ("Profit", "利润"),
    "controls.weight.growth": ("Sales growth", "销售增长"),
    "controls.weight.avg_month": ("Average sales per month", "月均销售额"),
    "controls.weight.avg_quarter": ("Average sales per quarter", "季均销售额"),
    "controls.weight.margin_pct": ("Margin %", "毛利率"),
    "controls.weight.breadth": ("Category breadth", "品类广度"),
    "controls.weight.interval_days": ("Days between purchases", "平均购买间隔（天）"),
    "controls.weight.quantity": ("Quantity", "购买数量"),
    "controls.weight_short.growth": ("Growth", "增长"),
    "controls.weight_short.avg_month": ("Per month", "月均"),
    "controls.weight_short.avg_quarter": ("Per quarter", "季均"),
    "controls.weight_short.margin_pct": ("Margin %", "毛利率"),
    "controls.weight_short.breadth": ("Breadth", "品类数"),
    "controls.weight_short.interval_days": ("Interval", "间隔"),
    "controls.weight_short.quantity": ("Quantity", "数量"),
    "help.derived.growth": ("Sales growth: net sales in the last 12 months against the 12 before, (S1 − S0) / S0. A "
                            "customer whose first purchase is 12-24 months back compares monthly rates; one younger "
                            "than 12 months, or with no sales in the base, has none (missing).",
                            "销售增长：近 12 个月净销售额相对前 12 个月的增幅 (S1 − S0) / S0。首购在 12-24 个月前的客户按月均比较；"
                            "首购不足 12 个月或基期无销售的客户无此值（缺失）。"),
    "help.derived.avg_month": ("Net sales / months from the first purchase to the as-of date (at least 1).",
                               "净销售额 ÷ 从首购到分析日期的月数（至少 1）。"),
    "help.derived.avg_quarter": ("Net sales / quarters from the first purchase to the as-of date (at least 1).",
                                 "净销售额 ÷ 从首购到分析日期的季度数（至少 1）。"),
    "help.derived.margin_pct": ("Profit / net sales (needs a profit column; missing when net sales ≤ 0).",
                                "利润 ÷ 净销售额（需要利润列；净销售额 ≤ 0 时缺失）。"),
    "help.derived.breadth": ("Distinct categories bought (needs a category column).", "购买过的不同品类数（需要品类列）。"),
    "help.derived.interval_days": ("(Last − first purchase) / (purchases − 1), in days; lower is better; missing with "
                                   "one purchase.", "（末次 − 首次购买）÷（购买次数 − 1），单位天；越短越好；只购买一次时缺失。"),
    "help.derived.quantity": ("Units bought, returns netted (needs a quantity column).", "购买件数，扣除退货（需要数量列）。"),
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
    "controls.tier_method.cluster": ("Adopted clusters", "采用的分群"),
    "controls.tier_count": ("Number of tiers", "层级数"),
    "controls.naming": ("Tier names", "层级命名"),
    "controls.tier_name": ("Tier {i}", "第 {i} 层"),
    "controls.tier_min": ("Min. score", "最低得分"),
    "controls.tier_share": ("Share %", "占比 %"),
    "controls.share_note": ("The last tier takes the rest. Customers are taken by score (ties broken by revenue), "
                            "so a customer can change tier because others changed.",
                            "最后一层包含其余客户。按得分排序（同分按金额），因此客户的层级也会因其他客户的变化而变化。"),
    "controls.tier_within": ("Tiers within", "分片分层"),
    "controls.tier_within_none": ("(none: all customers together)", "（不分片：全体客户一起）"),
    "help.tier_within": (SETTINGS["tier_within"].help,
                         "分片内分层：各层占比在该客户列的每个取值内分别计算（如“每个地区的前 10%”）；该列缺失的客户单独成为一片。"
                         "按得分阈值分层时不适用。"),
    "controls.classes": ("ABC classes and eight-class model", "ABC 分类与八类模型"),
    "controls.abc_a": ("Class A up to", "A 类：累计金额占比至"),
    "controls.abc_b": ("Class B up to", "B 类：累计金额占比至"),
    "help.abc_a": (SETTINGS["abc.A"].help, "客户按金额降序累计，累计金额占比达到该值之前的客户为 A 类。"),
    "help.abc_b": (SETTINGS["abc.B"].help, "累计金额占比达到该值之前（A 类之后）的客户为 B 类，其余为 C 类；须高于 A 类。"),
    "controls.invalid.abc": ("ABC: class A ({a}) must end below class B ({b})", "ABC：A 类（{a}）须低于 B 类（{b}）"),
    "controls.in_force.abc": ("A {a} · B {b}", "A 类 {a} · B 类 {b}"),
    "controls.split": ("Eight-class model splits at the", "八类模型划分依据"),
    "controls.split.mean": ("Mean", "平均值"),
    "controls.split.median": ("Median", "中位数"),
    "help.eight_class_split": (SETTINGS["eight_class_split"].help,
                               "八类模型中，R、F、M 优于全体客户的平均值（默认）或中位数即为“高”。"),
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
    "tiers.width": ("Band width shows", "色带宽度表示"),
    "tiers.width.customers": ("Customers", "客户数"),
    "tiers.width.revenue": ("Revenue", "金额"),
    "tiers.band_negative": ("net revenue {revenue} (returns): drawn 0 wide", "净金额 {revenue}（退货）：宽度记为 0"),
    "tiers.kpi_empty": ("No customer in this tier", "该层暂无客户"),
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
    "tiers.eight_help_median": ("R, F and M are 'high' when better than the median customer (fewer days since the last "
                                "purchase, more purchases, more revenue).",
                                "R、F、M 优于中位数即为“高”（距上次购买天数更少、购买次数更多、金额更高）。"),
    # tiers by attribute (ui/crosstab.py)
    "xt.title": ("Tiers by attribute", "层级 × 属性"),
    "xt.attribute": ("Attribute", "属性"),
    "xt.metric": ("Cells show", "格内显示"),
    "xt.metric.customers": ("Customers", "客户数"),
    "xt.metric.revenue": ("Revenue", "金额"),
    "xt.chart_title": ("{metric} by {column} and tier", "按{column}与层级的{metric}"),
    "xt.help": ("Each cell: the tier's {metric} among the customers with that value, and below it the share of the "
                "value's {metric} in that tier (each row adds up to 100%). Revenue is net of returns in the scoring "
                "window, as on the tier cards.",
                "每格：该取值客户中属于该层的{metric}，下方为该取值{metric}中该层所占比例（每行合计 100%）。"
                "金额为评分时间窗内扣除退货后的净额，与层级卡片一致。"),
    "xt.metric_word.customers": ("customers", "客户数"),
    "xt.metric_word.revenue": ("revenue", "金额"),
    "xt.folded": ("{n} smaller values are summed in (other): {values}.", "另有 {n} 个较小的取值合计为（其他）：{values}。"),
    "xt.within": ("Tiers are computed within each value of {column} (Tiers within in the sidebar), so every row holds "
                  "about the tier shares.", "层级在{column}的每个取值内分别计算（侧边栏“分片分层”），因此每行的层级占比大致相同。"),
    "xt.none": ("The customers table has no column with 2 to 50 different values to set beside the tiers.",
                "客户表中没有取值个数在 2 到 50 之间的列，无法与层级交叉。"),
    "xt.missing": ("(missing)", "（缺失）"),
    "xt.other": ("(other)", "（其他）"),
    "xt.total": ("Total", "合计"),
    "xt.share.customers": ("% of customers", "客户占比"),
    "xt.share.revenue": ("% of revenue", "金额占比"),
    "xt.hover": ("{value} · tier {tier}<br>{number} · {share} of {value}", "{value} · {tier} 层<br>{number} · 占{value} {share}"),
    # customer filter (ui/filters.py)
    "flt.title": ("Filter customers", "筛选客户"),
    "flt.columns": ("Filter by", "筛选条件"),
    "flt.values": ("{column}: any of", "{column}：任一"),
    "flt.clear": ("Clear filter", "清除筛选"),
    "flt.pair": ("{column}: {values}", "{column}：{values}"),
    "flt.showing": ("Showing {shown:,} of {total:,} customers ({what})", "显示 {total:,} 位客户中的 {shown:,} 位（{what}）"),
    "flt.help.tiers": ("The filter narrows the tier cards, the pyramid, the tiers-by-attribute table and the customer "
                       "list. Tiers are still computed over all customers (a filter never moves anyone to another "
                       "tier); the ABC curve, the eight-class model and the R × F grid show all customers. A value "
                       "left empty means all of them.",
                       "筛选作用于层级卡片、金字塔、层级 × 属性表和客户明细。层级仍按全体客户计算（筛选不会改变任何客户的层级）；"
                       "ABC 曲线、八类模型和 R × F 网格显示全体客户。未选取值表示全部。"),
    "flt.help.export": ("The filter narrows the list to export, together with the tiers, segments and ABC classes "
                        "below. A value left empty means all of them.",
                        "筛选与下方的层级、客户类别和 ABC 分类一起限定导出名单。未选取值表示全部。"),
    "flt.dropped": ("The customer filter named {what}, which this data does not have: left out.",
                    "客户筛选中的 {what} 在当前数据中不存在，已忽略。"),
    "flt.unreadable": ("The link's customer filter could not be read: no filter applies.",
                       "链接中的客户筛选无法读取，未应用筛选。"),
    "flt.none_match": ("No customer matches the filter.", "没有符合筛选条件的客户。"),
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
    "col.credit_rating": ("Credit rating", "信用等级"),
    "col.relationship": ("Relationship", "合作关系"),
    "col.strategic_importance": ("Strategic importance", "战略重要性"),
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
    "export.readable": ("Write headers and labels in English", "表头与取值写成中文"),
    "export.readable_help": ("On: the file reads like this page (headers such as \"Tier\", labels such as \"At risk\"), "
                             "for people. Off: column names and codes (tier, at_risk) as the command line writes "
                             "them, for other systems.",
                             "开启：文件与本页一致（表头如“层级”，取值如“沉睡客户”），便于阅读。关闭：列名与代码"
                             "（tier、at_risk）与命令行输出一致，便于其他系统读取。"),
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
    "data.session_only": ("An upload lives only in this browser tab's session: a reload, a new tab or a server "
                          "restart opens the bundled sample again.",
                          "上传的数据只保存在当前浏览器标签页的会话中：刷新页面、打开新标签页或服务器重启后，"
                          "将重新打开内置示例数据。"),
    # suggested segments (pages/segments.py, ui/segments.py, analytics/clusters.py)
    "nav.segments": ("Suggested segments", "建议分群"),
    "seg.title": ("Suggested segments", "建议分群"),
    "seg.caption": ("As of {as_of} · {n:,} customers with a purchase, grouped by how recently, how often and how much "
                    "they buy (on a log scale, standardised), plus any customer columns you choose.",
                    "截至 {as_of} · {n:,} 位有购买的客户，按最近购买、购买频次与金额（取对数并标准化）以及你选择的客户字段分群。"),
    "seg.method": ("Method", "方法"),
    "seg.method.kmeans": ("K-means", "K 均值"),
    "seg.method.gmm": ("Gaussian mixture", "高斯混合"),
    "seg.method_help": ("K-means puts each customer with the nearest centre; a Gaussian mixture also lets groups "
                        "differ in spread and shape.",
                        "K 均值把每位客户归入最近的中心；高斯混合还允许各群的离散程度与形状不同。"),
    "seg.k": ("Number of clusters", "分群数"),
    "seg.k_auto": ("Automatic", "自动"),
    "seg.k_help": ("Automatic: the number from 2 to 8 whose clusters are best separated (highest silhouette on a "
                   "sample); or pick 2-12 yourself.",
                   "自动：在 2 到 8 中选分离度最好的分群数（抽样计算的轮廓系数最高）；也可自行选择 2-12。"),
    "seg.seed": ("Seed", "随机种子"),
    "seg.seed_help": ("The same seed gives the same clusters on the same data; another seed may group the borderline "
                      "customers differently.",
                      "同一份数据、同一种子，得到的分群完全相同；换一个种子，边界上的客户可能分得不同。"),
    "seg.columns": ("Also group by these customer columns", "同时按这些客户字段分群"),
    "seg.columns_none": ("None: R, F and M only", "不选：只用 R、F、M"),
    "seg.columns_help": ("A number column counts as one more measure (on a log scale when it is skewed); a category "
                         "column weighs like one number column, spread over its most frequent values.",
                         "数值字段作为又一个指标（偏态时取对数）；类别字段按其最常见的取值展开，总权重相当于一个数值字段。"),
    "seg.computing": ("Finding the clusters…", "正在分群…"),
    "seg.cannot": ("No clusters can be formed: {error}", "无法分群：{error}"),
    "seg.m.customers": ("Customers", "客户数"),
    "seg.m.k": ("Clusters", "分群数"),
    "seg.m.suggested": ("Suggested number", "建议分群数"),
    "seg.suggested_help": ("The number of clusters from 2 to 8 with the highest silhouette (ties: the smaller number).",
                           "2 到 8 个分群中轮廓系数最高的分群数（相同时取较小者）。"),
    "seg.m.silhouette": ("Silhouette", "轮廓系数"),
    "seg.silhouette_help": ("How well separated the clusters are, from -1 to 1: above 0.5 clear groups, around 0.25 "
                            "groups that overlap; measured on a sample of at most 5,000 customers.",
                            "分群之间分得有多开，取值 -1 到 1：0.5 以上为清晰的群，0.25 左右为相互重叠的群；最多抽样 5,000 位客户计算。"),
    "seg.silhouette": ("Silhouette", "轮廓系数"),
    "seg.silhouette_title": ("Silhouette by number of clusters", "各分群数的轮廓系数"),
    "seg.k_axis": ("Number of clusters", "分群数"),
    "seg.best": ("suggested", "建议"),
    "seg.in_use": ("in use", "当前"),
    "seg.bubbles_title": ("Clusters by recency and spend (bubble: customers)", "各分群的最近购买与金额（气泡大小：客户数）"),
    "seg.hover": ("Medians: {days} days since the last purchase, {purchases} purchases, spend {spend} · {customers} "
                  "customers", "中位数：距上次购买 {days} 天，购买 {purchases} 次，金额 {spend} · {customers} 位客户"),
    "seg.profile": ("Cluster profiles", "分群画像"),
    "seg.profile_help": ("Best cluster first (highest mean spend). A word appears when the cluster's median is at least "
                         "half a standard deviation (on the log scale) from everyone's median; \"mostly\" when at "
                         "least half of the cluster shares a value.",
                         "按平均金额从高到低排列。当某群的中位数与全体中位数相差至少半个标准差（对数尺度）时给出描述词；"
                         "当某群至少一半客户取同一值时写“多为”。"),
    "seg.col.label": ("Cluster", "分群"),
    "seg.col.customers": ("Customers", "客户数"),
    "seg.col.share": ("% of customers", "客户占比"),
    "seg.col.median_recency": ("Days since last purchase, median", "距上次购买天数·中位数"),
    "seg.col.median_frequency": ("Purchases, median", "购买次数·中位数"),
    "seg.col.median_monetary": ("Spend, median", "金额·中位数"),
    "seg.col.mean_monetary": ("Spend, mean", "金额·平均"),
    "seg.col.revenue_share": ("% of revenue", "收入占比"),
    "seg.cross": ("Clusters and current tiers", "分群与当前层级"),
    "seg.cross_title": ("Customers by cluster and current tier", "各分群 × 当前层级的客户数"),
    "seg.cross_x": ("Current tier", "当前层级"),
    "seg.cross_y": ("Cluster", "分群"),
    "seg.use": ("Use the clusters", "使用分群"),
    "seg.adopt": ("Adopt as tiers", "采用为层级"),
    "seg.adopt_help": ("The clusters become the tiers, best (highest mean spend) first, named by their labels; "
                       "every page then shows them. You can undo it here.",
                       "分群成为层级：按平均金额从高到低排列，以分群描述命名；所有页面随之更新。可在此撤销。"),
    "seg.adopted_already": ("These clusters are the tiers now.", "当前层级就是这些分群。"),
    "seg.too_many": ("{k} clusters cannot all be tiers (at most {most}): choose {most} or fewer to adopt them.",
                     "{k} 个分群无法全部作为层级（最多 {most} 个）：请选择不超过 {most} 个分群后再采用。"),
    "seg.adopted": ("The tiers are now the {k} clusters: {names}.", "层级已改为这 {k} 个分群：{names}。"),
    "seg.to_tiers": ("See them on the Tiers page", "在“客户分层”页查看"),
    "seg.undo": ("Undo: back to the previous tiers", "撤销：恢复之前的层级"),
    "seg.undone": ("The previous tiers are back.", "已恢复之前的层级。"),
    "seg.export": ("Add as a column to exports", "作为一列加入导出"),
    "seg.export_help": ("Exported lists get a column with each customer's cluster label.", "导出的名单将多一列：每位客户的分群描述。"),
    "seg.export_replace": ("Exports carry other clusters now; this replaces them.", "导出中已有另一组分群，此操作将替换它。"),
    "seg.exported": ("Exported lists carry these clusters (column \"Suggested segment\").",
                     "导出的名单已包含这些分群（“建议分群”列）。"),
    "seg.export_remove": ("Remove the column from exports", "从导出中移除该列"),
    "col.cluster_label": ("Suggested segment", "建议分群"),
    "seg.tiers_note": ("The tiers are the clusters adopted on the Suggested segments page, best first; rename them "
                       "here, or pick another method.",
                       "层级为在“建议分群”页采用的分群，按从好到差排列；可在此改名，或改用其他分层方式。"),
    # the data a view was made on (ui/provenance.py)
    "provenance.details": ("{rows:,} rows, {start} – {end}", "{rows:,} 行，{start} – {end}"),
    "provenance.details_rows": ("{rows:,} rows", "{rows:,} 行"),
    "provenance.gone": ("This view was made on {name} ({details}); that upload is not kept on the server, so the "
                        "bundled sample is open now. Upload the file again on the Data page to continue.",
                        "此视图基于 {name}（{details}）；上传的文件不会保存在服务器上，因此现在打开的是内置示例数据。"
                        "请在“数据”页面重新上传该文件以继续。"),
    "provenance.other": ("This view was made on {name} ({details}); uploads are not kept on the server, and "
                         "{current} is open now. Upload {name} again on the Data page to continue.",
                         "此视图基于 {name}（{details}）；上传的文件不会保存在服务器上，现在打开的是 {current}。"
                         "请在“数据”页面重新上传 {name} 以继续。"),
    "provenance.to_data": ("Upload it on the Data page", "前往“数据”页面上传"),
    "provenance.dismiss": ("Dismiss", "关闭提示"),
    # the welcome box on the Tiers page (ui/welcome.py)
    "welcome.title": ("Customer tiering workbench.", "客户分层工作台。"),
    "welcome.body": ("It sorts your customers into tiers (A, B, C …) by how recently, how often and how much they "
                     "buy, so each team knows whom to call first. Until you load your own orders, every page shows "
                     "the bundled sample.",
                     "按客户最近一次购买的时间、购买频次和金额把客户分成 A、B、C 等层级，让每个团队知道先联系谁。"
                     "在载入您自己的订单之前，各页面显示的是内置示例数据。"),
    "welcome.step_data": ("1 · Load your data", "1 · 载入您的数据"),
    "welcome.step_tiers": ("2 · Tune the tiers", "2 · 调整分层"),
    "welcome.step_export": ("3 · Export the lists", "3 · 导出名单"),
    "welcome.dismiss": ("Close", "关闭"),
    "welcome.dismiss_help": ("Hide this box for the rest of this session.", "在本次会话中不再显示。"),
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
    "quality.rejected_summary": ("{n:,} rows rejected. {reasons}.", "{n:,} 行被拒绝。{reasons}。"),
    "quality.rejected_summary_one": ("1 row rejected. {reasons}.", "1 行被拒绝。{reasons}。"),
    "quality.empty": ("(empty)", "（空）"),
    "list.sep": ("; ", "；"),
    "list.names": (", ", "、"),
    "list.item": ("{label}: {n:,}", "{label}：{n:,}"),
    "quality.row": ("Row", "行号"),
    "quality.column": ("Column", "列"),
    "quality.reason": ("Reason", "原因"),
    "quality.value": ("Value", "值"),
    "quality.download_rejected": ("Download rejected rows (CSV)", "下载被拒绝的行（CSV）"),
    "reason.bad_field_count": ("Number of fields differs from the header", "字段数与表头不一致"),
    "reason.empty_customer_id": ("Customer id is empty", "客户编号为空"),
    "reason.bad_date": ("Date not recognised", "无法识别的日期"),
    "reason.bad_amount": ("Amount is not a number", "金额不是数字"),
    "reason.bad_quantity": ("Quantity is not a number", "数量不是数字"),
    "reason.bad_unit_price": ("Unit price is not a number", "单价不是数字"),
    "reason.bad_number": ("Not a number", "不是数字"),
    "reason.duplicate_row": ("Exact duplicate of an earlier row", "与前面某行完全重复"),
    "reason.duplicate_customer_id": ("Customer id already appeared above", "客户编号在前面已出现"),
    "reason.id_too_long": ("Customer id longer than 200 characters", "客户编号超过 200 个字符"),
    "reason.number_out_of_range": ("Number too large to be an amount (1e15 or more)", "数值过大，不可能是金额（≥ 1e15）"),
    "quality.read_as": ("How the file was read", "文件读取方式"),
    "quality.decimal.comma": ("**{col}**: decimal comma (row {row} has “{value}”)", "**{col}**：小数点为逗号（第 {row} 行为“{value}”）"),
    "quality.decimal.plain": ("Numbers read with a decimal point: {cols}.", "按句点作小数点读取的数字列：{cols}。"),
    "quality.decimal.mixed": ("**{col}**: both decimal comma and point appear; read with “{sep}” (row {row} has “{value}”), "
                              "values written the other way are rejected",
                              "**{col}**：同时出现逗号和句点作小数点；按“{sep}”读取（第 {row} 行为“{value}”），另一种写法的值被拒绝"),
    "quality.decimal.grouping_only": ("**{col}**: only values like “{value}” (row {row}): “{sep}” taken as the decimal "
                                      "separator, a guess — check it and change it when loading if wrong",
                                      "**{col}**：只有类似“{value}”的值（第 {row} 行），按“{sep}”作小数点读取，仅为推测——"
                                      "如有误请在载入时修改"),
    "quality.decimal.chosen": ("**{col}**: decimal separator “{sep}” (your choice)", "**{col}**：小数点为“{sep}”（您的选择）"),
    "quality.order.day_first": ("**{col}**: dates read day first (row {row} has {value})", "**{col}**：日期按“日/月/年”读取（第 {row} 行为 {value}）"),
    "quality.order.month_over_12": ("**{col}**: dates read month first (row {row} has {value})", "**{col}**：日期按“月/日/年”读取（第 {row} 行为 {value}）"),
    "quality.order.undecided": ("**{col}**: no value decides between day and month first (e.g. row {row}: {value}); "
                                "read month first — change it when loading if wrong",
                                "**{col}**：无法从数值判断日、月顺序（如第 {row} 行：{value}），按“月/日/年”读取——如有误请在载入时修改"),
    "quality.order.chosen": ("**{col}**: dates read {order} (your choice)", "**{col}**：日期按{order}读取（您的选择）"),
    "quality.order.name.day_first": ("day first", "“日/月/年”"),
    "quality.order.name.month_first": ("month first", "“月/日/年”"),
    "quality.future_first": ("{n:,} order lines are dated after today ({today}), the first on {first}. The default "
                             "as-of date is the latest order date not after today: {latest}.",
                             "有 {n:,} 条订单明细的日期晚于今天（{today}），最早为 {first}。默认分析日期取不晚于今天的最新订单日期：{latest}。"),
    "quality.latin1": ("The file is neither UTF-8 nor GBK; it was read as Latin-1. Check that names look right, "
                       "or save it as UTF-8 and load it again.",
                       "文件既不是 UTF-8 也不是 GBK，已按 Latin-1 读取。请检查名称是否显示正常，或另存为 UTF-8 后重新载入。"),
    "ingest.empty": ("{file}: the file is empty", "{file}：文件是空的"),
    "ingest.no_such_file": ("{file}: no such file", "{file}：文件不存在"),
    "ingest.xls": ("{file}: old .xls workbooks are not supported; save it as .xlsx",
                   "{file}：不支持旧版 .xls 工作簿，请另存为 .xlsx"),
    "ingest.not_xlsx": ("{file}: not a readable Excel workbook (not an .xlsx file)",
                        "{file}：不是可读取的 Excel 工作簿（不是 .xlsx 文件）"),
    "ingest.not_parquet": ("{file}: not a readable Parquet file{detail}", "{file}：不是可读取的 Parquet 文件{detail}"),
    "ingest.zip_named_csv": ("{file}: this is an Excel workbook or a zip archive; name it .xlsx or .zip",
                             "{file}：这是 Excel 工作簿或 zip 压缩包，请将扩展名改为 .xlsx 或 .zip"),
    "ingest.parquet_named_csv": ("{file}: this is a Parquet file; name it .parquet",
                                 "{file}：这是 Parquet 文件，请将扩展名改为 .parquet"),
    "ingest.binary": ("{file}: not a text table (binary content); save it as CSV, Excel (.xlsx) or Parquet",
                      "{file}：不是文本表格（二进制内容），请另存为 CSV、Excel（.xlsx）或 Parquet"),
    "ingest.unpacks_too_big": ("{file}: unpacks to more than {gb} GB; split it or load the file itself",
                               "{file}：解压后超过 {gb} GB，请拆分或直接载入原文件"),
    "ingest.bad_gz": ("{file}: not a readable .gz file", "{file}：不是可读取的 .gz 文件"),
    "ingest.bad_zip": ("{file}: not a readable .zip file", "{file}：不是可读取的 .zip 文件"),
    "ingest.zip_members": ("{file}: a .zip must hold exactly one data file (found: {names})",
                           "{file}：.zip 中必须恰好有一个数据文件（现有：{names}）"),
    "ingest.duplicate_header": ("{file}: the column name '{name}' appears twice (columns {first} and {second}); "
                                "rename one and load again",
                                "{file}：列名“{name}”出现了两次（第 {first} 列和第 {second} 列），请重命名其中一列后重新载入"),
    "ingest.not_delimited": ("{file}: not readable as a delimited table ({detail})",
                             "{file}：无法按分隔符表格读取（{detail}）"),
    "ingest.no_column": ("{file}: no column for {field} (columns found: {found})",
                         "{file}：没有“{field}”对应的列（现有列：{found}）"),
    "ingest.column_missing": ("{file}: column '{column}' (for {field}) is not in the file",
                              "{file}：文件中没有列“{column}”（用于“{field}”）"),
    "ingest.mapped_twice": ("{file}: column '{column}' is mapped to more than one field ({fields})",
                            "{file}：列“{column}”被对应到多个字段（{fields}）"),
    "ingest.workbook": ("{detail}", "{detail}"),
    "load.options": ("Reading options", "读取选项"),
    "load.loaded": ("{name} is loaded: its report is below. Drop another file to replace it.",
                    "{name} 已载入，质量报告见下方。拖入其他文件即可替换。"),
    "load.decimal": ("Decimal separator", "小数点"),
    "load.decimal.auto": ("Detect per column", "按列自动识别"),
    "load.decimal.point": ("Point: 1,234.50", "句点：1,234.50"),
    "load.decimal.comma": ("Comma: 1.234,50", "逗号：1.234,50"),
    "load.day_first": ("Dates like 05/01/2024", "形如 05/01/2024 的日期"),
    "load.day_first.auto": ("Detect per column", "按列自动识别"),
    "load.day_first.day": ("Day first (5 January)", "日在前（1月5日）"),
    "load.day_first.month": ("Month first (May 1)", "月在前（5月1日）"),
    "load.delimiter": ("Delimiter", "分隔符"),
    "load.delimiter.auto": ("Detect", "自动识别"),
    "load.ambiguous": ("Some columns could be read two ways; check the reading options before loading:",
                       "部分列有两种读法，载入前请检查读取选项："),
    "load.limit": ("Files up to {size} (CSV, TSV, Excel, Parquet, or a .csv.gz / .zip holding one file). Larger "
                   "data: compress it, or use the command line.",
                   "单个文件最大 {size}（CSV、TSV、Excel、Parquet，或内含一个文件的 .csv.gz / .zip）。更大的数据请先压缩，或使用命令行。"),
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
    "load.read_error": ("Could not read the file: {error}.", "无法读取文件：{error}。"),
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
    "load.stage.read": ("Reading {name}…", "正在读取 {name}…"),
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
    "field.credit_rating": ("Credit rating", "信用等级"),
    "field.relationship": ("Relationship", "合作关系"),
    "field.strategic_importance": ("Strategic importance", "战略重要性"),
    # the one-page report (ui/report.py)
    "report.download": ("Download report (HTML)", "下载报告（HTML）"),
    "report.download_help": ("One HTML file with this view's key figures, charts and settings: it opens in any "
                             "browser without a network and prints to A4 (print it to PDF from the browser).",
                             "一个 HTML 文件，包含当前视图的关键指标、图表与设置：任何浏览器均可离线打开，并可打印为 A4"
                             "（在浏览器中打印为 PDF）。"),
    "report.title": ("Customer tiering report", "客户分层报告"),
    "report.dataset": ("Data set", "数据集"),
    "report.scenario": ("Scenario", "方案"),
    "report.scenario_saved": ("{name}, version {version}", "{name}，第 {version} 版"),
    "report.scenario_changed": ("{name}, version {version}, changed since (not saved)",
                                "{name}，第 {version} 版，之后有改动（未保存）"),
    "report.scored": ("Customers scored", "参与评分的客户"),
    "report.window": ("Orders counted", "计入的订单"),
    "report.window_all": ("all history up to the as-of date", "截至分析日期的全部历史"),
    "report.window_days": ("the last {days:,} days up to the as-of date", "截至分析日期的最近 {days:,} 天"),
    "report.key_figures": ("Key figures per tier", "各层级关键指标"),
    "report.all_tiers": ("All tiers", "全部层级"),
    "report.avg_order": ("Avg. order value", "平均客单价"),
    "report.segments": ("Segments: the eight-class RFM model", "客户细分：RFM 八类模型"),
    "report.migration": ("Migration: last quarter against now", "层级迁移：上季度与现在对比"),
    "report.migration_help": ("Customers by their tier at {d1} (rows; New: no tier then) and at {d2} (columns; "
                              "Lapsed: no tier now), under the same scenario.",
                              "同一方案下，客户在 {d1} 的层级（行；新进：当时没有层级）与在 {d2} 的层级"
                              "（列；脱离：现在没有层级）。"),
    "report.lifecycle": ("Lifecycle funnel", "生命周期漏斗"),
    "report.settings": ("Scenario settings", "方案设置"),
    "report.settings_help": ("Every setting of the scenario the figures were made with; shares as percents.",
                             "生成以上数据所用方案的全部设置；占比以百分比表示。"),
    "report.setting": ("Setting", "设置项"),
    "report.value": ("Value", "取值"),
    "report.latest": ("the latest order date ({d})", "最新订单日期（{d}）"),
    "report.all_history": ("0 (all history)", "0（全部历史）"),
    "report.unused": ("{value} (not used by {method})", "{value}（{method}不使用）"),
    "report.weight": ("{w:g} ({share:.0%} of the score)", "{w:g}（占得分 {share:.0%}）"),
    "report.attribute": ("Score component: {name}", "评分维度：{name}"),
    "report.attribute_higher": ("weight {w:g} · higher is better", "权重 {w:g} · 越高越好"),
    "report.attribute_lower": ("weight {w:g} · lower is better", "权重 {w:g} · 越低越好"),
    "report.attribute_points": ("weight {w:g} · points: {points}", "权重 {w:g} · 分值：{points}"),
    "report.attributes_none": ("none", "无"),
    "report.tier_score": ("{name} · min. score {score:g}", "{name} · 最低得分 {score:g}"),
    "report.tier_share": ("{name} · {share} of customers", "{name} · 客户占比 {share}"),
    "report.tier_rest": ("{name} · the rest of the customers", "{name} · 其余客户"),
    "report.abc_cut": ("Class {cls} closes at (cumulative revenue)", "{cls} 类截止于（累计金额占比）"),
    "report.action": ("Recommended action · {what}", "建议行动 · {what}"),
    "report.actions_builtin": ("the built-in suggestions", "内置建议"),
    "report.extra": ("Other keys (not used by this version)", "其他键（本版本未使用）"),
    "report.backtest_note": ("Value backtest run in this session.", "本次会话中运行的价值回测。"),
    "report.footer": ("Made with the tiering workbench. The charts are drawn inside this file: it needs no network.",
                      "由客户分层工作台生成。图表绘制在本文件内，无需联网。"),
    # the live workshop room (ui/room.py, pages/room.py)
    "nav.room": ("Workshop", "研讨会"),
    "room.title": ("Workshop", "研讨会"),
    "room.open_title": ("Open a room on the current settings", "以当前设置开启研讨室"),
    "room.open_help": ("Participants join by a link and a name. They see your settings and charts change as you "
                       "move them, and can propose changes for you to apply or decline.",
                       "参与者通过链接并填写名字加入。您调整设置时，他们会同步看到设置和图表的变化，"
                       "也可以提出修改，由您采纳或拒绝。"),
    "room.your_name": ("Your name (shown to the room)", "您的名字（向研讨室展示）"),
    "room.save_as": ("Save the result as scenario", "结果保存为方案"),
    "room.save_as_help": ("Closing the room saves the final settings as a new version of this scenario in the "
                          "workspace. Leave empty to download them as a file instead.",
                          "关闭研讨室时，最终设置会作为此方案的新版本保存到工作区。留空则改为下载方案文件。"),
    "room.no_workspace_yet": ("Closing the room offers the final settings as a file (the workspace is not set up "
                              "on this server).", "关闭研讨室时可下载最终设置文件（本服务器尚未启用工作区）。"),
    "room.open": ("Open the room", "开启研讨室"),
    "room.open_upload": ("The open data is an upload ({file}) that only this browser tab holds: participants need it "
                         "saved in the workspace first.", "当前数据是仅存在于本标签页的上传文件（{file}）："
                         "参与者需要先将其保存到工作区才能加入。"),
    "room.open_upload_save": ("Save it on the Workspace page; the room moves onto the saved data set by itself.",
                              "请在“工作区”页面保存；研讨室会自动改用保存后的数据集。"),
    "room.open_upload_no_ws": ("This server has no workspace yet: a room works on the bundled sample only.",
                               "本服务器尚未启用工作区：研讨室只能使用内置示例数据。"),
    "room.join_code_title": ("Join a room", "加入研讨室"),
    "room.code": ("Room code", "研讨室代码"),
    "room.join_code": ("Join", "加入"),
    "room.join_title": ("Join {name}'s workshop room", "加入 {name} 的研讨室"),
    "room.join_help": ("You will see {name}'s settings and charts as they change, and can propose changes. "
                       "Your name is shown to everyone in the room.",
                       "您将同步看到 {name} 的设置和图表变化，也可以提出修改。您的名字会向研讨室中的所有人展示。"),
    "room.join": ("Join", "加入"),
    "room.not_now": ("Not now: just open the app", "暂不加入，直接打开应用"),
    "room.name_needed": ("Type a name first.", "请先填写名字。"),
    "room.unknown": ("There is no open room with the code {code}.", "没有代码为 {code} 的开放研讨室。"),
    "room.was_closed": ("{name} closed the room {code}.", "{name} 已关闭研讨室 {code}。"),
    "room.ended": ("{name} closed the room {code}. Its final settings stay open here for you to look around.",
                   "{name} 已关闭研讨室 {code}。最终设置仍保留在这里，供您继续查看。"),
    "room.gone": ("The room {code} is no longer open.", "研讨室 {code} 已不再开放。"),
    "room.hosting_other": ("You run the room {code}: close it before joining another.",
                           "您正在主持研讨室 {code}：请先关闭它再加入其他研讨室。"),
    "room.host_moved": ("The room {code} is now run from another tab or window.", "研讨室 {code} 现由另一个标签页或窗口主持。"),
    "room.hosting": ("Your room {code} is open: participants see every change you make here · {n} joined now.",
                     "您的研讨室 {code} 已开启：您在这里的每项修改参与者都会看到 · 当前 {n} 人在线。"),
    "room.following": ("You follow {name}'s room {code}: these are {name}'s settings, and they change as {name} moves "
                       "them. Your own changes to the settings are not kept; propose a change on the Workshop page.",
                       "您正在跟随 {name} 的研讨室 {code}：这里显示的是 {name} 的设置，会随 {name} 的调整而变化。"
                       "您自己对设置的修改不会保留；如需修改，请在“研讨会”页面提出。"),
    "room.following_here": ("You follow {name}'s room {code}: these are {name}'s settings, and they change as {name} "
                            "moves them. Your own changes to the settings are not kept; propose a change below.",
                            "您正在跟随 {name} 的研讨室 {code}：这里显示的是 {name} 的设置，会随 {name} 的调整而变化。"
                            "您自己对设置的修改不会保留；如需修改，请在下方提出。"),
    "room.leave": ("Leave the room", "退出研讨室"),
    "room.new_proposal": ("{name} proposed a change: see the Workshop page.", "{name} 提出了修改：请查看“研讨会”页面。"),
    "room.data_upload": ("{name}'s room works on an upload ({file}) that is not saved in the workspace yet. When {name} "
                         "saves it, this page opens it by itself.",
                         "{name} 的研讨室使用的是尚未保存到工作区的上传文件（{file}）。{name} 保存后，本页面会自动打开它。"),
    "room.data_no_workspace": ("The room works on the saved data set {name}, and this server cannot open saved data "
                               "sets.", "研讨室使用已保存的数据集 {name}，但本服务器无法打开已保存的数据集。"),
    "room.data_missing": ("The room's data set {name} cannot be opened: {error}", "无法打开研讨室的数据集 {name}：{error}"),
    "room.error": ("That did not work: {detail}", "操作未成功：{detail}"),
    "room.error.unknown": ("That room or proposal no longer exists.", "该研讨室或提议已不存在。"),
    "room.error.closed": ("The room is closed.", "研讨室已关闭。"),
    "room.error.full": ("Too many rooms are open on this server; close one first.", "本服务器上开放的研讨室过多，请先关闭一个。"),
    "room.error.crowded": ("The room is full.", "研讨室人数已满。"),
    "room.error.name": ("Type a name first.", "请先填写名字。"),
    "room.error.no_change": ("Nothing to propose: the settings are the room's.", "没有可提议的修改：设置与研讨室相同。"),
    "room.error.decided": ("That proposal was already decided.", "该提议已被处理。"),
    "room.error.invalid": ("The proposal no longer fits the room's settings.", "该提议已不适用于研讨室当前的设置。"),
    "room.error.busy": ("You have many open proposals; wait for some to be decided.", "您有多项待处理的提议，请等待处理后再提。"),
    "room.host_intro": ("Room **{code}** is open. Share this link (or the code) with the participants:",
                        "研讨室 **{code}** 已开启。请将此链接（或代码）分享给参与者："),
    "room.steer_help": ("Move the settings on the Tiers page (or any other page): the participants follow every change. "
                        "Proposals arrive here.", "请在“客户分层”页面（或其他页面）调整设置：参与者会同步看到每项修改。提议会出现在这里。"),
    "room.based_on": ("Closing saves a new version of {name}.", "关闭时将保存为 {name} 的新版本。"),
    "room.guest_intro": ("Room **{code}** of {name} · you are **{you}**.", "{name} 的研讨室 **{code}** · 您的名字：**{you}**。"),
    "room.host_label": ("**{name}** (facilitator)", "**{name}**（主持人）"),
    "room.host_away": ("**{name}** (facilitator · away)", "**{name}**（主持人 · 暂时离开）"),
    "room.here": ("**In the room ({n}):** {names}", "**研讨室中（{n} 人）：** {names}"),
    "room.change.weight": ("weight of {what}", "{what} 权重"),
    "room.change.tier": ("tier {name}", "{name} 层"),
    "room.col.tier": ("Tier", "层级"),
    "room.col.now": ("Customers now", "当前客户数"),
    "room.col.with": ("With the change", "修改后"),
    "room.col.change": ("Change", "变化"),
    "room.proposals": ("Proposals", "提议"),
    "room.no_open_proposals": ("No proposal waiting.", "暂无待处理的提议。"),
    "room.no_proposals": ("No proposals yet.", "暂无提议。"),
    "room.proposal": ("**{name}** proposes: {changes}", "**{name}** 提议：{changes}"),
    "room.cannot_apply": ("This proposal cannot be applied to the settings now: {error}", "该提议无法应用于当前设置：{error}"),
    "room.apply": ("Apply", "采纳"),
    "room.decline": ("Decline", "拒绝"),
    "room.status.open": ("waiting for {name}", "等待 {name} 处理"),
    "room.status.applied": ("applied by {name}", "已由 {name} 采纳"),
    "room.status.declined": ("declined by {name}", "已由 {name} 拒绝"),
    "room.propose_title": ("Propose a change", "提出修改"),
    "room.propose_help": ("Move what you would change; {name} sees your proposal with its effect on the tiers and "
                          "applies or declines it.", "调整您想修改的项；{name} 会看到您的提议及其对层级的影响，并决定采纳或拒绝。"),
    "room.draft_old": ("{name} has changed the settings since you began: your proposal changes only what you moved.",
                       "在您开始修改后 {name} 调整了设置：您的提议只包含您调整过的项。"),
    "room.tier_min": ("Tier {name}: min. score", "{name} 层：最低得分"),
    "room.tier_share": ("Tier {name}: share %", "{name} 层：占比 %"),
    "room.propose": ("Propose this change", "提交此修改"),
    "room.proposed": ("Proposal sent.", "提议已提交。"),
    "room.draft_reset": ("Start again", "重新开始"),
    "room.close_title": ("Close the room (save as a new version)", "关闭研讨室（保存为新版本）"),
    "room.close_help": ("The final settings are saved as a new version of this scenario; empty: download them as a "
                        "file.", "最终设置将保存为此方案的新版本；留空则下载方案文件。"),
    "room.close_download": ("Closing offers the final settings as a file.", "关闭时可下载最终设置文件。"),
    "room.close": ("Close the room", "关闭研讨室"),
    "room.version_note": ("Workshop room {code}: {n} proposals applied ({names}).", "研讨室 {code}：采纳 {n} 项提议（{names}）。"),
    "room.closed": ("Room {code} is closed: {applied} of {n} proposals applied.", "研讨室 {code} 已关闭：{n} 项提议中采纳了 {applied} 项。"),
    "room.saved_version": ("Saved as {name}, version {version}.", "已保存为 {name} 的第 {version} 版。"),
    "room.not_saved": ("The settings were not saved in the workspace: {error}", "设置未能保存到工作区：{error}"),
    "room.download": ("Download the final settings", "下载最终设置"),
    # account managers (pages/managers.py, ui/managers.py)
    "nav.managers": ("Account managers", "客户经理"),
    "mgr.title": ("Account managers", "客户经理"),
    "mgr.caption": ("As of {as_of}: {n:,} customers with a tier, looked after by {owners:,} account managers.",
                    "截至 {as_of}：{n:,} 位有层级的客户，由 {owners:,} 位客户经理负责。"),
    "mgr.no_customers_file": ("No customers file is loaded, so there is no account manager per customer.",
                              "尚未载入客户文件，因此没有每位客户的客户经理。"),
    "mgr.no_owner_column": ("The customers file has no account manager column.", "客户文件中没有客户经理列。"),
    "mgr.empty_owner_column": ("The customers file's account manager column is empty for every customer.",
                               "客户文件的客户经理列全部为空。"),
    "mgr.what_to_do": ("Add a column named **owner** or **客户经理** (负责人, 业务员, account manager and sales rep are "
                       "recognised too) to the customers file, one manager per customer, and load it again on the "
                       "Data page.",
                       "请在客户文件中加一列 **客户经理**（或 owner；负责人、业务员、account manager、sales rep 也能识别），"
                       "每位客户填写一位客户经理，然后在“数据”页重新载入。"),
    "mgr.no_tiers": ("No customer has a tier on these settings (none bought in the look-back window), so there is "
                     "nothing to share out among the account managers.",
                     "在当前设置下没有客户有层级（回溯期内无人购买），因此没有可分配给客户经理的客户。"),
    "mgr.to_data": ("Load a customers file on the Data page", "前往“数据”页载入客户文件"),
    "mgr.no_owner": ("(no manager)", "（无客户经理）"),
    "mgr.m.owners": ("Account managers", "客户经理"),
    "mgr.m.unowned": ("Without a manager", "无客户经理"),
    "mgr.unowned_help": ("Customers with a tier whose account manager cell is empty: listed as \"(no manager)\".",
                         "有层级但客户经理为空的客户，列为“（无客户经理）”。"),
    "mgr.workload_help": ("Calls (or visits) a month the manager's customers need: each tier's customers times its "
                          "service level, added up.", "客户经理每月需要的电话或拜访次数：各层级客户数 × 该层级服务标准，再求和。"),
    "mgr.at_risk_help": ("Customers of the top tier whose lifecycle stage is at risk or churned (no purchase for "
                         "longer than the lifecycle rules allow).", "最高层级中生命周期阶段为沉睡或流失的客户（超过生命周期规则的天数未购买）。"),
    "mgr.levels": ("Service levels, calls a month per customer: {levels}. By default the best tier gets 4 (a dedicated "
                   "manager), each tier below half as many, the last tier 0.5 (one call every two months).",
                   "服务标准（每位客户每月联系次数）：{levels}。默认最高层级 4 次（专属客户经理），往下每层减半，最后一层 0.5 次（每两个月一次）。"),
    "mgr.table_title": ("Per account manager", "按客户经理"),
    "mgr.col.customers_tier": ("{tier}: customers", "{tier}：客户数"),
    "mgr.col.revenue_tier": ("{tier}: revenue", "{tier}：金额"),
    "mgr.col.workload_tier": ("{tier}: calls a month", "{tier}：每月联系次数"),
    "mgr.col.at_risk_top": ("{tier} at risk", "{tier} 风险客户"),
    "col.workload": ("Workload (calls/month)", "工作量（次/月）"),
    "col.priority": ("#", "序号"),
    "col.reason": ("Why call", "联系原因"),
    "col.calls_per_month": ("Calls/month", "每月联系"),
    "col.sheet": ("Sheet", "工作表"),
    "col.at_risk_top": ("Top tier at risk", "最高层级风险客户"),
    "mgr.view": ("Per tier", "分层指标"),
    "mgr.view.customers": ("Customers", "客户数"),
    "mgr.view.revenue": ("Revenue", "金额"),
    "mgr.view.workload": ("Workload", "工作量"),
    "mgr.chart.customers": ("Customers per tier and account manager", "各客户经理的分层客户数"),
    "mgr.chart.revenue": ("Revenue per tier and account manager", "各客户经理的分层金额"),
    "mgr.chart.workload": ("Workload per tier and account manager (calls a month)", "各客户经理的分层工作量（次/月）"),
    "mgr.axis.customers": ("Customers", "客户数"),
    "mgr.axis.revenue": ("Revenue", "金额"),
    "mgr.axis.workload": ("Calls a month", "每月联系次数"),
    "mgr.list_title": ("Who to call", "联系名单"),
    "mgr.quiet": ("{tier}: quiet for more than (days)", "{tier}：超过多少天未购买"),
    "mgr.quiet_help": ("{tier} customers with no purchase for longer than this are called right after those at risk.",
                       "超过这个天数未购买的 {tier} 客户，排在风险客户之后优先联系。"),
    "mgr.count": ("**{n:,}** customers for {owner} to call.", "{owner} 需联系 **{n:,}** 位客户。"),
    "mgr.order": ("In this order: 1 {top} customers at risk or churned (win back); 2 the other {top} customers with no "
                  "purchase for more than {days} days (check in); 3 {second} customers at risk or churned; 4 the rest "
                  "of {top} (regular calls). Within each group the highest revenue first. Other customers are served "
                  "by inside sales and are not listed.",
                  "顺序：1 沉睡或流失的 {top} 客户（挽回）；2 超过 {days} 天未购买的其他 {top} 客户（回访）；3 沉睡或流失的 "
                  "{second} 客户；4 其余 {top} 客户（例行联系）。每组内金额高者在前。其他客户由电话/线上销售服务，不在名单中。"),
    "mgr.reason.top_at_risk": ("1 Win back: top tier at risk", "1 挽回：最高层级风险客户"),
    "mgr.reason.top_quiet": ("2 Check in: top tier, quiet", "2 回访：最高层级久未购买"),
    "mgr.reason.next_at_risk": ("3 Win back: second tier at risk", "3 挽回：第二层级风险客户"),
    "mgr.reason.top_regular": ("4 Regular call: top tier", "4 例行联系：最高层级"),
    "mgr.all_title": ("Every manager's list", "全部客户经理名单"),
    "mgr.all_caption": ("{n:,} customers on {owners:,} lists: one Excel workbook, an overview sheet first, then one "
                        "sheet per account manager.", "{owners:,} 份名单共 {n:,} 位客户：一个 Excel 工作簿，首页为总览，之后每位客户经理一页。"),
    "mgr.all": ("Download every manager's list (Excel)", "下载全部客户经理名单（Excel）"),
    "mgr.all_help": ("Sheet names are the managers' names, shortened to Excel's 31 characters and made distinct; the "
                     "overview names each manager's sheet.", "工作表以客户经理姓名命名（按 Excel 限制截至 31 个字符并去重）；总览页列出每位客户经理对应的工作表。"),
    "mgr.overview_sheet": ("Overview", "总览"),
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


def join_sentences(parts) -> str:
    """Sentences one after another: a space after an English full stop, none after a Chinese one."""
    return ("" if lang() == "zh" else " ").join(parts)


def _money_units():
    """(unit, size, decimals), largest first: 亿 with two decimals (3.73亿), the others with one."""
    if lang() == "zh":
        return (("亿", 1e8, 2), ("万", 1e4, 1))
    return (("B", 1e9, 1), ("M", 1e6, 1), ("K", 1e3, 1))


def _row_unit(figures) -> int:
    """Index into _money_units() of the unit a row of figures shares (its length: none, whole numbers).

    The row's smallest non-zero figure picks it, as it would its own (the largest unit it is at least 1
    of, or the next one up when rounding would read 1,000.0K: 999,960 is 1.0M); then, while the largest
    would read 10,000 or more of it (37,299.5万), the next unit up, unless the smallest would read 0 there
    (0.00亿). A row whose smallest figure is too small for a unit reads in whole numbers (17,161 beside
    5,651)."""
    units = _money_units() + (("", 1, 0),)
    reads = lambda v, k: round(v / units[k][1], units[k][2])  # noqa: E731  v as shown in unit k
    sizes = [abs(float(v)) for v in figures if float(v) == float(v) and float(v) != 0]
    if not sizes:
        return len(units) - 1
    low, high = min(sizes), max(sizes)
    i = next(k for k, (_, size, _) in enumerate(units) if low >= size or k == len(units) - 1)
    if i > 0 and reads(low, i) >= units[i - 1][1] / units[i][1]:
        i -= 1
    while 0 < i < len(units) - 1 and reads(high, i) >= 1e4 and reads(low, i - 1) > 0:
        i -= 1
    return i


def fmt_money(value: float, scale_of=None) -> str:
    """Compact money: 1.2M / 345.6K in English, 3.73亿 / 34.6万 in Chinese (亿 from 1e8, not 37,299.5万).

    scale_of: the figure that picks the unit, or the whole row of figures, so a row of cards shares one
    unit (3.73亿 beside 0.37亿; 3,710.0万 beside 9,999.0万; 1.80亿 ... 0.09亿)."""
    v = float(value)
    if scale_of is None:
        scale_of = [v]
    elif not hasattr(scale_of, "__iter__"):
        scale_of = [scale_of]
    unit, size, decimals = (_money_units() + (("", 1, 0),))[_row_unit(scale_of)]
    return f"{v / size:,.{decimals}f}{unit}"


def ingest_message(error) -> str:
    """An ingest error in the interface language (its code and parameters), the English text otherwise."""
    code = getattr(error, "code", None)
    if code and f"ingest.{code}" in STRINGS:
        return t(f"ingest.{code}", **error.params)
    return str(error)


def upload_limit_text(mb: int | None = None) -> str:
    """An upload limit (the server's unless given, in MB) as people write it: 1 GB, 200 MB."""
    mb = mb or st.get_option("server.maxUploadSize")
    return f"{mb / 1024:g} GB" if mb >= 1024 else f"{mb} MB"


def translate_uploader(key: str, types: list[str], max_mb: int | None = None) -> None:
    """Put Chinese on st.file_uploader's own button and size line, which Streamlit writes in English only
    (its drag-over text and error messages: translate_streamlit). max_mb: the widget's own max_upload_size."""
    if lang() != "zh":
        return
    limit = upload_limit_text(max_mb)
    kinds = ", ".join(x.upper() for x in types)
    scope = f".st-key-{key} [data-testid=stFileUploaderDropzone]"
    st.html(f"""<style>
{scope} button [data-testid=stMarkdownContainer] p {{ font-size: 0; }}
{scope} button [data-testid=stMarkdownContainer] p::after {{ content: "选择文件"; font-size: 0.875rem; }}
{scope} [data-testid=stFileUploaderDropzoneInstructions] span {{ font-size: 0; white-space: normal; }}
{scope} [data-testid=stFileUploaderDropzoneInstructions] span::after {{
  content: "每个文件最大 {limit} · {kinds}"; font-size: 0.875rem; }}
</style>""")


# Streamlit's own texts that appear after the page is drawn (an uploader's drag-over line and errors, a
# multiselect's "Select all", "No results"): rewritten in the browser, only inside those widgets, and put
# back when the page turns English again (the marker element is gone then).
_STREAMLIT_ZH = """<span data-tiering-zh hidden></span><script>
(() => {
  if (window.__tieringZh) return;
  window.__tieringZh = true;
  const MARK = "[data-tiering-zh]";
  const SCOPES = "[data-testid=stFileUploader], [data-testid=stTooltipErrorContent], " +
    "[data-testid=stMultiSelectDropdown], [data-testid=stSelectboxVirtualDropdown]";
  const RULES = [
    [/^Select all$/, "全选"], [/^Select (\\d+) matches$/, "全选 $1 个匹配项"], [/^No results$/, "没有匹配的选项"],
    [/^Drag and drop (a file|files|directories) here$/, "将文件拖放到这里"], [/^Error: $/, "错误："],
    [/File must be (\\S+) or smaller\\./g, "文件不能超过 $1。"],
    [/This type of files are not allowed\\./g, "不支持此类型的文件。"],
    [/(\\S+) files are not allowed\\./g, "不支持 $1 类型的文件。"],
    [/(^| )files are not allowed\\./g, "$1不支持此类型的文件。"],
    [/File size is too small\\./g, "文件太小。"], [/Only one file is allowed\\./g, "只能上传一个文件。"],
    [/Unexpected error\\. Please try again\\./g, "发生意外错误，请重试。"], [/^Upload failed$/, "上传失败"],
  ];
  const QUICK = new RegExp(RULES.map(([pattern]) => pattern.source).join("|"));  // any of them, before the scope
  const done = new Map();  // text node -> [English, Chinese]
  const translate = (node) => {
    const text = node.nodeValue;
    if (!text || text.length > 300 || !QUICK.test(text)) return;
    const el = node.parentElement;
    if (!el || !el.closest(SCOPES) || el.closest("[data-testid=stFileChipName]")) return;
    // an option's label is the user's text, except the bulk "Select all / matches" item and the empty state
    const key = el.closest("[role=option]")?.getAttribute("data-key");
    if (key != null && !key.startsWith("__select_")) return;
    let out = text;
    for (const [pattern, zh] of RULES) out = out.replace(pattern, zh);
    if (out !== text) { done.set(node, [text, out]); node.nodeValue = out; }
  };
  const scan = (root) => {
    if (root.nodeType === 3) return translate(root);
    if (root.nodeType !== 1 || root.closest("svg, canvas")) return;
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) translate(n);
  };
  const restore = () => {
    for (const [node, [en, zh]] of done) if (node.nodeValue === zh) node.nodeValue = en;
    done.clear();
  };
  new MutationObserver((records) => {
    if (!document.querySelector(MARK)) { if (done.size) restore(); return; }
    for (const r of records) {
      if (r.type === "characterData") translate(r.target);
      else r.addedNodes.forEach(scan);
    }
    for (const node of done.keys()) if (!node.isConnected) done.delete(node);
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
  document.querySelectorAll(SCOPES).forEach(scan);
})();
</script>"""


def translate_streamlit() -> None:
    """In Chinese, Streamlit's own uploader errors and drag-over line and the multiselect / selectbox menu texts
    ("Select all", "Select 3 matches", "No results") in Chinese too; once per page run, anywhere on the page."""
    if lang() == "zh":
        st.html(_STREAMLIT_ZH, unsafe_allow_javascript=True)
