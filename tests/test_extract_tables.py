"""Statistics tables: finding them in decoded text, reading each cell from its headers,
unit line and caption, and the decoders' rendering of HTML, DOCX and PDF tables.

``tests/tables`` holds table documents written for this work, annotated by hand in
``tests/tables/ann``: a pipe table with years as columns and units in row labels, an
aligned-column table with zones as rows and `单位：万美元`, an HTML table with a caption
(t01–t03), then a single-space table with a unit column, a DOCX table of provinces under
a two-level header, and a table with zones as columns (t04–t06), then zones by years with
the metric only in the caption, a PDF of one zone's indicators, and a plan's table of base
and target years (t07–t09), then an HTML table of cities on a short page, a traditional
table with full-width digits and pipes, and an aligned target/actual table (t10–t12), then
a tab table with its caption as a row, indicators by years with a target year in aligned
columns, and a DOCX table of value/growth pairs (t13–t15);
``python tests/heldout/build_gold.py tests/tables`` rebuilds their gold.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.decode import decode_document
from extract.evaluate import evaluate_folder
from extract.figures import extract_figures
from extract.tables import Cell, TableContext, find_tables, read_table
from tests.fixtures.make_inputs import build_inputs
from tests.heldout.build_gold import build

TABLES = Path(__file__).parent / "tables"


def _figures(text: str) -> list:
    return extract_figures(text, "doc")


def _by_text(text: str) -> dict:
    return {f.text: f for f in _figures(text)}


def test_new_table_documents_reach_their_scores() -> None:
    # First sight, span / record F1: t01–t03 0.043 / 0.000 before tables.py (1 of 43
    # figures found), 0.989 / 0.966 with its first draft; t04–t06, written after that,
    # 0.821 / 0.679 (single-space rows, a unit column, a rank header over counts); t07–t09,
    # written after those were fixed, 1.000 / 0.467 (a caption naming the metric, a base
    # year beside a target year); t10–t12, 0.772 / 0.772 (trafilatura flattened a short
    # page's table); t13–t15, 0.986 / 0.563 (2024年前三季度, a value of 2010, a caption row).
    # 签约总额 is investment since issue 14's batch 5 (签约金额); t07's prose 超过九成 is a share
    # since round 3 read 成 (annotated since).
    report = evaluate_folder(TABLES / "docs", TABLES / "gold")
    assert report.span.f1 >= 0.99
    assert report.record.f1 >= 0.99
    assert report.field_accuracy("area") >= 0.99 and report.field_accuracy("subject") >= 0.98


def test_gold_files_match_their_annotations() -> None:
    for ann in sorted((TABLES / "ann").glob("*.txt")):
        built = json.loads(json.dumps(build(ann.stem, TABLES)))
        lines = (TABLES / "gold" / f"{ann.stem}.jsonl").read_text(encoding="utf-8").splitlines()
        assert built == [json.loads(line) for line in lines], ann.stem


def test_years_as_columns_and_units_in_row_labels() -> None:
    text = ("江苏省开发区主要指标\n"
            "| 指标 | 2022年 | 2023年 |\n|---|---|---|\n"
            "| 工业总产值（亿元） | 4100.5 | 4420.8 |\n"
            "| 规上工业增加值增速（%） | 6.1 | 7.3 |\n"
            "| 新增高新技术企业（家） | 120 | 135 |\n")
    got = _by_text(text)
    assert (got["4100.5"].period, got["4420.8"].period) == ("2022", "2023")
    assert got["4420.8"].value == 442080000000 and got["4420.8"].unit == "CNY"
    assert got["4420.8"].metric == "industrial_output" and got["4420.8"].measure == "level"
    assert (got["7.3"].unit, got["7.3"].measure, got["7.3"].metric) == (
        "percent", "growth", "industrial_value_added")
    assert (got["135"].unit, got["135"].metric, got["135"].measure) == (
        "count", "enterprise_count", "difference")
    assert {f.region for f in got.values()} == {"江苏省"}
    assert {f.area for f in got.values()} == {None}


@pytest.mark.parametrize("gap", ["\t", "    "])
def test_zones_as_rows_with_a_unit_line_and_a_growth_column(gap: str) -> None:
    text = ("2024年，部分开发区情况如下。\n\n单位：万元\n"
            "园区\t税收收入\t增长(%)\t入驻企业(家)\n"
            "芜湖经开区\t1,250,300\t-4.2\t812\n"
            "合计\t3,001,000\t2.5\t2004\n").replace("\t", gap)
    got = _by_text(text)
    zone = got["1,250,300"]
    assert (zone.value, zone.unit, zone.metric, zone.area, zone.region, zone.period) == (
        12503000000, "CNY", "tax_revenue", "芜湖经开区", "安徽省", "2024")
    growth = got["-4.2"]
    assert (growth.value, growth.unit, growth.metric, growth.measure, growth.subject) == (
        -4.2, "percent", "tax_revenue", "growth", "税收收入")
    assert (got["812"].unit, got["812"].metric, got["812"].value) == ("count", "enterprise_count", 812)
    assert got["3,001,000"].area is None  # 合计 is the whole, not a place
    assert "1亿" not in [f.text for f in got.values()] and "万元" not in got  # the unit line is no figure


def test_cell_unit_outranks_header_which_outranks_the_unit_line() -> None:
    text = ("单位：亿元\n"
            "| 地区 | 进出口 | 实际使用外资 |\n"
            "| 福州市 | 2100.7 | 3.2亿美元 |\n"
            "| 厦门市 | 3300.1 | 45% |\n")
    got = _by_text(text)
    assert (got["2100.7"].unit, got["2100.7"].value) == ("CNY", 210070000000)
    assert (got["3.2亿美元"].unit, got["3.2亿美元"].value) == ("USD", 320000000)
    assert (got["45%"].unit, got["45%"].value) == ("percent", 45)
    assert (got["2100.7"].area, got["2100.7"].region) == ("福州市", "福建省")


def test_a_table_without_any_unit_keeps_the_number_as_written() -> None:
    text = "| 园区 | 综合评价得分 |\n| 长沙经开区 | 91.5 |\n| 株洲高新区 | 88.0 |\n"
    got = _by_text(text)
    assert (got["91.5"].unit, got["91.5"].value, got["91.5"].subject) == ("other", 91.5, "综合评价得分")


def test_two_header_rows_with_a_merged_cell_and_an_index_column() -> None:
    text = ("单位：亿元\n"
            "| 序号 | 开发区 | 营业收入 |  | 税收 |\n"
            "|  |  | 绝对值 | 增长(%) | 绝对值 |\n"
            "| 1 | 柳州高新区 | 1500.2 | 3.3 | 60.4 |\n"
            "| 2 | 南宁经开区 | 900.8 | 5.1 | 30.2 |\n")
    got = _by_text(text)
    assert "1" not in got and "2" not in got  # the index column holds no figures
    assert (got["1500.2"].metric, got["1500.2"].measure, got["1500.2"].unit) == ("revenue", "level", "CNY")
    assert (got["3.3"].metric, got["3.3"].measure, got["3.3"].unit) == ("revenue", "growth", "percent")
    assert (got["60.4"].metric, got["60.4"].value) == ("tax_revenue", 6040000000)
    assert (got["900.8"].area, got["900.8"].region) == ("南宁经开区", "广西壮族自治区")


def test_a_caption_naming_targets_makes_targets_and_gives_the_year() -> None:
    text = ("表2 2027年主要发展目标（单位：亿元）\n"
            "| 园区 | 营业收入 | 工业投资 |\n| 合肥高新区 | 3000 | 400 |\n| 蚌埠高新区 | 800 | 120 |\n")
    got = _by_text(text)
    assert {(f.kind, f.period) for f in got.values()} == {("target", "2027")}
    assert got["400"].metric == "investment" and got["400"].value == 40000000000


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["万元", "亿元", "万亿元", "万美元"]))
def test_scaled_cell_values_are_exact(hundredths: int, unit: str) -> None:
    number = f"{hundredths // 100}.{hundredths % 100:02d}"
    text = f"| 园区 | 收入({unit}) |\n| 某园区 | {number} |\n| 另一园区 | 1 |\n"
    (figure, _) = read_table(find_tables(text)[0].rows, TableContext(), "doc", text)
    scale = {"万元": 10**4, "亿元": 10**8, "万亿元": 10**12, "万美元": 10**4}[unit]
    assert figure.value == float(Decimal(number) * scale)
    assert figure.text == number


def test_read_table_takes_rows_of_cells_with_offsets() -> None:
    # The entry point for sources that have cells already (a spreadsheet decoder).
    document = "营业收入 2023年 2024年\n全省 10.5 11.2"
    rows = [[Cell("营业收入", 0), Cell("2023年", 5), Cell("2024年", 11)],
            [Cell("全省", 17), Cell("10.5", 20), Cell("11.2", 25)]]
    context = TableContext(caption="湖南省开发区", unit_line="单位:亿元", region=None, period=None)
    figures = read_table(rows, context, "x", document)
    assert [(f.text, f.period, f.value, f.region) for f in figures] == [
        ("10.5", "2023", 1050000000, "湖南省"), ("11.2", "2024", 1120000000, "湖南省")]


def test_every_table_figure_points_at_its_text() -> None:
    for path in sorted((TABLES / "docs").iterdir()):
        text = decode_document(path.read_bytes(), path.name).text
        figures = _figures(text)
        assert figures and all(text[f.start:f.end] == f.text for f in figures)


def test_prose_and_menus_are_not_tables() -> None:
    assert find_tables("首页 | 政务公开 | 统计数据\n联系我们 | 网站地图\n") == []
    assert find_tables("全省开发区  实现营业收入1.2万亿元。\n同比增长  6.8%。\n") == []
    assert find_tables("江苏省共有开发区158家，其中国家级47家。") == []


def test_html_table_with_caption_is_read_through_the_decoder() -> None:
    html = ("<html><body><article><p>2023年，浙江省开发区运行平稳，各园区情况见下表。</p><table>"
            "<caption>表1 主要指标（单位：万元）</caption>"
            "<thead><tr><th>园区</th><th>税收</th></tr></thead>"
            "<tbody><tr><th>杭州高新区</th><td>1,234</td></tr><tr><td>宁波经开区</td><td>5,678</td></tr>"
            "</tbody></table></article></body></html>")
    text = decode_document(html.encode(), "page.html").text
    assert "杭州高新区\t1,234\n宁波经开区\t5,678" in text
    got = _by_text(text)
    assert (got["1,234"].value, got["1,234"].metric, got["1,234"].area, got["1,234"].region,
            got["1,234"].period) == (12340000, "tax_revenue", "杭州高新区", "浙江省", "2023")


def test_base_year_and_target_year_columns_of_a_plan_table() -> None:
    text = ("附表 主要目标\n| 指标 | 单位 | 2023年基数 | 2027年目标 |\n|---|---|---|---|\n"
            "| 实际使用外资 | 亿美元 | 24.6 | 30 |\n| 省级以上开发区 | 个 | 120 | 130 |\n")
    got = _by_text(text)
    assert [(got[t].kind, got[t].period) for t in ("24.6", "30", "120", "130")] == [
        ("actual", "2023"), ("target", "2027"), ("actual", "2023"), ("target", "2027")]
    assert (got["30"].metric, got["30"].value) == ("fdi", 3000000000)
    assert (got["130"].metric, got["130"].unit, got["130"].subject) == ("zone_count", "count", "省级以上开发区")


def test_a_caption_names_the_metric_of_a_zones_by_years_table() -> None:
    text = ("表 部分开发区营业收入\n单位：亿元\n开发区      2022年      2023年\n"
            "合肥高新区   1800.5     1950.2\n芜湖经开区   900.1      980.7\n")
    got = _by_text(text)
    assert (got["1950.2"].metric, got["1950.2"].subject, got["1950.2"].period, got["1950.2"].area) == (
        "revenue", "营业收入", "2023", "合肥高新区")
    assert (got["900.1"].period, got["900.1"].region) == ("2022", "安徽省")


def test_html_table_with_colspan_header_keeps_its_columns() -> None:
    html = ("<html><body><article><p>2023年，浙江省开发区运行平稳，各园区情况见下表，请参阅。</p><table>"
            "<tr><th rowspan=2>园区</th><th colspan=2>营业收入</th><th>税收</th></tr>"
            "<tr><th>亿元</th><th>增长%</th><th>亿元</th></tr>"
            "<tr><td>杭州高新区</td><td>1,234</td><td>5.5</td><td>88</td></tr></table></article></body></html>")
    got = _by_text(decode_document(html.encode(), "page.html").text)
    assert (got["1,234"].value, got["1,234"].metric) == (123400000000, "revenue")
    assert (got["5.5"].metric, got["5.5"].measure) == ("revenue", "growth")
    assert (got["88"].value, got["88"].metric) == (8800000000, "tax_revenue")


def test_short_page_keeps_its_table_rows() -> None:
    # Under 250 characters of main text, trafilatura's default falls back to a baseline
    # that puts every cell on a line of its own (and keeps the menu); the decoder keeps rows.
    path = TABLES / "docs" / "t10_html_cities.html"
    text = decode_document(path.read_bytes(), path.name).text
    assert "济南市\t12\t4\t9860.2\t14.6\n青岛市\t16\t7" in text
    assert "首页" not in text
    got = _by_text(text)
    assert (got["7"].area, got["7"].region, got["7"].subject, got["7"].metric) == (
        "青岛市", "山东省", "国家级开发区", "zone_count")


def test_docx_table_keeps_columns_under_a_merged_header() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("2023年山东省部分开发区主要指标（单位：亿元）")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "开发区"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "营业收入"
    for col, text in enumerate(["", "绝对值", "增长(%)"]):
        table.cell(1, col).text = text
    for col, text in enumerate(["青岛经开区", "5120.6", "7.9"]):
        table.cell(2, col).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    text = decode_document(buffer.getvalue(), "report.docx").text
    assert "开发区\t营业收入\n\t绝对值\t增长(%)\n青岛经开区\t5120.6\t7.9" in text
    got = _by_text(text)
    assert (got["5120.6"].metric, got["5120.6"].value, got["5120.6"].region) == (
        "revenue", 512060000000, "山东省")
    assert (got["7.9"].measure, got["7.9"].unit) == ("growth", "percent")


def test_pdf_ruled_table_is_rendered_row_by_row_between_its_text() -> None:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11)
    table = Table([["开发区", "营业收入", "增长(%)"], ["南昌经开区", "1520.4", "8.1"],
                   ["赣州经开区", "860.2", "-1.5"]])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, invariant=1).build([
        Paragraph("2023年江西省部分开发区营业收入", style), Paragraph("单位：亿元", style), table,
        Paragraph("数据来源：省商务厅。", style)])
    text = decode_document(buffer.getvalue(), "report.pdf").text
    assert text == ("2023年江西省部分开发区营业收入\n单位：亿元\n开发区\t营业收入\t增长(%)\n"
                    "南昌经开区\t1520.4\t8.1\n赣州经开区\t860.2\t-1.5\n数据来源：省商务厅。")
    got = _by_text(text)
    assert (got["860.2"].value, got["860.2"].area, got["860.2"].region) == (86020000000, "赣州经开区", "江西省")
    assert (got["-1.5"].value, got["-1.5"].measure) == (-1.5, "growth")


def test_spaced_prose_from_a_pdf_is_not_a_table() -> None:
    # Text layers put spaces around numbers; a number followed by its unit is prose.
    text = "全省开发区实现营业收入 1.2 万亿元 同比增长 6.8 %\n其中国家级开发区 5600 亿元 增长 7.1 %\n"
    assert find_tables(text) == []
    # …and the prose reader keeps its figures there.
    assert [(f.text, f.unit) for f in _figures(text)] == [
        ("1.2 万亿元", "CNY"), ("6.8 %", "percent"), ("5600 亿元", "CNY"), ("7.1 %", "percent")]


@given(st.text(alphabet="|\t 　0123456789.%-年亿元万家开发区营业收入增长单位:：\n合计郑州经开区", max_size=300))
def test_any_text_gives_figures_that_point_at_their_text(text: str) -> None:
    figures = _figures(text)
    assert all(text[f.start:f.end] == f.text and f.start < f.end for f in figures)
    assert [(f.start, f.end) for f in figures] == sorted((f.start, f.end) for f in figures)


def test_cells_that_contradict_their_header_stay_valid_records() -> None:
    # What the warehouse's validation holds for every figure: a level is never negative,
    # a count is whole.
    text = "| 园区 | 利润（亿元） | 企业（家） |\n| 甲园区 | -3.2 | 12.5 |\n| 乙园区 | 4.1 | 30 |\n"
    got = _by_text(text)
    assert (got["-3.2"].value, got["-3.2"].measure) == (-320000000, "difference")
    assert (got["12.5"].unit, got["12.5"].value) == ("other", 12.5)
    assert (got["30"].unit, got["4.1"].measure) == ("count", "level")


def test_footnote_marks_and_notes_in_cells_are_not_part_of_the_figure() -> None:
    text = ("单位：亿元\n| 开发区 | 营业收入 | 税收 |\n"
            "| 郑州经开区① | 3862.5(预计) | 142.3* |\n| 洛阳高新区 | 1268.4 | 38.9 |\n")
    got = _by_text(text)
    assert (got["3862.5"].area, got["3862.5"].region, got["3862.5"].value) == ("郑州经开区", "河南省", 386250000000)
    assert got["142.3"].metric == "tax_revenue"


def test_region_and_year_in_force_above_a_table() -> None:
    # The title names the province; the paragraph above only compares with 全国 and 2022.
    text = ("2023年山西省开发区运行情况\n\n" + "开发区建设稳步推进。" * 60 + "\n"
            "2023年，全省开发区营业收入比2022年增长6.1%，高于全国平均水平。\n"
            "| 开发区 | 营业收入（亿元） |\n| 甲开发区 | 120.5 |\n| 乙开发区 | 98.2 |\n")
    got = _by_text(text)
    assert (got["120.5"].region, got["120.5"].period) == ("山西省", "2023")


def test_contents_page_numbers_are_not_figures() -> None:
    text = "目  录\n第一章  总体要求    1\n第二章  重点任务    5\n第三章  保障措施    12\n"
    assert _figures(text) == []
    # Without a header, a row label's unit still gives the cells their meaning.
    text = "营业收入（亿元）  120.5  130.2\n税收收入（亿元）  10.1  11.3\n"
    assert [(f.text, f.metric, f.unit) for f in _figures(text)][:2] == [
        ("120.5", "revenue", "CNY"), ("130.2", "revenue", "CNY")]


def test_a_year_column_that_names_a_measure() -> None:
    text = ("表 部分开发区营业收入（单位：亿元）\n| 开发区 | 2022年 | 2023年 | 2023年增速(%) |\n"
            "| 赣州经开区 | 700.2 | 760.9 | 8.7 |\n| 九江经开区 | 650.0 | 690.1 | 6.2 |\n")
    got = _by_text(text)
    assert (got["8.7"].unit, got["8.7"].measure, got["8.7"].period, got["8.7"].metric) == (
        "percent", "growth", "2023", "revenue")
    assert (got["760.9"].measure, got["760.9"].period, got["760.9"].value) == ("level", "2023", 76090000000)


def test_rank_columns_and_a_ranking_caption() -> None:
    text = ("表1 全省开发区综合实力前30名主要指标\n"
            "| 开发区 | 营业收入(亿元) | 全国排名 | 进出口总额全省排名 |\n"
            "| 南京经开区 | 3100.2 | 12 | 3 |\n| 苏州工业园区 | 5200.7 | 2 | 1 |\n")
    got = _by_text(text)
    assert "前30名" not in got  # part of the caption's name, not a cut-off
    assert (got["12"].unit, got["12"].measure, got["12"].metric, got["12"].subject) == (
        "rank", "rank", "revenue", "营业收入")
    assert (got["3"].metric, got["3"].subject, got["3"].area) == ("trade", "进出口总额", "南京经开区")


def test_caption_row_dates_and_year_like_values() -> None:
    text = ("2024年前三季度浙江省开发区主要指标\n\n表3\t部分开发区主要指标\n"
            "开发区\t设立年份\t营业收入(亿元)\n宁波经开区\t1984\t2010\n杭州经开区\t1993\t1850.5\n")
    got = _by_text(text)
    assert "1984" not in got and "1993" not in got  # a column of dates
    assert (got["2010"].value, got["2010"].metric, got["2010"].period) == (201000000000, "revenue", "2024")
    assert got["2010"].subject == "营业收入"  # the caption row is no header


def test_bare_years_under_a_merged_header_are_headers() -> None:
    text = ("单位：亿元\n| 开发区 | 营业收入 |  | 税收 |  |\n|  | 2022 | 2023 | 2022 | 2023 |\n"
            "| 长春经开区 | 800.5 | 860.1 | 30.2 | 33.9 |\n")
    got = _by_text(text)
    assert [(got[t].metric, got[t].period) for t in ("800.5", "860.1", "30.2", "33.9")] == [
        ("revenue", "2022"), ("revenue", "2023"), ("tax_revenue", "2022"), ("tax_revenue", "2023")]


def test_a_plan_table_of_years_starts_from_its_base_year() -> None:
    text = ("表2 全省开发区主要发展目标\n| 指标 | 2023年 | 2025年 | 2027年 |\n|---|---|---|---|\n"
            "| 营业收入（万亿元） | 7.9 | 8.8 | 9.8 |\n| 高新技术企业（家） | 5200 | 6000 | 7000 |\n")
    got = _by_text(text)
    assert [(got[t].kind, got[t].period) for t in ("7.9", "8.8", "9.8", "5200", "7000")] == [
        ("actual", "2023"), ("target", "2025"), ("target", "2027"), ("actual", "2023"), ("target", "2027")]
    assert got["9.8"].value == 9.8e12


def test_a_bare_magnitude_in_a_cell_scales_its_number() -> None:
    text = "| 园区 | 营业收入 | 进出口(亿美元) |\n| 苏州工业园区 | 1.2万亿 | 0.1万亿 |\n| 昆山开发区 | 9800亿 | 12.5 |\n"
    got = _by_text(text)
    assert (got["1.2万亿"].value, got["1.2万亿"].unit) == (1.2e12, "CNY")
    assert (got["0.1万亿"].value, got["0.1万亿"].unit) == (1e11, "USD")
    assert (got["9800亿"].value, got["12.5"].value) == (9.8e11, 1.25e9)


def test_every_cell_of_an_xlsx_statistics_table_is_a_figure() -> None:
    """An XLSX sheet, rendered by the decoder as caption + '|' rows, is read by the table
    reader: every number cell becomes a figure with its header's unit and metric, its
    row's zone and the caption's year, and its span points at the cell in the text."""
    data, _ = build_inputs()["statistics.xlsx"]
    text = decode_document(data, "statistics.xlsx").text
    figures = extract_figures(text, "xlsx")
    cells = [row.split(" | ")[1:] for row in text.splitlines()[2:]]
    assert [f.text for f in figures] == [cell for row in cells for cell in row]
    assert all(text[f.start:f.end] == f.text for f in figures)
    revenue = [f for f in figures if f.unit == "CNY"]
    assert [f.value for f in revenue] == [386_250_000_000, 214_000_000_000]
    assert {f.metric for f in revenue} == {"revenue"} and {f.period for f in figures} == {"2023"}
    assert {f.area for f in figures} == {"某市经济技术开发区", "某市高新技术产业开发区"}
