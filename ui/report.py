"""The one-page report: the current view as ONE self-contained HTML file that prints to A4.

build_report() assembles it from the figures of analytics/report_data.py and the page's own chart
builders (ui/charts.py): key figures per tier with the pyramid, the eight-class segments, the migration
matrix (the Migration page's quarter preset), the lifecycle funnel, the value backtest when one is given,
and every setting of the scenario. plotly.js is embedded once, in the head, so the file needs no network.
Every user-supplied string (tier names, file and scenario names, attribute columns, playbook text) is
HTML-escaped; inside the charts ui/charts.py escapes it as it does on the pages.

report_button() offers the file on a page; it is built when clicked, on a thread of its own without
st.session_state, so everything it needs is taken from the session when the button is drawn and the
language is passed explicitly (labels come from ui/i18n.STRINGS, as t() reads them).
"""
from __future__ import annotations

import html
import json
import math
from datetime import date

from analytics.clv import Backtest
from analytics.config import DEFAULT_LIFECYCLE, RFM_KEYS, WEIGHT_KEYS, Scenario, fmt_value
from analytics.lifecycle import STAGE_ORDER
from analytics.migration import LAPSED, NEW
from analytics.report_data import ReportData, backtest_cutoff, report_data

from . import charts
from .i18n import SEGMENT_NAMES, STRINGS

CHART_WIDTH = 680  # CSS px: A4's 210 mm less two 15 mm margins is 180 mm, 680 px at 96 px per inch
PLOTLY_CONFIG = {"displayModeBar": False, "responsive": False, "displaylogo": False}
BACKTEST_KEY = "report_backtest"  # session key: (data set fingerprint, Backtest) of the last backtest run


def translator(lang: str):
    """t(key, **values) in the given language: ui.i18n.t, without reading the session's language."""
    column = 1 if lang == "zh" else 0

    def t(key: str, **values) -> str:
        text = STRINGS[key][column]
        return text.format(**values) if values else text
    return t


def _e(value) -> str:
    """A user-supplied value as literal HTML text (also inside attribute values)."""
    return html.escape(str(value), quote=True)


def _share(value) -> str:
    return fmt_value(float(value), kind="share")


def _number(value) -> str:
    return fmt_value(value)


# ---------------------------------------------------------------- sections

def _key_figures(facts: ReportData, t) -> str:
    head = [t("col.tier"), t("col.customers"), t("col.customer_share"), t("col.revenue"), t("col.revenue_share"),
            t("report.avg_order"), t("col.avg_recency")]

    def cells(name: str, r: dict, cls: str = "") -> str:
        recency = "—" if not r["customers"] or math.isnan(r["avg_recency"]) else f"{r['avg_recency']:,.0f}"
        values = [f"{int(r['customers']):,}", f"{r['customer_share']:.1%}", f"{r['revenue']:,.0f}",
                  f"{r['revenue_share']:.1%}", f"{r['avg_order_value']:,.2f}", recency]
        tds = "".join(f"<td class='num'>{v}</td>" for v in values)
        return f"<tr class='{cls}'><th scope='row'>{name}</th>{tds}</tr>"

    rows = [cells(_e(r["tier"]), r) for r in facts.tiers.to_dict("records")]
    rows.append(cells(t("report.all_tiers"), facts.totals, "total"))
    ths = "".join(f"<th scope='col'{'' if i == 0 else ' class=num'}>{h}</th>" for i, h in enumerate(head))
    return f"<table class='figures'><thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _charts(facts: ReportData, scenario: Scenario, lang: str, t) -> dict:
    """The report's figures, built by the pages' own chart builders with the pages' data and labels."""
    band = lambda r: t("tiers.band", customers=r.customers, cshare=r.customer_share, rshare=r.revenue_share)  # noqa: E731
    clipped = lambda r: t("tiers.band_negative", revenue=f"{r.revenue:,.0f}")  # noqa: E731
    d1, d2 = facts.migration_from, facts.as_of
    rules = scenario.lifecycle
    steps = {"known": t("funnel.known"), "first_purchase": t("funnel.first_purchase"),
             "repeat": t("funnel.repeat", n=rules["repeat_purchases"]),
             "loyal": t("funnel.loyal", n=rules["loyal_purchases"])}
    figures = {
        "pyramid": charts.plot_pyramid(facts.tiers, t("tiers.pyramid"), band, "customers", clipped),
        "segments": charts.plot_segment_bars(facts.segments, t("tiers.eight_title"), SEGMENT_NAMES[lang],
                                             t("axis.customer_share"), t("axis.revenue_share")),
        "migration": charts.plot_matrix(facts.migration, t("mig.matrix", d1=d1, d2=d2), t("mig.axis_to", d=d2),
                                        t("mig.axis_from", d=d1), ",.0f", {NEW: t("mig.new")}, {LAPSED: t("mig.lapsed")}),
        "funnel": charts.plot_funnel(facts.funnel, steps, t("life.funnel")),
    }
    # a little lower than on screen, so segments and migration share a printed page; room right of the longest bar
    figures["segments"].update_layout(height=max(300, 36 * len(facts.segments) + 110), margin_r=44)
    figures["segments"].update_yaxes(ticklabelstandoff=6)
    figures["migration"].update_layout(height=max(260, 56 * len(facts.migration) + 110))
    return figures


