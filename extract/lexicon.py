"""Word lists that carry the meaning of a figure: metrics, measures, qualifiers, kinds.

These are the spec's tables (docs/figures-spec.md) written as regular expressions over
simplified text. They describe the language of Chinese economic reporting, not any
particular document: add a word here when the language uses it, never to fit one sentence.
"""

from __future__ import annotations

import re

# --- metrics -----------------------------------------------------------------------------
# Money, rate and intensity metrics are named by a noun *before* the figure
# (实现税收总额1967.9亿元). Order matters only for equal-position matches; the nearest
# keyword to the figure wins.
_AMOUNT_METRICS: list[tuple[str, str]] = [
    ("land", r"亩均[\u4e00-\u9fff]{0,4}|投资强度|产值强度|容积率|用地|供地|标准厂房|厂房|土地"),
    ("environment", r"能耗|污水|废水|废物|固体废物|固废|排放|处理率|处置|循环化|绿色园区|绿色|节能|碳"),
    ("fiscal_revenue", r"一般公共预算收入|公共预算收入|财政收入|地方财政"),
    ("tax_revenue", r"税收|税金|纳税|缴税"),
    ("gdp", r"地区生产总值|生产总值|GDP|经济总量"),
    ("industrial_output", r"工业总产值|工业产值|总产值|产值"),
    ("industrial_value_added", r"工业增加值|制造业增加值|增加值"),
    ("fdi", r"外商直接投资|实际使用外资|实际利用外资|利用外资|使用外资|外资"),
    ("domestic_investment", r"到位内资|实际到位|省外境内资金|境内资金|内资"),
    ("trade", r"进出口|外贸|出口|进口"),
    ("revenue", r"营业收入|营收|主营业务收入|销售收入|经营收入|技工贸总收入|收入|营业额|销售额|产出"),
    ("investment", r"固定资产投资|工业投资|投资总额|总投资|投资|投入|融资"),
    ("other", r"经费|R&D|研发投入|利润|工资|人均|就业|比例|覆盖率|使用率|普及率|转化率|达标率"),
]

# Things counted: the noun right after the count (103家开发区) or the clause before it
# (国家级开发区19家).
_COUNT_METRICS: list[tuple[str, str]] = [
    ("environment", r"绿色园区|生态工业园区|循环化改造园区|低碳园区"),
    ("cluster_count", r"特色产业园|主题产业园|专业园|园中园|区中园|产业链|产业集群|集群|产业带|产业基地|链条|主导产业|新兴产业"),
    ("platform_count", r"平台|研发机构|实验室|研究中心|研究院|技术中心|孵化器|众创空间|团队|人才|创新中心|工作站"),
    ("project_count", r"项目"),
    ("enterprise_count", r"企业|公司|龙头|小巨人|独角兽|瞪羚|工厂|车间|户"),
    ("zone_count", r"开发区|园区|经开区|高新区|集聚区|工业园|产业园|保税区|新区|合作区|示范区|试验区|综试区|边合区|功能区|片区|区块|块"),
]

AMOUNT_METRIC = re.compile("|".join(f"(?P<{name}{i}>{words})" for i, (name, words) in enumerate(_AMOUNT_METRICS)))
COUNT_METRIC = re.compile("|".join(f"(?P<{name}{i}>{words})" for i, (name, words) in enumerate(_COUNT_METRICS)))


def metric_of(match: re.Match[str]) -> str:
    """The metric a keyword match names (group names are ``metric`` + index)."""
    return match.lastgroup.rstrip("0123456789")  # type: ignore[union-attr]


# --- measures ----------------------------------------------------------------------------
GROWTH = re.compile(r"增长|增速|增幅|下降|降低|减少|回落|提高|提升|翻番|翻一番|增加|上升|下滑|递增|增|降")
DECLINE = re.compile(r"(?<!不)(?:下降|降低|减少|回落|下滑|低于|缩减|减)")
SHARE = re.compile(r"占|比重|占比|份额|全省的|全市的|全国的|总数的|总量的|(?:全省|全市|全国|全区)$")
DIFFERENCE = re.compile(r"高出|高于|低于|超出|快于|慢于|比[^，,。；;]{0,12}(?:增加|减少|提高|下降|新增|多|少)|新增|净增|增加|减少|新建|新设|新认定|新引进")

# --- qualifiers --------------------------------------------------------------------------
QUALIFIER_BEFORE = re.compile(
    r"(?P<approx>约|近|将近|接近|大约|大概|约为)$"
    r"|(?P<at_least>超过|超出|超|突破|逾|不少于|不低于|多于|至少|最少|过)$"
    r"|(?P<at_most>不超过|不高于|不多于|少于|最多|至多|控制在)$"
)
QUALIFIER_AFTER = re.compile(
    r"(?P<approx>左右|上下|许)"
    r"|(?P<at_least>以上|及以上|多|余)"
    r"|(?P<at_most>以内|以下|及以下|之内)"
)

# --- kind --------------------------------------------------------------------------------
# A plan speaks of the future; a report of the past. Cues are read in the sentence before
# the figure; the document's genre decides when the sentence says nothing.
TARGET_CUE = re.compile(
    r"到20\d\d年|到“?十[三四五六]五”?末|力争|目标|争取|确保|计划|预期|将|要|努力|推动|推进|支持|鼓励|"
    r"打造|培育|建设|建成|创建|引进|新建|形成|实施|每年|年均|原则上|不超过|不低于|不少于|一般|至少|每个"
)
ACTUAL_CUE = re.compile(
    r"截至|截止|目前|已|现有|共有|实现了|完成了|获批|同比|比上年|较上年|上年|去年|"
    r"预计20\d\d年|20\d\d年度|20\d\d年(?:底|末|全年|上半年|前三季度|1-\d+月)|"
    r"据了解|据统计|统计显示|数据显示|迄今|累计完成|位居|列全国|居全国|排名|评价结果|考核中"
)
