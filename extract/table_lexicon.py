"""Words of statistics tables: units, measure words, label kinds (see ``extract.tables``).

Like ``extract.lexicon`` for prose, these describe how Chinese statistical tables are
written (their headers, unit lines and captions), never a particular document: add a word
here when tables use it.
"""

from __future__ import annotations

import re
from decimal import Decimal

# --- units and cells ---------------------------------------------------------------------
# A unit word: an optional magnitude, then a base unit. (亿元, 万美元, %, 家, 万亩)
MAGNITUDE = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7,
              "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4, "千": Decimal(1000), "": Decimal(1)}
BASE_UNIT = {
    "美元": "USD", "元/亩": "CNY_per_mu", "元": "CNY", "个百分点": "percentage_point",
    "百分点": "percentage_point", "%": "percent", "平方公里": "km2", "平方千米": "km2",
    "平方米": "m2", "亩": "mu", "吨": "ton", "倍": "times", "位": "rank", "名": "rank",
    **dict.fromkeys("家个户项条人座所块处支只台套件席", "count"),
}
BASES = "|".join(sorted(map(re.escape, BASE_UNIT), key=len, reverse=True))
UNIT_WORD = re.compile(rf"(?P<mag>万亿|千万|百万|亿|万|千)?(?P<base>{BASES})")
UNIT_ANY = rf"(?:万亿|千万|百万|亿|万|千)?(?:{BASES})"  # the same, to embed
# A number in a cell, maybe with its own unit and bound word: 3862.5, -2.4, 12.5%, 3.12亿美元.
# A footnote mark or a bracketed note after the number (12.5①, 3862.5(预计)) is not its span;
# a bare magnitude (1.2万亿) scales the number in the unit its header names, else in yuan.
CELL_NUMBER = re.compile(
    r"(?P<pre>约|近|超过|超|逾)?(?P<num>[-+−–]?\d[\d,]*(?:\.\d+)?)\s*(?:(?P<unit>"
    + UNIT_ANY + r")|(?P<mag>万亿|亿|万))?\s*(?P<post>以上|左右|以下|余)?\s*(?:[*＊①-⑳]|[(（][^()（）]{1,10}[)）])?"
)
QUALIFIER = {"约": "approx", "近": "approx", "左右": "approx", "超过": "at_least", "超": "at_least",
              "逾": "at_least", "以上": "at_least", "余": "at_least", "以下": "at_most"}
# A unit named in a label: in brackets (营业收入(亿元), 增长（%）), after a comma, or closing it.
LABEL_UNIT = re.compile(rf"[(（]\s*(?:单位[:：])?\s*(?P<u>{UNIT_ANY})\s*[)）]"
                         rf"|[,，、/]\s*(?P<t>{UNIT_ANY})$|(?P<pct>%)$"
                         r"|(?<=[\u4e00-\u9fff])(?P<money>(?:万亿|亿|万)(?:美元|元))$")  # 营业收入亿元
UNIT_LINE = re.compile(rf"单位\s*[:：]\s*(?P<u>{UNIT_ANY})")
YEAR_LABEL = re.compile(r"(?P<y>(?:19|20)\d\d)(?:年(?:度|末|底|全年)?)?"
                         r"(?:\d{1,2}[-—~至]\d{1,2}月|\d{1,2}月|[上下]半年|前?[一二三四]季度)?")
# A year in force; not a comparison base (比2022年) or a starting point (2020年以来).
YEAR_IN_TEXT = re.compile(
    r"(?<![比较与同自从于])(?P<y>(?:19|20)\d\d)年(?!以来|起|前(?![一二三四五六七八九十两\d])|相比)")