def _backtest_charts(bt: Backtest, t) -> tuple[str, dict]:
    """The verdict sentence (empty when nobody bought after the cut-off) and the two backtest charts."""
    cutoff, tot = backtest_cutoff(bt), bt.totals
    verdict = ""
    if not math.isnan(tot.error):
        verdict = t("value.verdict", weeks=tot.horizon_weeks, end=tot.end, n=tot.customers, pred=tot.predicted,
                    act=tot.actual, diff=abs(tot.error), dir=t("value.more" if tot.error > 0 else "value.fewer"),
                    mae=tot.mae)
    figures = {
        "tracking": charts.plot_tracking(bt.weekly, True, t("value.track_title"), t("value.actual"),
                                         t("value.predicted"), t("value.week_axis"), t("value.purchases_axis"),
                                         t("value.cutoff_label", d=cutoff)),
        "by_x": charts.plot_by_x(bt.by_x, t("value.by_x_title"), t("value.actual"), t("value.predicted"),
                                 t("value.x_axis"), t("value.mean_axis")),
    }
    return verdict, figures


def settings_rows(scenario: Scenario, as_of: date, t) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every key of the scenario as (group heading, [(label, value as HTML)]) in plain words; shares as percents.
    Labels are the sidebar's own; user-supplied text in them or in the values is escaped here."""
    method = t(f"controls.method.{scenario.score_method}")
    quantiles = scenario.score_method != "threshold"
    when = [(t("controls.as_of"), _e(scenario.as_of) if scenario.as_of else t("report.latest", d=as_of)),
            (t("controls.lookback"), f"{scenario.lookback_days:,}" if scenario.lookback_days else t("report.all_history"))]
    scores = [(t("controls.bins"), _number(scenario.bins)), (t("controls.method"), method)]
    for k in RFM_KEYS:
        edges = ", ".join(_number(v) for v in scenario.thresholds.get(k, []))
        scores.append((t(f"controls.edges.{k}"), t("report.unused", value=edges, method=method) if quantiles else edges))
    shares = scenario.normalised_weights()
    weights = [(t(f"controls.weight.{k}"), t("report.weight", w=float(scenario.weights.get(k, 0.0)),
                                             share=shares.get(k, 0.0))) for k in WEIGHT_KEYS]
    attributes = []
    for a in scenario.attributes:
        w = float(a.get("weight", 0.0))
        if isinstance(a.get("points"), dict):
            points = ", ".join(f"{_e(k)} {_number(v)}" for k, v in a["points"].items())
            how = t("report.attribute_points", w=w, points=points)
        else:
            how = t("report.attribute_lower" if a.get("direction") == "lower" else "report.attribute_higher", w=w)
        attributes.append((t("report.attribute", name=_e(a["column"])), how))
    if not attributes:
        attributes = [(t("controls.attributes"), t("report.attributes_none"))]
    tiers = [(t("controls.tier_method"), t(f"controls.tier_method.{scenario.tier_method}"))]
    for i, (name, value) in enumerate(scenario.tiers):
        if scenario.tier_method == "share":
            last = i == len(scenario.tiers) - 1
            text = t("report.tier_rest", name=_e(name)) if last else t("report.tier_share", name=_e(name),
                                                                           share=_share(value))
        else:
            text = t("report.tier_score", name=_e(name), score=float(value))
        tiers.append((t("controls.tier_name", i=i + 1), text))
    abc = [(t("report.abc_cut", cls=c), _share(v)) for c, v in zip("AB", scenario.abc)]
    life = [(t(f"controls.rule.{k}"), _number(scenario.lifecycle.get(k, v))) for k, v in DEFAULT_LIFECYCLE.items()]
    book = []
    for stage, action in scenario.playbook.get("stage", {}).items():
        what = t(f"stage.{stage}") if stage in STAGE_ORDER else _e(stage)
        book.append((t("report.action", what=what), _e(action)))
    for tier, action in scenario.playbook.get("tier", {}).items():
        book.append((t("report.action", what=f"{t('playbook.tier')} {_e(tier)}"), _e(action)))
    if not book:
        book = [(t("playbook.action"), t("report.actions_builtin"))]
    clv = scenario.clv
    high, mid = (list(clv.get("value_shares", [])) + [0.0, 0.0])[:2]
    value = [(t("controls.horizon"), _number(clv["horizon_months"])), (t("controls.margin"), _share(clv["margin"])),
             (t("controls.discount"), _share(clv["discount_rate"])), (t("controls.value_high"), _share(high)),
             (t("controls.value_mid"), _share(mid))]
    groups = [(t("controls.when"), when), (t("controls.scores"), scores), (t("controls.weights"), weights),
              (t("controls.attributes"), attributes), (t("controls.tiers"), tiers), (t("tiers.tab_abc"), abc),
              (t("controls.lifecycle"), life), (t("life.playbook"), book), (t("controls.clv"), value)]
    if scenario.extra:
        extra = []
        for k, v in scenario.extra.items():
            text = json.dumps(v, ensure_ascii=False)
            extra.append((_e(k), _e(text if len(text) <= 200 else text[:197] + "...")))
        groups.append((t("report.extra"), extra))
    return groups


