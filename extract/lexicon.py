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
    ("land", r"亩均[\u4e00-\u9fff]{0,4}|投资强度|产值强度|单位面积|地均|容积率|用地|供地|标准厂房|厂房|土地|面积"),
    ("environment", r"万元(?:工业)?(?:增加值|GDP|地区生产总值)能耗|单位[\u4e00-\u9fff]{0,6}能耗|能耗|污水|废水|废物|固体废物|固废|排放|处理|处置|达标|循环化|绿色园区|绿色|节能|低碳|碳排放"),
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
    ("other", r"经费投入|研发投入|经费|R&D|利润|工资|人均|就业|失业率|消费价格|物价|零售总额|成交额|产量|产能|比例|覆盖率|使用率|普及率|转化率"),
]

# Things counted: the noun right after the count (103家开发区) or the clause before it
# (国家级开发区19家).
_COUNT_METRICS: list[tuple[str, str]] = [
    ("environment", r"绿色(?:工业)?园区|生态工业(?:示范)?园区|循环化改造园区|低碳园区|绿色工厂"),
    ("cluster_count", r"特色产业园|主题产业园|专业园|园中园|区中园|产业链|产业集群|集群|产业带|产业基地|链条"),
    ("platform_count", r"平台|研发机构|研发中心|实验室|研究中心|研究院|技术中心|孵化器|众创空间|团队|人才团队|创新中心|工作站"),
    ("project_count", r"项目"),
    ("enterprise_count", r"企业|公司|龙头|小巨人|独角兽|瞪羚|市场主体|工厂|车间|户"),
    ("zone_count", r"开发区|园区|经开区|高新区|集聚区|工业园|产业园|保税区|新区|合作区|示范区|试验区|综试区|边合区|功能区|片区|区块|块"),
    # Head nouns that are none of the above: people, jobs, bodies, leading industries.
    ("other", r"主导产业|人员|人才|就业岗位|岗位|内设机构|机构|成果|专利"),
    # Container nouns (每个县市区不超过1家 counts zones, not 县): skipped in a clause.
    ("container", r"省辖市|城市|地市|市州|县市区|区县|乡镇"),
    # Last, so 产业园 (a zone) wins where both start: 20个新兴优势产业 are clusters.
    ("cluster_count", r"产业"),
]

AMOUNT_METRIC = re.compile("|".join(f"(?P<{name}{i}>{words})" for i, (name, words) in enumerate(_AMOUNT_METRICS)))
COUNT_METRIC = re.compile("|".join(f"(?P<{name}{i}>{words})" for i, (name, words) in enumerate(_COUNT_METRICS)))


def metric_of(match: re.Match[str]) -> str:
    """The metric a keyword match names (group names are ``metric`` + index)."""
    name = match.lastgroup.rstrip("0123456789")  # type: ignore[union-attr]
    return "other" if name == "container" else name


def is_container(match: re.Match[str]) -> bool:
    """A container noun (县市区, 省辖市): what a count is counted *in*, not what it counts."""
    return match.lastgroup.startswith("container")  # type: ignore[union-attr]


# --- measures ----------------------------------------------------------------------------
GROWTH = re.compile(r"(?<![新净])增长|增速|增幅|涨幅|下降|降低|减少|回落|提高|提升|上升|下滑|递增")
DECLINE = re.compile(r"(?<!不)(?:下降|降低|减少|回落|下滑|低于|缩减|减)")
SHARE = re.compile(r"占|比重|占比|份额|比例|全省的|全市的|全国的|总数的|总量的|(?:全省|全市|全国|全区)$")
DIFFERENCE = re.compile(r"高出|高于|低于|超出|快于|慢于|新增|净增|增加(?!值)|减少|新建|新设|新认定")

# --- qualifiers --------------------------------------------------------------------------
# A qualifier word may stand a verb away from its number (至少引进一个, 不低于…的30%).
_QUAL_VERB = (r"(?:达到|达|为|在|进|引进|新增|增加|提高|提升|实现|保持在|控制在"
              r"|建设|建成|培育|布局|打造|安排|新建|创建|设立|形成)?")
QUALIFIER_BEFORE = re.compile(
    rf"(?:(?P<approx>约|近|将近|接近|大约|约为)"
    rf"|(?P<at_least>超过|超出|超|突破|逾|不少于|不低于|多于|至少|最少|过)"
    rf"|(?P<at_most>不超过|不高于|不多于|少于|低于|不足|不到|最多|至多|控制在))(?:[^，,。；;]{{0,12}}的)?{_QUAL_VERB}$"
)
QUALIFIER_AFTER = re.compile(
    r"级?(?:(?P<approx>左右|上下)|(?P<at_least>以上|及以上|多|余)|(?P<at_most>以内|以下|及以下|之内))"
)
COORDINATED_BOUND = re.compile(
    r"(?:或|和|、|至)(?:\d+(?:\.\d+)?[万亿]*|[一二两三四五六七八九十百千万亿]+)(?:亿元|万元|亿|元|%)(?:(?P<at_least>以上|及以上)|(?P<at_most>以下|以内))?"
)
RATE_NOUN = re.compile(r"比重|占比|集聚度|率|比例|份额")
ANNUAL = re.compile(r"每年|逐年")
# --- kind ---------------------------------------------------------------------------------
STRONG_TARGET = re.compile(
    r"到20(?:\d\d|[xX]{2})年|十[三四五六]五”?(?:末|期间)|力争|目标|争取|确保|预期|规划"
    r"|计划(?!总?投资|项目)"  # 计划总投资, 研发计划项目 are nouns
    r"|(?:提出|要求|明确|部署)[，,：:]")  # 山西省提出，… introduces a plan
STRONG_ACTUAL = re.compile(
    r"截至|截止|目前|已经|已|现有|共有|据了解|据统计|迄今|同比|比上年|较上年|预计|20\d\d年度|"
    r"位居|居全国|列全国|(?:打造|建成|形成|实现|完成|推动|获批|认定|设立|引进|培育|建设|达到|创建|评定|梳理)了"
)
WEAK_TARGET = re.compile(r"着力|将|要|推动|支持|鼓励|打造|培育|建成|创建|新建|原则上|不超过|不低于|不少于|至少|每个")