# --- labels ----------------------------------------------------------------------------
# How an indicator is measured, named in its label.
MEASURE_WORDS = (
    ("growth", re.compile(r"增长|增速|增幅|同比|涨幅|比上年|较上年|±")),
    ("share", re.compile(r"占比|比重|占[\u4e00-\u9fff]{0,6}(?:比例|比重|%)|份额")),
    ("rank", re.compile(r"排名|位次|名次|排序|排位")),
    ("difference", re.compile(r"新增|净增|增加(?!值)|增减")),
)
# The measure phrase closing a label (营业收入增速, 比上年增长, 占全省比重): not the subject.
MEASURE_STRIP = re.compile(
    r"(?:占[\u4e00-\u9fff]{0,6}?的?(?:比重|比例|份额)|(?:在?(?:全国|全省|全市|全区))?(?:比上年|较上年|比去年|同比|年均)?"
    r"(?:增长率?|增速|增幅|涨幅|增减|占比|比重|排名|位次|名次))$")
# Words that name a column of values, not what is measured: 绝对值, 数值, 金额.
VALUE_WORDS = re.compile(r"(?:绝对值|数值|数额|金额|总量|完成值?|实绩|本[年期]|全年|累计|合计|数量|规模)")
# A row of a group of zones (国家级经开区, 省级开发区) is what is counted, not a place.
GROUP_LABEL = re.compile(r"(?:国家级|省级|市级|县级|省级以上|国家|省|其他|其它|各类)")
UNIT_HEADER = re.compile(r"(?:计量)?单位")
SCOPE_WORD = re.compile(r"^(?:全省|全市|全区|全国|我省|我市|本省|本市|部分|各|主要)+")
ZONE_NOUN_ONLY = re.compile(r"(?:经济技术|高新技术产业|经济|工业|产业)?(?:开发区|园区|经开区|高新区|新区)")
# Labels that name a whole (the region itself), not an area: 合计, 全省, 总计.
TOTAL_LABEL = re.compile(r"(?:合计|总计|总体|全部|全省|全市|全区|全国|总量|小计)(?:[(（].*)?")
ZONE_NAME = re.compile(
    r"[\u4e00-\u9fff]{2,12}?(?:经济技术开发区|高新技术产业开发区|经济开发区|经开区|高新区|"
    r"工业园区|综合保税区|保税区|产业园区|开发区|新区|园区|示范区|试验区|合作区)"
)
TARGET_WORDS = re.compile(r"目标|规划|预期|计划|力争")
ACTUAL_WORDS = re.compile(r"实际|完成|实绩|基数|基期|基准|现状")
INDEX_HEADER = re.compile(r"序号|编号|No\.?", re.IGNORECASE)
CAPTION = re.compile(r"^(?:续)?(?:附)?表\s*[\d一二三四五六七八九十]*")
CAPTION_MARK = re.compile(r"(?:续)?(?:附)?表\s*[\d一二三四五六七八九十]+[:：.]?")  # 表3 alone in a cell
PREFIX = re.compile(r"^(?:其中[:：]?|#|\*|[一二三四五六七八九十]+[、.]|\d+[、.．]|[(（]\d+[)）])+")
DATE_HEADER = re.compile(r"年份|时间|日期|批准年|设立年|成立年")  # a column of dates, not amounts
BREAKDOWN = re.compile(r"其中[:：]?")  # 其中：国家级 — a part of the column before
FOOTNOTE = re.compile(r"[*＊①-⑳]+$")  # 郑州经开区①: a note mark, not part of the name


# 国家级经开区数量, 新增市场主体: a count word closing a subject, a change word opening it.
COUNT_WORD_TAIL = re.compile(r"(?<=.)(?:数量|个数|家数|总数)$")
CHANGE_WORD_HEAD = re.compile(r"^(?:新增|净增)(?=.)")
COUNT_HEADER = re.compile(r"(?:家|个|户|项)数$")  # 企业家数, 项目个数: a count without a unit word


def parse_unit(word: str) -> tuple[str, Decimal] | None:
    """(canonical unit, scale) of a unit word: 亿元 → ('CNY', 1e8), % → ('percent', 1)."""
    match = UNIT_WORD.fullmatch(word.strip())
    if not match:
        return None
    base = BASE_UNIT[match.group("base")]
    scale = MAGNITUDE[match.group("mag") or ""]
    if base in ("percent", "percentage_point", "rank", "times") and scale != 1:
        return None
    return base, scale