def _settings_table(groups, t) -> str:
    body = []
    for heading, rows in groups:
        lines = "".join(f"<tr><th scope='row'>{label}</th><td>{value}</td></tr>" for label, value in rows)
        body.append(f"<tbody><tr class='group'><th colspan='2' scope='rowgroup'>{heading}</th></tr>{lines}</tbody>")
    return (f"<table class='settings'><thead><tr><th scope='col'>{t('report.setting')}</th>"
            f"<th scope='col'>{t('report.value')}</th></tr></thead>{''.join(body)}</table>")


def _chart_html(fig, name: str) -> str:
    fig.update_layout(width=CHART_WIDTH, autosize=False)
    # room for the tick labels and axis titles (the app's Streamlit theme gives it; plain plotly cuts them off)
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    div = fig.to_html(full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG, div_id=f"chart-{name}")
    return f"<figure class='chart' data-chart='{name}'>{div}</figure>"


STYLE = """
@page { size: A4; margin: 15mm 15mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eef1f4; color: #1b2631; line-height: 1.45; font-size: 10.5pt;
  font-family: "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", system-ui, sans-serif; }
main { width: 204mm; max-width: 100%; margin: 24px auto; padding: 12mm; background: white;
  box-shadow: 0 1px 6px rgba(0, 0, 0, .12); }  /* on screen: the A4 page's 180 mm of text, and its margins */
h1 { font-size: 19pt; margin: 0 0 3mm; color: #0b3c5d; }
h2 { font-size: 13pt; margin: 0 0 2mm; color: #0b3c5d; border-bottom: 1.5pt solid #0b3c5d; padding-bottom: 1mm;
  break-after: avoid; page-break-after: avoid; }
p.note { margin: 0 0 2mm; color: #52606d; font-size: 9pt; break-after: avoid; page-break-after: avoid; }
section { margin: 0 0 7mm; break-inside: avoid; page-break-inside: avoid; }
section.long { break-inside: auto; page-break-inside: auto; }
figure.chart { margin: 2mm 0 0; width: 100%; overflow: hidden; break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { padding: 1.2mm 2mm; text-align: left; vertical-align: top; border-bottom: 0.5pt solid #d5dde5; }
thead th { background: #0b3c5d; color: white; font-weight: 600; vertical-align: bottom; word-break: keep-all;
  overflow-wrap: normal; }
table.figures tbody th { width: 24%; }
table.figures thead th { font-size: 8.5pt; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.total th, tr.total td { font-weight: 700; border-top: 1pt solid #0b3c5d; }
table.meta { width: auto; margin-bottom: 5mm; }
table.meta th { color: #52606d; font-weight: 600; padding-left: 0; border: 0; }
table.meta td { border: 0; }
table.settings { font-size: 9pt; }
table.settings th, table.settings td { padding: 0.9mm 2mm; }
table.settings th[scope=row] { font-weight: normal; color: #37474f; width: 48%; }
table.settings tr.group th { background: #e8eef2; color: #0b3c5d; font-weight: 700; }
table.settings tbody { break-inside: avoid; page-break-inside: avoid; }
th, td { overflow-wrap: anywhere; }
td.num { white-space: nowrap; }
footer { color: #78909c; font-size: 8.5pt; margin-top: 4mm; }
@media print {
  body { background: white; }
  main { width: auto; margin: 0; padding: 0; box-shadow: none; }
}
"""


def build_report(scenario: Scenario, lang: str, dataset_name: str, scenario_label: str | None = None,
                 backtest: Backtest | None = None, *, con=None, facts: ReportData | None = None) -> bytes:
    """The report as UTF-8 HTML bytes.

    scenario: the settings in force; lang: "en" or "zh"; dataset_name: the data set as the user knows it (the
    orders file's name, or the sample's label); scenario_label: e.g. a saved scenario's name and version;
    backtest: a value backtest run in the session (analytics.clv.Backtest), left out when None.
    The figures: facts when given (analytics.report_data.report_data), else computed on con (a DuckDB
    connection holding the data set's tables)."""
    from plotly.offline import get_plotlyjs

    t = translator(lang)
    if facts is None:
        if con is None:
            raise ValueError("build_report needs the figures (facts) or a database connection (con)")
        facts = report_data(con, scenario)
    figures = _charts(facts, scenario, lang, t)
    window = (t("report.window_days", days=scenario.lookback_days) if scenario.lookback_days
              else t("report.window_all"))
    meta = [(t("report.dataset"), _e(dataset_name)), (t("controls.as_of"), str(facts.as_of)),
            (t("report.window"), window), (t("report.scored"), f"{facts.totals['customers']:,}")]
    if scenario_label:
        meta.append((t("report.scenario"), _e(scenario_label)))
    meta_rows = "".join(f"<tr><th scope='row'>{k}</th><td>{v}</td></tr>" for k, v in meta)
    d1, d2 = facts.migration_from, facts.as_of
    sections = [
        f"<section id='key-figures'><h2>{t('report.key_figures')}</h2><p class='note'>{t('help.kpi')}</p>"
        f"{_key_figures(facts, t)}</section>",
        f"<section id='pyramid'>{_chart_html(figures['pyramid'], 'pyramid')}</section>",
        f"<section id='segments'><h2>{t('report.segments')}</h2><p class='note'>{t('tiers.eight_help')}</p>"
        f"{_chart_html(figures['segments'], 'segments')}</section>",
        f"<section id='migration'><h2>{t('report.migration')}</h2>"
        f"<p class='note'>{t('report.migration_help', d1=d1, d2=d2)}</p>"
        f"{_chart_html(figures['migration'], 'migration')}</section>",
        f"<section id='lifecycle'><h2>{t('report.lifecycle')}</h2>{_chart_html(figures['funnel'], 'funnel')}</section>",
    ]
    if backtest is not None:
        verdict, bt_figures = _backtest_charts(backtest, t)
        sentence = f"<p>{verdict}</p>" if verdict else ""
        sections.append(f"<section id='backtest' class='long'><h2>{t('value.backtest_title')}</h2>"
                        f"<p class='note'>{t('report.backtest_note')}</p>{sentence}"
                        f"{_chart_html(bt_figures['tracking'], 'tracking')}{_chart_html(bt_figures['by_x'], 'by_x')}"
                        f"</section>")
    sections.append(f"<section id='settings' class='long'><h2>{t('report.settings')}</h2>"
                    f"<p class='note'>{t('report.settings_help')}</p>"
                    f"{_settings_table(settings_rows(scenario, facts.as_of, t), t)}</section>")
    title = f"{t('report.title')} · {_e(dataset_name)} · {facts.as_of}"
    page = (f"<!DOCTYPE html>\n<html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{title}</title>"
            f"<style>{STYLE}</style><script type='text/javascript'>{get_plotlyjs()}</script></head>"
            f"<body><main><header><h1>{t('report.title')}</h1><table class='meta'>{meta_rows}</table></header>"
            f"{''.join(sections)}<footer>{t('report.footer')}</footer></main></body></html>\n")
    return page.encode("utf-8")


# ---------------------------------------------------------------- in the app

def remember_backtest(result: Backtest) -> None:
    """Keep the backtest just run (on the Value page) for this session's report."""
    import streamlit as st

    from . import data
    st.session_state[BACKTEST_KEY] = (data.dataset().fingerprint, result)


def saved_label(ref, scenario: Scenario, t) -> str | None:
    """The saved scenario the settings come from (ui.workspace.ref(): name, version, settings) in words, or None."""
    if ref is None:
        return None
    name, version, saved = ref
    key = "report.scenario_saved" if saved == scenario else "report.scenario_changed"
    return t(key, name=name, version=version)


def report_button(scenario_label: str | None = None, backtest: Backtest | None = None) -> None:
    """A download button for the report of this session's view, built when clicked.

    The click runs off the script thread, without st.session_state: the data set, its database, the language
    and the latest scenario are taken now; the figures are computed then, on a cursor of the session's
    database. scenario_label: else the saved scenario version the settings come from, if any (the workspace);
    backtest: else the one remember_backtest() kept for this data set, if any."""
    import streamlit as st

    from . import data, state, workspace

    ds = data.dataset()
    con = data.connection()
    last = data.date_range()[1]
    lang = state.lang()
    t = translator(lang)
    name = t("sidebar.sample") if ds.is_sample else ds.name
    if backtest is None:
        kept = st.session_state.get(BACKTEST_KEY)
        backtest = kept[1] if kept and kept[0] == ds.fingerprint else None
    box = state.latest_box()  # the scenario in force when clicked (widgets below may still change it in this run)
    as_of = state.scenario().as_of_date() or last
    ref = workspace.ref()

    def build() -> bytes:
        scenario = box["scenario"]
        cursor = con.cursor()  # a connection of its own to the session's database, for this thread
        try:
            facts = report_data(cursor, scenario, scenario.as_of_date() or last)
        finally:
            cursor.close()
        label = scenario_label or saved_label(ref, scenario, t)  # escaped in the report
        return build_report(scenario, lang, name, label, backtest, facts=facts)

    st.download_button(t("report.download"), data=build, file_name=f"tiering-report-{as_of}.html", mime="text/html",
                       on_click="ignore", icon=":material/description:", help=t("report.download_help"),
                       key="report_download")
