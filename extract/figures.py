"""Text → figure records: find every quantity in a document and describe it per the spec.

Pipeline for one document:

1. ``make_view`` — one normalised copy (simplified, half-width, noise cut out) whose
   offsets map back to the original;
2. ``_NUMBER`` — one precompiled scan for numbers (Arabic, Chinese, mixed, ranges,
   rank and percent prefixes) followed by ``_UNIT`` at the match end;
3. out-of-scope filters (names in quotes, book titles, codes like G60 or 7×24, counts of
   policy parts);
4. classification from the surrounding words (``lexicon``) and the document layout
   (``structure``): metric, measure, qualifier, kind, period, region, area, subject.

Everything is wrapped so that no input string can make ``extract_figures`` raise.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from extract import lexicon as lx
from extract.confidence import confidence
from extract.gazetteer import NATIONAL, Place, gazetteer
from extract.normalize import View, make_view
from extract.numerals import parse_decimal, parse_number, to_number
from extract.records import Figure
from extract.scan import anchored_finditer
from extract.structure import HIDDEN_YEAR, PLAN_END, Layout, Section, build_layout
from extract.subject import subject_for
from extract.tables import merge_table_figures

_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_MAG = r"(?:[千百十]万|万亿|亿|万|千)"
# A Chinese numeral may not *start* with a bare 百/千/万 unless a magnitude follows:
# 百家, 千家万户 are idioms, 千亿, 百亿 are amounts.
_CN = r"(?:[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*|[百千万]?[万亿]|[百千]亿|亿|[百千](?=强))(?:点[零〇一二三四五六七八九]+)?"
_NUM = rf"(?:{_AR}{_MAG}?|{_CN})"
# Chinese numerals are everywhere in prose (一是, 统一, 进一步); only those followed by
# something a figure can continue with are worth a closer look (a speed filter only).
_CN_NEXT = r"(?:(?<=亿)|(?=[家个户项条人座所块处支只位名强倍番元美平亩吨台套辆件棒分星公株艘架%级园产企集以及的中成\-~—–至到，,。；;、)）\n]))"
# Fractions first: at "1/3" or "三分之一" the plain-number branch would also match.
_NUMBER = re.compile(
    rf"(?P<den>{_CN})分之(?P<numer>{_CN})"
    rf"|(?<![\d/.])(?P<fa>\d{{1,3}})/(?P<fb>\d{{1,3}})(?![\d/.年月日])"
    rf"|(?P<half>一半)"
    rf"|(?P<pre>百分之|最后|倒数第|第|前|后|末|翻)?(?P<a>{_AR}{_MAG}?|{_CN}{_CN_NEXT})"
    rf"(?:(?P<u1>%|个百分点)?(?P<dash>[-~—–至到])(?P<b>{_NUM}))?"
)
# Every character a _NUMBER match can start with (see extract.scan).
_NUMBER_ANCHOR = re.compile(r"[\d第前后末翻最倒百零〇一二两三四五六七八九十千万亿]")
_UNIT = re.compile(
    r"(?P<percentage_point>个百分点|百分点)|(?P<percent>%)|(?P<times>倍|番)"
    r"|(?P<USD>美元)|(?P<CNY_per_mu>元/亩|元每亩)|(?P<CNY>元)"
    r"|(?P<km2>平方公里|平方千米|km2|km²)|(?P<m2>平方米|㎡|m2|m²)|(?P<mu>亩)|(?P<ton>吨)"
    r"|(?P<rank>位|名|强)"
    r"|(?P<count>家|个|户|项|条|人|座|所|块|处|支|只|席|台|套|辆|件|株|艘|架)"
    r"|(?P<other>棒|分(?![之钟别类期批散配析工布享担解包管区局])|星级|人次|千瓦|公顷|公里)"
)
# After a count: a span of time, or a part of a text or a policy — never a figure.
_NOT_COUNTED = re.compile(r"月|季度|工作日|小时|年|阶段|步|批次|轮|次|字|句|章|节|款|环")
_POLICY_PART = re.compile(
    r"方面|举措|措施|条款|意见|政策|任务|原则|要求|环节|坚持|必须|统筹|一级|指标|问题|层次|"
    r"机制|体系|维度|事项|审批|改革|制度|工作|权限|职能|汉字|前置|单项"
)
_PUNCT = "，,。；;、：:！？!?)）\n"
# A move in a ranking (较上年提升3位, 前移2位): a difference of ranks, not a rank.
_RANK_MOVE = re.compile(r"(?:进|升|提升|前进|上升|下降|后退|提高|前移|后移|上移|下移|下滑)$")
_TENTHS = frozenset("一二两三四五六七八九")
_TENTHS_NEXT = re.compile(r"[，,。；;、：:！？!?)）\n]|以上|以下|左右|多|的|$")
_HALF_OF = re.compile(r"(?:占[^，,。；;]{0,20}的|超过|超|逾|近|接近|将近|约)$")
_BROKEN_THROUGH = re.compile(r"(?:破|超|逾|过)$")
_MILESTONE = ("大关", "关口", "台阶")  # 突破千亿元大关: a level passed, not a class
_ONE_CUE = re.compile(r"(?:至少|最少|不少于|不超过|新增|增加|只|仅|引进|设立|建设|培育|创建)$")
_QUOTES = re.compile(r"“[^“”\n]{1,14}”|\"[^\"\n]{1,14}\"|《[^《》\n]{0,80}》")
_ZONE = re.compile(
    r"[\u4e00-\u9fff]{2,6}?(?:经济技术开发区|高新技术产业开发区|经济开发区|经开区|高新区|工业园区|综合保税区|保税区"
    r"|产业园区|开发区|新区|工业园|科技园|科技城)"
)
_GROUP_NOUN = re.compile(
    r"(?:级|及?以上|以下|的)*[\u4e00-\u9fff]{0,6}?"
    r"(?:园区|开发区|集聚区|经开区|高新区|企业|项目|产业|集群|单体|工业园|园)"
)
_TRIM_SUBJECT = re.compile(r"^(?:其中|共有|共|有|实现|完成|达到|达|全省|全市|全区|全国|的|和|及|、|：|:)+")


@dataclass(slots=True)
class _Candidate:
    start: int  # view offsets
    end: int
    value: float
    value_high: float | None
    unit: str
    prefix: str  # 第, 前, 后, 百分之, 翻, '' …
    magnitude_only: bool  # 千亿, 百亿, 亿元: a bare magnitude naming a class
    unit_word: str = ""  # the unit as written in the view (人, 家, 亿元)


def extract_figures(text: str, doc_id: str) -> list[Figure]:
    """All figures in ``text``, sorted by start offset. Never raises."""
    try:
        return _extract(text, doc_id)
    except Exception:  # noqa: BLE001 - the contract is "never raise"; yield nothing instead
        return []


def _extract(text: str, doc_id: str) -> list[Figure]:
    if not isinstance(text, str) or not text:
        return []
    view = make_view(text)
    layout = build_layout(view.text)
    excluded = [(m.start(), m.end()) for m in _QUOTES.finditer(view.text)]
    excluded_starts = [s for s, _ in excluded]
    figures: list[Figure] = []
    for cand in _candidates(view.text, excluded, excluded_starts):
        try:
            figure = _describe(cand, view, layout, text, doc_id, figures[-1] if figures else None)
        except Exception:  # noqa: BLE001 - one odd figure must not cost the document
            continue
        if figure is not None:
            figures.append(figure)
    figures.sort(key=lambda f: (f.start, f.end))
    figures = _headline_periods(figures, text.lstrip().find("\n") + len(text) - len(text.lstrip()))
    figures = _respective_series(figures, text)
    return merge_table_figures(figures, text, doc_id)  # tables are read by their headers


def _headline_periods(figures: list[Figure], title_end: int) -> list[Figure]:
    """A headline figure without a year (青岛高新区前三季度营收突破1500亿元) repeats a body
    figure: it takes the year of the first later figure with the same value and unit."""
    if title_end <= 0:
        return figures
    for i, figure in enumerate(figures):
        if figure.start >= title_end:
            break
        if figure.period is None:
            twin = next((f for f in figures[i + 1:] if f.start >= title_end and f.value == figure.value
                         and f.unit == figure.unit and f.period is not None), None)
            if twin is not None:
                figures[i] = replace(figure, period=twin.period)
    return figures


_SERIES_MARK = re.compile(r"[，,]?(?:同比|比上年|较上年)?分别(?:增长|下降|增加|减少|提高|为|占)")
_LIST_JOINERS = ("、", "和", "及", "以及")
_SENTENCE_STOPS = "。；;！？!?\n"


def _respective_series(figures: list[Figure], text: str) -> list[Figure]:
    """实际到位内资3680亿元，实际使用外资18.6亿美元，分别增长9.7%和-4.2%: a list after
    分别 that names no nouns of its own refers, item by item, to the figures the sentence
    gave just before it (the k-th of the last n), so each takes that figure's metric."""
    i = 0
    while i < len(figures):
        n = 1
        while i + n < len(figures) and text[figures[i + n - 1].end:figures[i + n].start] in _LIST_JOINERS:
            n += 1
        first = figures[i]
        # Cheap test first: the list must follow a level figure right after its 分别.
        if (n >= 2 and i >= n and figures[i - 1].measure == "level"
                and _SERIES_MARK.match(text, figures[i - 1].end, first.start)):
            sent_start = max(text.rfind(ch, 0, first.start) for ch in _SENTENCE_STOPS) + 1
            earlier = [f for f in figures[:i] if f.start >= sent_start and f.measure == "level"]
            series = earlier[-n:]
            if (len(series) == n and len({f.metric for f in series}) == n
                    and all(f.metric != "threshold" for f in series)):
                for k in range(n):
                    figures[i + k] = replace(figures[i + k], metric=series[k].metric)
        i += n
    return figures


# ---------------------------------------------------------------------------------------
# Finding numbers
# ---------------------------------------------------------------------------------------

def _inside(pos: int, excluded: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and excluded[i][0] < pos < excluded[i][1]


def _candidates(view: str, excluded: list[tuple[int, int]], starts: list[int]) -> list[_Candidate]:
    found: list[_Candidate] = []
    pending: list[_Candidate] = []  # bare numbers waiting for a shared unit (6、8个百分点)
    n = len(view)
    for match in anchored_finditer(_NUMBER, _NUMBER_ANCHOR, view):
        cand = _read(match, view)
        if cand is None:
            # A bare Arabic number followed by 、 or 和 may share the next figure's unit.
            a = match.group("a")
            if (a and not match.group("pre") and not match.group("b") and a[0].isdigit()
                    and match.end() < n and view[match.end()] in "、和及与或"):
                if not pending or pending[-1].end + 1 == match.start():
                    value = parse_number(a)
                    if value is not None:
                        # unit filled in from the figure that closes the list
                        pending.append(_Candidate(match.start(), match.end(), value,
                                                  None, "", "", False))
                    continue
            pending = []
            continue
        if _out_of_scope(cand, view, excluded, starts):
            pending = []
            continue
        if pending and pending[-1].end + 1 == cand.start and cand.unit not in ("rank",):
            for bare in pending:
                bare.unit = cand.unit
                if cand.prefix == "" and cand.unit in ("percent", "percentage_point", "count"):
                    found.append(bare)
        pending = []
        found.append(cand)
    return found


def _read(match: re.Match[str], view: str) -> _Candidate | None:
    """Turn a number match into a candidate with value and unit, or None if it has no unit."""
    if match.group("fa"):
        return _fraction(match, Decimal(match.group("fb")), Decimal(match.group("fa")))
    if match.group("den"):
        return _fraction(match, parse_decimal(match.group("den")), parse_decimal(match.group("numer")))
    if match.group("half"):
        # 占全省…的一半以上, 超过一半: half of a whole, 50 percent (减少一半 halves, 一半是 is prose).
        if _HALF_OF.search(view, max(0, match.start() - 24), match.start()):
            return _Candidate(match.start(), match.end(), 50, None, "percent", "半", False)
        return None

    pre = match.group("pre") or ""
    a_text = match.group("a")
    value = parse_number(a_text)
    if value is None:
        return None
    magnitude_only = not any(ch.isdigit() or ch in "零〇一二两三四五六七八九十" for ch in a_text)
    start, end = match.start(), match.end()
    high = None
    if match.group("b"):
        high = parse_number(match.group("b"))
        if high is None or high <= value:
            return None  # 2018-2020 style codes, or not a range at all
    if pre == "百分之":
        if high is not None:
            return None
        return _Candidate(start, end, value, None, "percent", pre, False)
    if pre == "翻":
        if view.startswith("番", end) and high is None:
            return _Candidate(start + 1, end + 1, 2.0 ** value, None, "times", pre, False)
        return None
    if pre == "倒数第" and high is None:  # 排在倒数第3: a rank from the bottom
        return _Candidate(start, end + 1 if view.startswith(("位", "名"), end) else end,
                          value, None, "rank", pre, False)
    if pre == "第":
        # 列全国第3位; 居全国第三， 分列第二、第三。 摘得两个第一 (the rank, not the count)
        if high is None and (view.startswith(("位", "名"), end)
                             or (end >= len(view) or view[end] in _PUNCT)
                             and re.search(r"[居列排名国部省市区、个）)]$", view[max(0, start - 2):start])):
            unit_end = end + 1 if view.startswith(("位", "名"), end) else end
            return _Candidate(start, unit_end, value, None, "rank", pre, False)
        return None
    if pre in ("前", "后", "最后", "末"):
        if high is None and view.startswith(("位", "名", "强"), end):
            return _Candidate(start, end + 1, value, None, "rank", pre, False)
        if high is None and pre == "前" and (end >= len(view) or view[end] in _PUNCT + "中的"):
            return _Candidate(start, end, value, None, "rank", pre, False)
        if pre in ("后", "最后", "末"):
            return None
        start = start + len(pre)  # 前 was not a rank prefix (前三届): read the number alone
        pre = ""
    if (view.startswith("成", end) and high is None and not pre and a_text in _TENTHS
            and (end + 1 >= len(view) or _TENTHS_NEXT.match(view, end + 1))):
        # 近七成, 超过四成: tenths of a whole, a share in percent (成为, 一成不变 are words).
        return _Candidate(start, end + 1, value * 10, None, "percent", "成", False, "成")
    u1 = match.group("u1")
    unit_match = _UNIT.match(view, end)
    if (unit_match is None and not match.group("b") and end < len(view) and view[end] in "余多"
            and a_text[-1].isdigit()):
        # 560余家, 20多个: "more than", written between the number and its classifier.
        unit_match = _MORE_THAN_COUNT.match(view, end + 1)
    unit = unit_match.lastgroup if unit_match else None
    if u1 and not unit:
        unit = "percent" if u1 == "%" else "percentage_point"
    if (unit in ("percent", "percentage_point") and not pre and high is None and start > 0
            and view[start - 1] == "-"
            and (start < 2 or not (view[start - 2].isascii() and view[start - 2].isalnum()
                                   or view[start - 2] in "-~.%"))):
        # 分别增长9.7%和-4.2%: a signed rate; a dash before a count is a range's or a
        # redaction's (围绕-10条), never a minus.
        start, value = start - 1, -value
    unit_end = unit_match.end() if unit_match else end
    if unit is None:
        # A bare 亿/万亿 magnitude is money (5万亿左右, 150亿级, 10亿以上企业).
        # A bare magnitude a level breaks through ends its phrase (营收首破千亿).
        if a_text.endswith("亿") and (not magnitude_only or _GROUP_NOUN.match(view, end) or (
                (end >= len(view) or view[end] in _PUNCT) and _BROKEN_THROUGH.search(view, max(0, start - 2), start))):
            unit = "CNY"
        else:
            return None
    if unit == "times" and view.startswith("番", end):
        return None  # 翻番 without a number of doublings
    if unit == "rank":
        if view[end] != "位" or not _RANK_MOVE.search(view, max(0, start - 3), start):
            if view[end] == "强":  # 30强, 世界500强: ranking cut-offs (spec conventions)
                return _Candidate(start, unit_end, value, high, "rank", "强", False)
            return None
    if unit == "count" and a_text in ("一",) and not _ONE_CUE.search(view[max(0, start - 4):start]):
        return None
    if magnitude_only and unit != "CNY":
        return None
    if magnitude_only and a_text == "万":
        return None  # 万元增加值能耗: a per-unit base, not an amount
    if magnitude_only and (unit_end >= len(view) or view[unit_end] in _PUNCT
                           or view.startswith(_MILESTONE, unit_end)):
        magnitude_only = False  # 均超过万亿元，, 突破千亿元大关: an amount, not the name of a class
    return _Candidate(start, unit_end, value, high, unit, pre, magnitude_only, view[end:unit_end])


def _fraction(match: re.Match[str], den: Decimal | None, numer: Decimal | None) -> _Candidate | None:
    """A fraction as percent, computed in decimal so 1/10 is exactly 10 (not 10.000000000000002)."""
    if not den or numer is None:
        return None
    return _Candidate(match.start(), match.end(), to_number(numer * 100 / den), None, "percent", "/", False)


def _out_of_scope(cand: _Candidate, view: str, excluded: list[tuple[int, int]],
                  starts: list[int]) -> bool:
    before = view[cand.start - 1] if cand.start > 0 else ""
    after = view[cand.end] if cand.end < len(view) else ""
    if (before.isascii() and before.isalpha() and not view.endswith(lx.METRIC_ABBREVIATIONS, 0, cand.start)
            or before in "×*+xX"):
        return True  # G60, 7×24 (but GDP 812.5亿元, its space gone in the view, is a figure)
    if after in "×*+" or (after.isascii() and after.isalpha() and cand.unit not in ("m2", "km2")):
        return True
    if _inside(cand.start, excluded, starts) and not cand.magnitude_only:
        return True  # “五个100”工程, “5020”项目, numbers inside 《book titles》
    if cand.unit == "count":
        tail = view[cand.end:cand.end + 4]
        if tail[:1].isdigit() and not view[cand.start].isdigit():
            return True  # 五个100, 三个500强: a slogan (100个500强项目 is a real count)
        if _NOT_COUNTED.match(tail) or (not tail.startswith("的") and _POLICY_PART.search(tail)):
            return True
        if tail.startswith("第"):
            return True  # 摘得两个第一: a count of first places (the rank is the figure)
        if view[cand.end - 1] == "项" and not view[cand.start].isdigit():
            return True  # 四项改革, 两项审批: counts of policy items
        if view[cand.end - 1] == "条" and (not tail or tail[0] in _PUNCT):
            return True  # 出台30条: articles of a policy
    return False


# ---------------------------------------------------------------------------------------
# Describing a figure
# ---------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Window:
    """The words around a figure, in view coordinates."""

    sent_start: int
    before: str  # sentence start → figure
    clause: str  # last comma-free stretch before the figure (keeps 、 lists together)
    after: str  # figure → sentence end


_COUNTED_TOTAL = re.compile(r"数量|总数|个数|家数")
_SHARE_WORD = re.compile(r"占比|比重|所占比例")
# An amount that is a change against a base (较上年提高2.4万元, 比上年减少3亿元).
_AMOUNT_CHANGE = re.compile(r"(?:较|比)[^，,。；;]{0,8}(?:提高|增加(?!值)|减少|下降|降低)$"
                            # 低于全市平均水平2.1万元: a gap to an average
                            r"|(?<!不)(?:高于|低于|高出|超出)[^，,。；;\d]{0,10}平均(?:水平|值|数)?$")
# The metric a ranking ranks (营业收入排名前10的…中), named anywhere before in the sentence.
_RANKED = re.compile(r"排名|排序|排位")
# A count of a group, then a bound on its members (47家经开区实际使用外资超过1亿美元).
_GROUP_COUNT = re.compile(r"有[\d一二两三四五六七八九十]+(?:家|个)[\u4e00-\u9fff]{0,8}?"
                          r"(?:开发区|园区|经开区|高新区|集聚区|企业|项目)")
_ELLIPTIC_CLASS = re.compile(r"的(?:仍|还|尚|也)?(?:达到|达|有|为|共有|增至|增加到)")
_BOUND_BEFORE = re.compile(r"(?:超过|超|过|突破|逾|不足|低于|高于|达到)$")
_CHANGED_TO = re.compile(r"[\u4e00-\u9fff]{0,6}(?:至|到|为)(?:(?:19|20)\d\d年(?:底|末)?的?)?")
_MORE_THAN_COUNT = re.compile(r"(?P<count>家|个|户|项|条|人|座|所)")
_HARD_STOP = re.compile(r"[，,。；;：:！？!?\n]")
_COUNT_FIGURE = re.compile(r"[\d一二两三四五六七八九十]+(?:[-~—–]\d+)?[家个户项条座所块处]")
_SHARED_COUNT = re.compile(r"^(?:[、和及或][\d一二三四五六七八九十]+(?:家|个|户|项|座|所))+")
_VERB_START = re.compile(r"(?:落户|位于|在|是|为|于|达到|达|超过|占|实现|完成|有|被|由|向|进入|获)")
def _describe(cand: _Candidate, view: View, layout: Layout, original: str, doc_id: str,
              previous: Figure | None) -> Figure | None:
    text = view.text
    sent_start = layout.sentence_start(cand.start)
    clause_from = sent_start
    for match in _HARD_STOP.finditer(text, sent_start, cand.start):
        clause_from = match.end()
    win = _Window(sent_start, text[sent_start:cand.start], text[clause_from:cand.start],
                  text[cand.end:layout.sentence_end(cand.end)])
    # Only a figure of the same sentence can lend its metric to a list continuation.
    earlier = previous
    if previous is not None and previous.start < view.original_start(sent_start):
        previous = None

    threshold = cand.magnitude_only or cand.prefix in _CUT_OFF or _is_threshold(cand, win)
    qualifier = _qualifier(cand, text, win)
    measure, negative = _measure(cand, win, threshold)
    metric = "threshold" if threshold else _metric(cand, win, measure, previous)
    if (metric == "other" and cand.unit == "count" and earlier is not None and earlier.unit == "count"
            and earlier.metric not in ("other", "threshold") and "数量" in win.before
            and not lx.COUNT_METRIC.search(win.before) and _counted_noun(win.after) is None):
        metric = earlier.metric  # …国家级经开区230家。数量最多的是江苏（27家）: the count just named
    unit = cand.unit
    listed = previous is not None and original[previous.end:view.original_start(cand.start)] in ("、", "和", "及")
    if qualifier == "exact" and listed and previous.qualifier in ("at_least", "at_most", "approx"):
        qualifier = previous.qualifier  # 分别突破1000亿元、700亿元
    if unit == "CNY" and (re.search(r"亩均|每亩|/亩", win.before[-14:]) or _per_mu_clause(win.clause) or (
            previous is not None and previous.unit == "CNY_per_mu"
            and not lx.AMOUNT_METRIC.search(win.clause))):
        unit = "CNY_per_mu"  # 亩均税收不低于15万元，国家级开发区不低于20万元
    value = cand.value
    per_area = _PER_AREA.search(win.clause) if unit == "CNY" else None
    if per_area:  # 每平方公里工业产值60亿元: money per unit of land, per mu
        unit, value = "CNY_per_mu", to_number(Decimal(repr(value)) / lx.MU_PER[per_area.group(1)])
    if unit == "CNY_per_mu" and not threshold:
        metric = "land"
    if listed and measure == "level" and previous.measure != "level" and previous.unit == unit:
        measure = previous.measure  # 同比分别增长8.4%、7.9%和5.3%: the list shares its verb
    if not threshold:
        metric = _respective_metric(cand, text, win) or metric
    if metric == "other" and not threshold and _continues(earlier, cand, unit, win, original, view):
        metric = earlier.metric  # type: ignore[union-attr]
    if (metric == "other" and previous is not None and previous.metric not in ("other", "threshold")
            and _target_bracket(win) is not None):
        metric = previous.metric  # 营业收入…，完成规划目标（到2025年达到6万亿元）: the goal of the same
    value = -value if negative else value
    kind, kind_by = _kind(cand, layout, win)
    period, period_by = _period(cand, layout, kind, win)
    region, region_by = _region(cand, layout, measure, sent_start)
    area = _area(layout, sent_start, cand.start, region_by)
    listed_zone = _respective_zone(layout, win, cand.start)
    if listed_zone is not None:
        region, region_by = listed_zone.province, "sentence"
        area = None if listed_zone.name in gazetteer().provinces else listed_zone.name
    subject = _subject(cand, win, metric)

    start, end = view.original_start(cand.start), view.original_end(cand.end)
    if not 0 <= start < end <= len(original):
        return None
    evidence = {"span": unit, "measure": measure, "qualifier": qualifier,
                "region": region_by, "kind": kind_by, "period": period_by,
                "metric": metric if metric in ("other", "threshold") else "named"}
    return Figure(doc_id=doc_id, start=start, end=end, text=original[start:end], value=value,
                  value_high=cand.value_high, unit=unit, metric=metric, measure=measure,
                  region=region, area=area, subject=subject, period=period, kind=kind,
                  qualifier=qualifier, confidence=confidence(evidence), evidence=evidence)


_PER_AREA = re.compile(r"每(平方公里|平方千米|公顷)[^，,。；;]{0,10}$")
_RESPECTIVELY = re.compile(r"分别|分列|依次")
_LIST_ITEM_SPLIT = re.compile(r"、|和|及|与|以及")


def _continues(earlier: Figure | None, cand: _Candidate, unit: str, win: _Window,
               original: str, view: View) -> bool:
    """True when a sum of money continues the series of the figure before it across a
    semicolon (实现营业收入4.1万亿元；2022年达到4.8万亿元): same unit, same paragraph, and
    the new clause names no metric of its own, only a time and a verb."""
    if earlier is None or earlier.unit != unit or unit not in ("CNY", "USD") or earlier.metric in ("other", "threshold"):
        return False
    between = original[earlier.end:view.original_start(cand.start)]
    return ("。" not in between and "\n" not in between and _SEMICOLON.search(between) is not None
            and not lx.AMOUNT_METRIC.search(win.before) and not lx.COUNT_METRIC.search(win.before))


_SEMICOLON = re.compile(r"[；;]")


def _per_mu_clause(clause: str) -> bool:
    """True when the last metric the clause names is per mu (亩均税收由…的28.6万元提高到…的
    33.4万元): every sum of money in that phrase is per mu, however far from 亩均."""
    last = None
    for last in lx.AMOUNT_METRIC.finditer(clause):
        pass
    return last is not None and last.group().startswith("亩均")


def _respective_metric(cand: _Candidate, text: str, win: _Window) -> str | None:
    """The metric of the k-th number after 分别 is the k-th noun of the list before it:
    营业收入、工业总产值、净利润和上缴税费分别为a、b、c和d. A later 分别 without a list
    of its own (同比分别增长…) reuses the sentence's list."""
    marks = list(_RESPECTIVELY.finditer(win.before))
    if not marks:
        return None
    nth = _nth_in_list(win.before, marks[-1].end())
    for mark in reversed(marks):
        head = win.before[:mark.start()]
        stop = max(head.rfind(ch) for ch in "，,；;：:")
        items = [item for item in _LIST_ITEM_SPLIT.split(head[stop + 1:]) if item]
        if len(items) >= 2:
            pattern = lx.COUNT_METRIC if cand.unit == "count" else lx.AMOUNT_METRIC
            # A listed zone (漳州台商投资区、泉州经开区的…) is a place, whatever words its name holds.
            metrics = [None if _PLACE_ITEM.search(item) else _keyword_metric(pattern, item, last=False)
                       for item in items]
            if nth >= len(items) or sum(m is not None for m in metrics) < 2:
                return None  # a list of places or things sharing one metric (A、B营业收入分别…)
            return metrics[nth] or "other"
    return None


_PLACE_ITEM = re.compile(r"(?:区|园|城|港)$")


def _nth_in_list(before: str, mark_end: int) -> int:
    """The figure's place in the list of numbers after 分别 (0 for the first): the list
    separators between the mark and the figure (第二、第三 has no Arabic digits to count)."""
    return len(_LIST_SEPARATOR.findall(before, mark_end))


_LIST_SEPARATOR = re.compile(r"、|和|及")


def _respective_zone(layout: Layout, win: _Window, pos: int) -> Place | None:
    """广州经开区、北京经开区分列第二、第三: the k-th number belongs to the k-th zone listed
    right before 分列/分别 in the same clause — or, when 分别 opens its clause, the list
    that ends the clause before it (…的省份为江苏、浙江、山东，分别为26家、21家和16家)."""
    marks = list(_RESPECTIVELY.finditer(win.clause))
    if not marks:
        return None
    clause_start = pos - len(win.clause)
    lo, hi = clause_start, clause_start + marks[-1].start()
    if not win.clause[:marks[-1].start()].strip() and lo > win.sent_start:
        lo, hi = win.sent_start, lo - 1  # 分别 opens its clause: the list closes the one before
    zones = _zones_in(layout, lo, hi)
    if len(zones) < 2:  # 浙江省和广东省分别有12家、11家: provinces and cities listed
        zones = [p for p in layout.places_between(lo, hi) if not p.weak]
    if lo < clause_start:
        zones = _closing_run(layout.text, zones, hi) or _first_respective_list(layout, win.sent_start, hi)
    nth = _nth_in_list(win.clause, marks[-1].end())
    return zones[nth] if len(zones) >= 2 and nth < len(zones) else None


def _first_respective_list(layout: Layout, sent_start: int, end: int) -> list[Place]:
    """The zones listed before the sentence's first 分别 (A、B、C…分别达到x、y、z，分别增长…:
    the later 分别 reuses the list)."""
    first = _RESPECTIVELY.search(layout.text, sent_start, end)
    if first is None:
        return []
    clause_start = sent_start
    for stop in _HARD_STOP.finditer(layout.text, sent_start, first.start()):
        clause_start = stop.end()
    return _zones_in(layout, clause_start, first.start())


def _closing_run(text: str, places: list[Place], end: int) -> list[Place]:
    """The places of the list that ends at ``end``: joined only by separators, the last one
    closing the stretch (江苏、浙江、山东 at the end of 居前三位的省份为江苏、浙江、山东)."""
    if not places or text[places[-1].end:end].strip():
        return []
    run = places[-1:]
    for prev in reversed(places[:-1]):
        if not _LIST_SEPARATOR.fullmatch(text[prev.end:run[0].start]):
            break
        run.insert(0, prev)
    return run


def _qualifier(cand: _Candidate, text: str, win: _Window) -> str:
    if cand.value_high is not None:
        return "range"
    head_end = cand.start - 1 if cand.prefix == "翻" else cand.start
    m = lx.QUALIFIER_BEFORE.search(text, max(0, head_end - 30), head_end)
    after = lx.QUALIFIER_AFTER.match(win.after)
    if m and m.group().startswith("控制在") and after:
        return after.lastgroup  # type: ignore[return-value]  # 控制在60个左右: 控制在 only sets it
    if m and m.start() >= win.sent_start:
        return m.lastgroup  # type: ignore[return-value]
    if cand.unit_word[:1] in ("余", "多"):
        return "at_least"
    if after:
        return after.lastgroup  # type: ignore[return-value]
    m = lx.COORDINATED_BOUND.match(win.after)
    if m and m.lastgroup:
        return m.lastgroup  # 50亿元或100亿元以上企业: both bounds are "or more"
    if cand.magnitude_only or (cand.unit == "CNY" and _GROUP_NOUN.match(win.after)
                               and not win.after.startswith("的")):
        return "at_least"  # 千亿园区, 亿元级项目, 150亿级
    return "exact"


_YEAR_OF = re.compile(r"(?:19|20)\d\d年(?:底|末)?的$")
_RATE_OF_GROWTH = re.compile(r"增速|增幅|增长率|涨幅|增长速度")
_CHANGED_TO_LEVEL = re.compile(
    r"(?:增加|增长|减少|提高|提升|下降|降低|扩大|缩减|新增)(?:到|至)(?:(?:19|20)\d\d年(?:底|末)?的?)?$")


def _measure(cand: _Candidate, win: _Window, threshold: bool) -> tuple[str, bool]:
    """(measure, negative?) from the verbs in front of the figure."""
    if cand.unit == "rank":
        if cand.prefix or not _RANK_MOVE.search(win.before[-3:]):
            return "rank", False
        return "difference", bool(lx.DECLINE.search(win.clause[-4:]))
    if cand.unit == "percent":
        if threshold:
            return "share", False
        if lx.SHARE.search(win.clause) or win.clause.endswith("的") and not _YEAR_OF.search(win.clause):
            return "share", False  # 全省的55.9%, but not 由2022年的3.1% (the year's value)
        m = re.match(r"(?:以上|左右)?的", win.after)
        if m and (re.search(r"全省|全市|全国|全区|创造|占", win.before) or _GROUP_NOUN.match(win.after, m.end())):
            return "share", False  # 创造了全省50%的经济总量, 80%以上的省定产业集聚区
    if (cand.unit == "percent" and _GOAL_IS.search(win.clause) and lx.SHARE.search(win.before)
            and not lx.GROWTH.search(win.clause)):
        return "share", False  # 占全省比重由…提高到65.2%，“十四五”末目标为70%: the same share's goal
    if cand.unit in ("percent", "times"):
        if cand.unit == "percent" and _CHANGED_TO_LEVEL.search(win.clause) and not _RATE_OF_GROWTH.search(win.clause):
            return "level", False  # 研发投入强度由3.1%提升至3.6%: the rate reached (not 增速回升至5%)
        if cand.prefix == "翻" or lx.GROWTH.search(win.clause[-12:]):
            return "growth", bool(lx.DECLINE.search(win.clause[-12:]))
        if cand.unit == "percent" and _RATE_OF_GROWTH.search(win.before) and not lx.AMOUNT_METRIC.search(win.clause):
            return "growth", False  # 增速由负转正，达到0.8%: the growth rate named before
        return "level", False
    if cand.unit == "percentage_point":
        return "difference", bool(lx.DECLINE.search(win.clause))
    if cand.unit == "count" and win.clause.endswith("的"):
        return "level", False  # 得分低于60分的1家: the verb is the relative clause's, not the count's
    if cand.unit == "count" and _CHANGED_TO_LEVEL.search(win.clause):
        return "level", False  # 由…的1560家增加到3500家: the count a change arrives at
    if cand.unit == "count" and lx.DIFFERENCE.search(win.clause[-20:]):
        return "difference", bool(lx.DECLINE.search(win.clause[-20:]))
    change = None if cand.unit == "count" or threshold else _AMOUNT_CHANGE.search(win.clause)
    if change:
        return "difference", bool(lx.DECLINE.search(change.group()))  # 较上年提高2.4万元
    return "level", False


# 台商投资区, 出口加工区: a metric word a zone's name ends on names no metric.
_IN_ZONE_NAME = re.compile(r"(?:加工|开发|合作|示范|试验|保税)?区(?![域间内外])")


def _keyword_metric(pattern: re.Pattern[str], window: str, last: bool,
                    skip_other: bool = False) -> str | None:
    """The metric named in ``window``: its first keyword (a list's first item names the
    metric: 营业收入、利润年均增长10%) or, with ``last``, the one nearest the figure.

    ``skip_other`` passes over container nouns (每个县市区不超过1家 counts zones, not 县).
    """
    metrics = [lx.metric_of(m) for m in pattern.finditer(window)
               if not (skip_other and lx.is_container(m))
               and not (pattern is lx.AMOUNT_METRIC and _IN_ZONE_NAME.match(window, m.end()))]
    if not metrics:
        return None
    return metrics[-1] if last else metrics[0]


def _counted_noun(after: str) -> str | None:
    """The metric of the noun a count counts, read after it (103家开发区, 16个制造业集群).

    Chinese puts the counted noun right after the classifier, possibly behind modifiers
    (5个跨境电商综合试验区): a keyword in the first few characters names it, else the
    phrase's last keyword. None when nothing follows (国家级开发区19家，).
    """
    stop = _HARD_STOP.search(after)
    phrase = after[: stop.start()] if stop else after
    phrase = re.sub(r"^(?:左右|以上|及以上|多|余)", "", phrase)[:40]
    phrase = _SHARED_COUNT.sub("", phrase)  # 12家、11家园区: the list shares the last noun
    if (not phrase or not (_is_cjk(phrase[0]) or phrase[0].isdigit()) or phrase[0] == "的"
            or _VERB_START.match(phrase)):
        return None
    nxt = _COUNT_FIGURE.search(phrase)
    own = phrase[: nxt.start()] if nxt else phrase
    matches = list(lx.COUNT_METRIC.finditer(own[:12]))
    relative = own.rfind("的", 0, 16)
    if (relative > 0 and (not matches or lx.metric_of(matches[0]) == "other")
            and not any(m.end() == relative for m in matches)):
        # 1个主导产业突出的省级以上开发区: a relative clause; the head noun follows 的
        # (but 3个省辖市的产业集聚区 counts 省辖市: there 的 only marks possession).
        head = _counted_noun(own[relative + 1:])
        if head not in (None, "other"):
            return head
    for i, match in enumerate(matches):
        if match.start() <= 3 and match.group() != "产业":
            # Compounds are head-final: 科技企业孵化器 counts incubators, not firms.
            while i + 1 < len(matches) and matches[i + 1].start() == matches[i].end():
                i += 1
            return lx.metric_of(matches[i])
    if nxt and _CHANGED_TO.fullmatch(own):
        return None  # 由目前的95个优化调整至60个: the noun is in front
    last = None
    for last in lx.COUNT_METRIC.finditer(own):
        pass
    if last is not None and (last.group() != "产业" or last.end() == len(own.rstrip("、和或"))):
        return lx.metric_of(last)
    if own.endswith(("、", "和", "或")) and len(own) <= 9:
        # 2个全国有影响力、3个全省有影响力的产业链: the list shares the last head noun.
        return _keyword_metric(lx.COUNT_METRIC, phrase, last=True) or "other"
    return "other"


_PRODUCT_CLASSIFIERS = frozenset("辆台套件艘架")
_PARTITIVE = re.compile(r"(?:中|其中)(?:有|的)?$|[\d一二两三四五六七八九十]+[家个][\u4e00-\u9fff]{1,10}有$")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _metric(cand: _Candidate, win: _Window, measure: str, previous: Figure | None) -> str:
    inherited = previous.metric if previous is not None and previous.metric != "threshold" else None
    if cand.unit == "count" and cand.unit_word.endswith("人"):
        return "other"  # 812人, 2650万人: people are none of the counted things
    if cand.unit == "count" and cand.unit_word in _PRODUCT_CLASSIFIERS:
        # 年产能合计达到120万辆, 机器人1200台: vehicles and machines, none of the counted things
        return _counted_noun(win.after) or "other"
    if cand.unit == "count":
        found = _counted_noun(win.after)
        if found == "other" and _PARTITIVE.search(win.before):
            # 5家国家级经开区中有3家综合排名上升: a part counts the whole's noun.
            found = _keyword_metric(lx.COUNT_METRIC, win.clause, last=True, skip_other=True) or found
        if found:
            return found
        return (_keyword_metric(lx.COUNT_METRIC, win.clause, last=True, skip_other=True)
                or (inherited if previous is not None and previous.unit == "count" else None)
                or _keyword_metric(lx.COUNT_METRIC, win.before, last=True, skip_other=True)
                or "other")
    if cand.unit in ("mu", "m2", "km2"):
        return "land"
    if cand.unit == "ton":
        # 0.42吨标准煤 per unit of output is energy use; otherwise a production capacity
        # (年产30万吨甲醇).
        return "environment" if _keyword_metric(lx.AMOUNT_METRIC, win.clause, last=True) == "environment" else "other"
    if cand.unit == "rank":
        found = _keyword_metric(lx.AMOUNT_METRIC, win.clause, last=False)
        if found:
            return found
        if "数量" in win.clause:  # 数量居全国第三: ranked by the number of what was counted
            return (_keyword_metric(lx.COUNT_METRIC, win.clause, last=False)
                    or _keyword_metric(lx.COUNT_METRIC, win.before, last=True, skip_other=True) or "other")
        own = _RANKED.search(win.clause)
        if own is not None:  # 综合排名跃居全国第3位: the clause names its own ranking
            return _keyword_metric(lx.AMOUNT_METRIC, win.clause[:own.start()], last=True) or "other"
        ranked = None
        for ranked in _RANKED.finditer(win.before):
            pass
        if ranked is not None:  # 营业收入排名前10的国家高新区中，…位居第4位
            return _keyword_metric(lx.AMOUNT_METRIC, win.before[:ranked.start()], last=True) or "other"
        if (previous is not None and measure == "rank" and inherited
                and previous.unit not in ("rank", "count")):
            return inherited  # 进出口总额突破3800亿元，列全国第3位
        return inherited if measure == "difference" and previous is not None and previous.unit == "rank" else "other"
    if cand.unit == "percent" and measure == "share":
        m = re.match(r"(?:以上|左右)?的", win.after)
        if m:
            # 创造了全省50%的经济总量 names its metric after the share; 80%以上的集聚区循环化改造
            # (a share of a group of zones) names it further on.
            stop = _HARD_STOP.search(win.after)
            rest = win.after[m.end(): stop.start() if stop else None]
            named = lx.AMOUNT_METRIC.search(rest)
            if named and named.start() <= 4:  # 贡献了近60%的工业税收
                return lx.metric_of(named)
            if _GROUP_NOUN.match(rest) or _counted_noun(rest) not in (None, "other"):
                # 80%以上的集聚区循环化改造 is measured further on; 约58%的高新技术企业
                # is a share of a group of firms.
                return (_keyword_metric(lx.AMOUNT_METRIC, rest, last=False)
                        or _counted_noun(rest) or "other")
    counted = _COUNTED_TOTAL.search(win.clause)
    share_of = _SHARE_WORD.search(win.clause) if measure == "share" else None
    if share_of is not None:  # “拿地即开工”项目占比…90%: the share of a count's members
        head = win.clause[max(0, share_of.start() - 4):share_of.start()]
        nouns = [m for m in lx.COUNT_METRIC.finditer(head) if m.end() == len(head)]
        if nouns and not lx.AMOUNT_METRIC.search(head) and lx.metric_of(nouns[-1]) not in ("other", "cluster_count"):
            return lx.metric_of(nouns[-1])
    if counted and measure in ("share", "growth", "level"):
        # 高新技术企业数量增长50%, 占开发区总数的10.8%: a count's share or growth.
        found = _keyword_metric(lx.COUNT_METRIC, win.clause[:counted.start()], last=True, skip_other=True)
        if found:
            return found
    found = _keyword_metric(lx.AMOUNT_METRIC, win.clause, last=False)
    if found:
        return found
    whole = win.clause[win.clause.rfind("占"):] if measure == "share" and "占" in win.clause else ""
    if (measure in ("growth", "share", "difference") and inherited
            and not (previous.unit == "count" and _COUNT_FIGURE.search(whole))):  # type: ignore[union-attr]
        # …3860亿元，占全省7家国家级经开区的一半: a count inside the whole is not what is shared.
        return inherited
    return _keyword_metric(lx.AMOUNT_METRIC, win.before, last=True) or "other"


def _is_threshold(cand: _Candidate, win: _Window) -> bool:
    """A bound that defines a group: 超1000亿元园区, 投资50亿元以上项目, 比重超过50%的园区."""
    after = win.after
    if cand.unit == "other":
        # 二星级及以上…, 90分以上的开发区, 低于60分的1家: a bound that defines a class
        return bool(re.match(r"(?:及?以上)(?:的)?[\u4e00-\u9fff]", after)) or bool(
            _BOUND_BEFORE.search(win.clause) and _COUNT_FIGURE.match(after, 1) and after.startswith("的"))
    if cand.unit not in ("CNY", "USD", "percent", "CNY_per_mu"):
        return False
    if _BOUND_BEFORE.search(win.clause) and (
            (not after or after[0] in _PUNCT + "(（") and _GROUP_COUNT.search(win.before)
            or _ELLIPTIC_CLASS.match(after)):
        return True  # 有23家开发区主导产业集聚度低于50%; 超500亿元的达到30个
    m = _GROUP_NOUN.match(after)
    if not m:
        m2 = lx.COORDINATED_BOUND.match(after)
        return bool(m2) and bool(_GROUP_NOUN.match(after, m2.end()))
    if cand.unit == "percent":
        return "的" in m.group() and bool(lx.RATE_NOUN.search(win.clause))
    # 超500亿元的开发区: a bound word makes 的 + group noun a class, not a possession.
    return not after.startswith("的") or _BOUND_BEFORE.search(win.clause) is not None


def _kind(cand: _Candidate, layout: Layout, win: _Window) -> tuple[str, str]:
    """Target or actual, decided clause by clause: the figure's own clause first (its verbs
    and time words), then the sentence's cues (book titles blanked: 《…行动计划》 is a name),
    then the paragraph's plan cue, else the genre of the heading or section.

    Returns (kind, evidence): which of these decided, for the record's confidence."""
    if lx.OWN_TARGET_AFTER.match(win.after) or _target_bracket(win) is not None:
        return "target", "own"  # 新引进亿元以上项目30个的目标; 规划目标（到2025年达到6万亿元）
    if _base_of_change(layout, win, cand.start) is not None:
        return "actual", "base"  # 由2020年的6820亿元增长到1.1万亿元: where a goal starts from
    before = layout.masked[win.sent_start:_cue_end(layout, win, cand.start)]
    estimate = before.rfind("预计")
    if estimate >= 0 and not _GOAL_AFTER_ESTIMATE.search(before, estimate):
        # 预计全年营业收入将超过4.5万亿元, 预计到2025年…可达6.2万亿元: estimates (spec: actual)
        return "actual", "sentence"
    clause = before[len(before) - len(win.clause):] if len(before) > len(win.clause) else before
    if _plan_cues(lx.CLAUSE_TARGET, clause):
        return "target", "clause"
    now = _now(layout, cand.start)
    strong_target = _last_plan_cue(before, now)
    # Intent named after the sentence's last year holds for the clauses that follow
    # (2024年要完成450亿元，其中工业投资占比不低于55%).
    intent = _plan_cues(lx.CLAUSE_TARGET, before)
    year_at = layout.last_time_pos(win.sent_start, cand.start)
    if intent and (year_at is None or intent[-1] > year_at - win.sent_start):
        strong_target = max(intent[-1], strong_target or 0)
    strong_actual = _last_actual_cue(before)
    if strong_target is not None and not (strong_actual is not None and strong_actual > strong_target):
        return "target", "sentence"
    if strong_actual is not None:
        return "actual", "sentence"
    section = layout.section(cand.start)
    found, year = layout.time_between(win.sent_start, _cue_end(layout, win, cand.start))
    start_year = section.title_first_year
    if found and isinstance(year, int) and start_year and year < start_year:
        return "actual", "sentence"  # 2022年，全区开发区实现… in a 2023—2025 plan: the starting point
    # A plan's cue carries over its paragraph's semicolons (到2026年，…；全省…提高到40%),
    # unless the sentence names a year of its own (2023年新增…46家，2024年计划…).
    own_year = isinstance(year, int)
    target, actual = _paragraph_cues(layout, win.sent_start)
    if target is not None and not own_year and (actual is None or actual < target):
        return "target", "paragraph"
    _, genre = layout.heading(cand.start)
    if genre:
        return ("target" if genre == "plan" else "actual"), "heading"
    if section.is_plan or section.is_report:
        return ("target" if section.is_plan else "actual"), "genre"
    if actual is not None and target is None and not lx.NORM.search(before):
        # 据统计，…；建成…458个: the paragraph reports (but 不低于300万元/亩 sets a norm)
        return "actual", "paragraph"
    if lx.WEAK_TARGET.search(before):
        return "target", "weak"
    return "actual", "default"


# 由目前的95个优化调整至60个: the base of a change has its own time (目前); the figure the
# change leads to takes the time and kind of the words before 由.
# 由2020年的28.6万元提高到2022年的33.4万元: the end point names its own year, which is the
# figure's period (and 到2022年 there is the end of a change, not a plan's horizon).
_CHANGE_FROM = re.compile(r"由[^，,。；;由]{0,30}(?:至|到)(?:(?P<to>(?:19|20)\d\d)年(?:底|末)?)?[^，,。；;\d]{0,4}$")


_CHANGE_TO_YEAR = re.compile(r"由[^，,。；;由]{0,30}到(?P<to>(?:19|20)\d\d)年")


_GOAL_IS = re.compile(r"(?:目标|预期)(?:值)?(?:为|是)$")
_GOAL_AFTER_ESTIMATE = re.compile(r"力争|目标|确保|争取|规划|计划")
_CHANGE_BASE = re.compile(r"由(?:(?P<year>(?:19|20)\d\d)年(?:底|末)?)?的?[^，,。；;由到至\d]{0,6}$")
_CHANGE_GOES = re.compile(r"[^，,。；;\d]{0,8}?(?:到|至|为)")
_BASE_YEAR = re.compile(r"由((?:19|20)\d\d)年")


def _base_of_change(layout: Layout, win: _Window, pos: int) -> str | None:
    """The year of the figure a change starts from (由2020年的1560家增加到3500家: 2020;
    由56.4%提高到65% after 由2020年的… in its paragraph: 2020), or None when the figure is
    no such base. "" when it is one but no year is written before it."""
    base = _CHANGE_BASE.search(win.before, max(0, len(win.before) - 16)) if "由" in win.before else None
    if base is None or not _CHANGE_GOES.match(win.after):
        return None
    if base.group("year"):
        return base.group("year")
    para = layout.paragraph_start(pos)
    years = _BASE_YEAR.findall(layout.text, para, pos)
    return years[-1] if years else ""


def _cue_end(layout: Layout, win: _Window, pos: int) -> int:
    """Where the words that can decide a figure's kind and year end: the figure itself, or
    the 由 of a change it is the end point of."""
    change = _CHANGE_FROM.search(layout.masked, win.sent_start, pos)
    return change.start() if change else pos


def _paragraph_cues(layout: Layout, sent_start: int) -> tuple[int | None, int | None]:
    """(last plan cue, last report cue) in the paragraph before the sentence, computed once
    per sentence: every figure of the sentence asks the same."""
    key = f"cues{sent_start}"
    if key not in layout.memo:
        para_before = layout.masked[layout.paragraph_start(sent_start):sent_start]
        layout.memo[key] = (_last_plan_cue(para_before, _now(layout, sent_start)), _last_actual_cue(para_before))
    return layout.memo[key]  # type: ignore[return-value]


_PLAN_WORD = re.compile(r"目标|规划|计划|预期")  # what an achieved or yardstick target names


def _plan_cues(pattern: re.Pattern[str], text: str, now: int | None = None) -> list[int]:
    """Starts of the plan cues in ``text``, leaving out 目标 met (完成年度目标的106.5%) and
    a plan period over before ``now``, the first year the text is about (“十三五”期间 in a
    “十四五” plan or a 2023 report looks back)."""
    achieved = [m.span() for m in lx.ACHIEVED_TARGET.finditer(text)] if _PLAN_WORD.search(text) else []
    if "由" in text:  # 由2020年的…提高到2022年的…: 到2022年 ends a change, it is no horizon
        achieved += [(m.start("to") - 1, m.end()) for m in _CHANGE_TO_YEAR.finditer(text)]
    return [m.start() for m in pattern.finditer(text)
            if not any(lo <= m.start() < hi for lo, hi in achieved) and not _past_plan(m.group(), now)]


def _past_plan(cue: str, now: int | None) -> bool:
    plan = _PLAN_NAME.match(cue)
    return plan is not None and now is not None and PLAN_END[plan.group(1)] < now


def _now(layout: Layout, pos: int) -> int | None:
    """The first year a text is about: its title's (2021 for a “十四五” plan), else its date."""
    return layout.section(pos).title_first_year or layout.dateline_year


def _last_plan_cue(text: str, now: int | None = None) -> int | None:
    cues = _plan_cues(lx.STRONG_TARGET, text, now)
    return cues[-1] if cues else None


def _last_actual_cue(text: str) -> int | None:
    """Start of the last report cue (截至, 同比, 完成了…, or a target reported as met)."""
    cues = [m.start() for m in lx.STRONG_ACTUAL.finditer(text)]
    if _PLAN_WORD.search(text):
        cues += [m.start() for m in lx.ACHIEVED_TARGET.finditer(text)]
    return max(cues) if cues else None


def _period(cand: _Candidate, layout: Layout, kind: str, win: _Window) -> tuple[str | None, str]:
    """(period, evidence): the nearest year in force — the sentence, a goal's due year, the
    paragraph, the heading, the section title, the dateline — or None."""
    base = _base_of_change(layout, win, cand.start)
    if base:
        return base, "base"
    change = _CHANGE_FROM.search(layout.masked, win.sent_start, cand.start)
    if change and change.group("to"):
        return change.group("to"), "sentence"
    bracket = _target_bracket(win)
    if bracket is not None:
        return _goal_year(layout, win, cand.start, bracket)
    found, value = layout.time_between(win.sent_start, _cue_end(layout, win, cand.start))
    evidence = "sentence"
    if not found and kind == "actual":
        # 对全省103家开发区2022年度发展情况进行了考核: the data year may follow in the clause.
        data_year = _DATA_YEAR_AFTER.match(win.after)
        if data_year:
            found, value, evidence = True, int(data_year.group(1)), "due"
    if not found and kind == "target" and not lx.ANNUAL.search(win.before):
        # 年产20万吨…项目计划2026年投产: a goal's due year may follow it in its sentence;
        # 自2024年起，…不低于300万元/亩: a rule holds from its first year.
        due = _FROM_YEAR.search(win.before) or _DUE_AFTER.match(win.after)
        value = int(due.group(1)) if due else None
        found, evidence = value is not None, "due"
    if not found and kind == "target" and layout.dateline_year and _WHOLE_YEAR.search(win.before):
        # 全年力争…突破3100亿元 in a dated text: the goal is for the year the text is dated.
        found, value, evidence = True, layout.dateline_year, "dateline"
    if not found and not lx.ANNUAL.search(win.before):
        para = layout.paragraph_start(cand.start)
        found, value = layout.time_between(para, win.sent_start, carried=True)
        lead = None if found else layout.lead_in(para)
        if lead is not None:  # 到2025年，主要目标是： frames the items listed after it
            found, value = layout.time_between(*lead, carried=True)
        evidence = "paragraph"
    if not found:
        found, value = layout.heading(cand.start)[0] is not None, layout.heading(cand.start)[0]
        evidence = "heading"
    if not found:
        section = layout.section(cand.start)
        evidence = "title"
        if section.title_year and (kind == "target" or not section.title_is_horizon):
            value = section.title_year
    if not found and value is None and kind == "actual":
        # In a dated text, a reported figure holds for the year the section's earlier
        # paragraphs are about, else for the text's date; a count over a span (自2021年…以来, its scope
        # running over semicolons to the full stop) has none.
        para = layout.paragraph_start(cand.start)
        full_stop = max(layout.text.rfind("。", para, cand.start) + 1, para)
        section = layout.section(cand.start)
        short = section.end - section.start <= _SHORT_TEXT
        if (layout.dateline_year or short) and not _SINCE.search(layout.text, full_stop, cand.start):
            # A paragraph led by a province (河北省：…) in a compilation starts a new story.
            led = layout.lead_province(para, para) is not None
            value = None if led else layout.carried_before(section.start, para)
            value, evidence = (value, "section") if value else (layout.dateline_year, "dateline")
    data_year = layout.section(cand.start).data_year
    if data_year and kind == "actual" and evidence not in ("sentence", "due"):
        # An evaluation (2024年度考核（采用2023年度数据）) reports the data year's figures.
        return str(data_year), "data_year"
    if value is None or value == HIDDEN_YEAR:
        return None, evidence if found else "none"
    return str(value), evidence


# A goal written in brackets after the word for it: 规划目标（到2025年达到6万亿元）,
# “十四五”目标（1万家）. The brackets are an aside to the masked text, so they are read here.
_TARGET_BEFORE_BRACKET = re.compile(r"(?:目标|目标任务|目标值|规划|计划)[”\"]?[（(]")
_FIGURE_YEAR = re.compile(r"((?:19|20)\d\d)年")
_PLAN_NAME = re.compile(r"十([二三四五六])五")


def _target_bracket(win: _Window) -> int | None:
    """Offset in ``win.before`` of the bracket a goal is written in, or None."""
    opened = max(win.before.rfind("（"), win.before.rfind("("))
    if opened < 0 or max(win.before.rfind("）"), win.before.rfind(")")) > opened:
        return None
    return opened if _TARGET_BEFORE_BRACKET.search(win.before, max(0, opened - 6), opened + 1) else None


def _goal_year(layout: Layout, win: _Window, pos: int, bracket: int) -> tuple[str | None, str]:
    """The due year of a bracketed goal: a year it names, else the end of the plan period
    named before it in its section (“十四五”目标 → 2025)."""
    named = _FIGURE_YEAR.findall(win.before, bracket)
    if named:
        return named[-1], "due"
    plans = _PLAN_NAME.findall(layout.text, layout.section(pos).start, pos)
    return (str(PLAN_END[plans[-1]]), "due") if plans else (None, "none")


# A news item or a bulletin: short enough to be about one time, dated or not (a long
# policy text moves between base years, horizons and undated rules).
_SHORT_TEXT = 2500
_WHOLE_YEAR = re.compile(r"全年|年内")
_FROM_YEAR = re.compile(r"自((?:19|20)\d\d)年起")
_DATA_YEAR_AFTER = re.compile(r"[^，,。；;\d]{0,12}?((?:19|20)\d\d)年度")
_DUE_AFTER = re.compile(r"[^，,。；;]{0,20}?((?:19|20)\d\d)年(?:底|前|内)?(?:建成|投产|完成|实现|达产|开工)")
_SINCE = re.compile(r"(?:19|20)\d\d年[^。；;]{0,40}?以来")


# 西安交通大学, 中山大学, 南京银行: an organisation's name, not the place a figure is about.
_ORGANISATION = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:大学|学院|集团|公司|银行|医院)")
# The last scope word before a figure decides: 2个全国有影响力、3个全省有影响力的产业链.
_SCOPE = re.compile(r"全国|全省|全市|全区|全州|全县|我省|本省|我市|本市|我区|本区")
# 全国 as what a sentence is about (全国共有开发区…), not a yardstick (占全国, 居全国第3位,
# 高于全国平均水平, 全国前十) nor a modifier (2个全国有影响力的产业链).
_NATIONAL_SUBJECT = re.compile(r"(?:^|[^占居列于比较在超个家项条身入])全国(?![第平前后排首百千]|[\d十]+强)")


# 占全国的11.8%, 居全国…: 全国 as the yardstick a figure is measured against.
_YARDSTICK_VERBS = set("占居列于比较超")


def _region(cand: _Candidate, layout: Layout, measure: str, sent_start: int) -> tuple[str | None, str]:
    """The province a figure is about: the nearest evidence wins — the words just before
    it, the paragraph's lead, the sentence's places, the paragraph's provinces, the section.

    Returns (region, evidence): which of these decided, for the record's confidence."""
    if cand.prefix in _CUT_OFF and len(_sentence_provinces(layout, sent_start, cand.start)) >= 2:
        return None, "list"  # 居前三位的省份为江苏、浙江、山东: a cut-off several provinces share
    near = layout.text.rfind(NATIONAL, max(0, cand.start - 4), cand.start)
    if measure != "rank" and near >= 0 and layout.text[near - 1:near] not in _YARDSTICK_VERBS:
        return NATIONAL, "near"  # 全国229家…; not 占全国的11.8%
    para = layout.paragraph_start(cand.start)
    lead = layout.lead_province(para, cand.start)
    if lead:
        return lead, "lead"
    if _macro_region(layout.text, sent_start, cand.start):
        return None, "macro"  # 东部地区…: several provinces, none of them the subject
    strong, places = _sentence_places(layout, sent_start, cand.start)
    if _in_place_list(strong):
        strong = []  # a route or a list across provinces (济南—郑州—重庆) names no subject
    scope = None
    for found_scope in _SCOPE.finditer(layout.text, sent_start, cand.start):
        if layout.text[found_scope.start() - 1:found_scope.start()] not in _FRAME_VERBS:
            scope = found_scope  # 高于全国平均: a yardstick is no scope of the subject
    if (scope is not None and scope.group() == NATIONAL and _NATIONAL_SUBJECT.match(
            layout.text, scope.start() - 1 if scope.start() else 0)
            and (not strong or strong[-1].start < scope.start())):
        return NATIONAL, "sentence"
    if strong:
        return strong[-1].province, "sentence"
    national_ok = scope is None or scope.group() == NATIONAL
    if (national_ok and _national_collective(layout.text, sent_start, cand.start, counted=True)
            and not _placed_before(layout, sent_start)
            and not _local_scope_before(layout, sent_start)):  # 全区共有开发区124个，其中国家级…5个
        return NATIONAL, "collective"  # 国家级经开区实现进出口…: all the nation's zones of a level
    hit = layout.province_between(para, cand.start, own_name_only=True)
    local = scope is not None and scope.group() != NATIONAL
    while hit and hit[1] == NATIONAL and (local or layout.text[hit[0] - 1:hit[0]] in _YARDSTICK_VERBS):
        # 我省国家级经开区…: a local scope in the sentence passes over the nation named before;
        # 居全国第6位, 占全国的5.1%: a yardstick; the paragraph is still about the province before
        hit = layout.province_between(para, hit[0], own_name_only=True)
    if hit and hit[1] != NATIONAL:
        return hit[1], "paragraph"
    if hit and _NATIONAL_SUBJECT.match(layout.text, hit[0] - 1 if hit[0] else 0):
        return NATIONAL, "paragraph"  # 全国178家国家高新区实现…；营业收入达到…: still the nation's
    if (hit is None and national_ok and _national_collective(layout.text, para, sent_start)
            and not _placed_before(layout, sent_start) and not _local_scope_before(layout, sent_start)):
        return NATIONAL, "paragraph"  # 229家国家级经开区实现…；实际使用外资…: the same subject
    section = layout.section(cand.start)
    zone = _last_zone(layout, para, sent_start)
    if zone is not None and not layout.section_is_national(section):
        return zone.province, "paragraph"  # 芜湖经开区…。全年实现…: the zone the paragraph is about
    found = layout.lead_province(section.start, para)
    if found is None and layout.section_is_national(section):
        return NATIONAL, "section"
    found = found or layout.section_region(section) or _title_zone_province(layout, section)
    if found:
        return found, "section"
    # A county name read only because a zone word follows (新建工业项目) is too often an
    # ordinary word to place a figure on its own.
    named = [p for p in places if not p.weak]
    return (named[-1].province, "weak") if named else (None, "none")


_CUT_OFF = ("前", "后", "最后", "末", "强")


def _sentence_provinces(layout: Layout, sent_start: int, pos: int) -> set[str]:
    """The provinces (not 全国) a figure's whole sentence names."""
    lo = bisect_left(layout.province_pos, sent_start)
    hi = bisect_left(layout.province_pos, layout.sentence_end(pos))
    return {v for v in layout.province_val[lo:hi] if v != NATIONAL}


def _title_zones(layout: Layout, section: Section, end: int) -> list[Place]:
    """Zones named (with a place) in a section's first line, read no further than ``end``."""
    title_end = layout.text.find("\n", section.start + 1)
    return _zones_in(layout, section.start, title_end if title_end > 0 else end)


def _title_zone_province(layout: Layout, section: Section) -> str | None:
    """The province of the zone a section's title names (湄潭经济开发区…工作总结): a zone's
    own report says 我区, 全县 after its title and names no other place."""
    provinces = {z.province for z in _title_zones(layout, section, section.end)}
    return provinces.pop() if len(provinces) == 1 else None


def _in_place_list(places: list) -> bool:
    """True when the last place closes a run of three or more places joined only by
    separators (济南—郑州—重庆、太原) that spans several provinces."""
    run = places[-1:]
    for prev in reversed(places[:-1]):
        if run[0].start - prev.end > 1:
            break
        run.insert(0, prev)
    return len(run) >= 3 and len({p.province for p in run}) > 1


def _sentence_places(layout: Layout, lo: int, hi: int) -> tuple[list[Place], list[Place]]:
    """(strong places, all places) named in [lo, hi): the places of the gazetteer plus the
    places that head a zone's name (库尔勒经开区, 肥西桃花工业园), in text order.

    Places in brackets are asides (沿陇海、京广发展主轴…); a county's short name counts
    when it heads a zone's name (昆山经济技术开发区), not as a word (新建工业项目).
    """
    # Scanned to the end of the sentence at ``hi`` so that every figure of a sentence
    # shares one cached scan.
    places = [p for p in layout.places_between(lo, max(hi, layout.sentence_end(hi)))
              if p.start < hi and layout.masked[p.start] != " "
              and not _ORGANISATION.match(layout.text, p.end)]
    # 武汉东湖高新区: a name right behind another place is part of that place's zone name.
    strong = [p for i, p in enumerate(places)
              if not p.weak or (_ZONE.match(layout.text, p.start)
                                and not (i and places[i - 1].end == p.start))]
    for zone in _zones_in(layout, lo, hi):
        if not any(p.start <= zone.start < p.end for p in strong):
            strong.append(zone)
    strong.sort(key=lambda p: p.start)
    return strong, places


def _last_zone(layout: Layout, lo: int, hi: int) -> Place | None:
    """The last zone in [lo, hi) whose name begins with a place (芜湖经开区), as a Place —
    the zone a paragraph is about from there on. A zone its sentence names as a part
    (其中，南昌经开区…) is not: the sentences after it are about the whole again."""
    zones = _zones_in(layout, lo, hi)
    if not zones:
        return None
    opening = layout.sentence_start(zones[-1].start)
    return None if _PART_OPENING.match(layout.text, opening) else zones[-1]


_PART_OPENING = re.compile(r"\s*其中")


def _national_collective(text: str, sent_start: int, pos: int, counted: bool = False) -> bool:
    """True when a clause of the sentence opens with every zone of a national level as its
    subject (国家级经开区当年…, 157家国家高新区实现…), or, ``counted``, when the figure at
    ``pos`` counts them (参评的229家国家级经开区). Inside a clause the same words are an
    object or a scope (支持国家级经开区…, 每个国家级经开区…) and say nothing."""
    if counted and lx.COUNTED_COLLECTIVE.match(text, pos) is not None:
        return True
    if text.find("国家", sent_start, pos) < 0:
        return False  # every collective names 国家: most sentences end here
    starts = [sent_start] + [stop.end() for stop in _HARD_STOP.finditer(text, sent_start, pos)]
    # 2023年，229家国家级经开区实现…，同比增长6.2%: the subject holds for the clauses after it
    return any(lx.NATIONAL_COLLECTIVE.match(text, start, pos) for start in starts)



def _local_scope_before(layout: Layout, sent_start: int) -> bool:
    """True when the paragraph's last scope word before the sentence is a local one
    (全市12家开发区…。其中，国家级经开区…: the city's national-level zones)."""
    scope = None
    for scope in _SCOPE.finditer(layout.text, layout.paragraph_start(sent_start), sent_start):
        pass
    return scope is not None and scope.group() != NATIONAL


def _placed_before(layout: Layout, pos: int) -> bool:
    """True when the section names a province or a city before ``pos``, all in one province:
    its collectives (国家级开发区确定3—4个主导产业) are that place's zones, not the nation's.
    Zones of several provinces named before (苏州工业园区…广州经开区、北京经开区) are a
    national ranking's, and its collectives stay the nation's."""
    section = layout.section(pos)
    if layout.first_place(section) >= pos:
        return False
    named = {p.province for p in layout.places_between(section.start, section.end)
             if p.start < pos and not p.weak}
    return len(named) <= 1


# 高于东部地区, 比中部地区: a region as a yardstick, not the subject.
_YARDSTICK_BEFORE = re.compile(r"(?:高于|低于|快于|慢于|于|比|较|占|居)$")


def _macro_region(text: str, sent_start: int, pos: int) -> str | None:
    """A region of several provinces (东部地区, 长三角地区) that the clause is about."""
    if text.find("地区", sent_start, pos) < 0:
        return None  # most sentences name none: skip the regex
    last = None
    for match in lx.MACRO_REGION.finditer(text, sent_start, pos):
        if not _YARDSTICK_BEFORE.search(text, max(0, match.start() - 2), match.start()):
            last = match
    if last is None:
        return None
    # A province or a province-wide scope after it (…，其中安徽省13家; …，力争全省…) is the
    # nearer subject.
    if gazetteer().find(text, last.end(), pos) or _SCOPE.search(text, last.end(), pos):
        return None
    return last.group()


def _area(layout: Layout, sent_start: int, pos: int, region_by: str) -> str | None:
    """The zone or multi-province region the figure is about: named in its sentence, else
    the zone its paragraph or its document's title is about (芜湖经开区…。全年实现…),
    unless the sentence widens the scope (全省, 全市, 全国) or lists zones (A、B等9家)."""
    text = layout.text
    index = _zone_index(layout)
    i = bisect_left(index.starts, pos) - 1
    while i >= 0 and (index.ends[i] > pos or index.places[i] is None and _YARDSTICK_SCOPE.search(
            text, index.starts[i], index.ends[i])):
        i -= 1  # 增速居全省开发区第1位: the province's zones are the yardstick, not the subject
    if i >= 0 and index.starts[i] >= sent_start and index.places[i] is not None:
        zone = index.places[i]
        return None if text.startswith("等", zone.end) else zone.name
    macro = _macro_region(text, sent_start, pos)
    if macro or region_by in ("near", "collective", "lead") or _widens(text, sent_start, pos):
        return macro
    section = layout.section(pos)
    if layout.section_is_national(section):
        return None
    zone = _last_zone(layout, layout.paragraph_start(pos), sent_start)
    if zone is None:
        zones = {z.name for z in _title_zones(layout, section, pos)}
        return zones.pop() if len(zones) == 1 else None
    return zone.name


_WIDE_SCOPE = re.compile(r"全省|全市|全国|各开发区|全部")
_YARDSTICK_SCOPE = re.compile(r"[占居列于比较超在入](?:全省|全市|全国|全区)")


def _widens(text: str, lo: int, hi: int) -> bool:
    """True when [lo, hi) widens its scope beyond one zone (全省开发区实现…); a scope after a
    yardstick verb (增速居全省开发区第1位, 占全市的40%) is what the zone is measured against."""
    return any(text[m.start() - 1:m.start()] not in _FRAME_VERBS
               for m in _WIDE_SCOPE.finditer(text, lo, hi))


# 在全国高新区综合评价中, 进入全国…前30名: a frame the zone is ranked in, like a yardstick.
_FRAME_VERBS = _YARDSTICK_VERBS | {"在", "入"}


@dataclass(frozen=True, slots=True)
class _ZoneIndex:
    """Every zone name of a document (a ``_ZONE`` match), scanned once: the match spans and,
    where the name begins with a place, that place (named as written from it on)."""

    starts: list[int]
    ends: list[int]
    places: list[Place | None]


def _zone_index(layout: Layout) -> _ZoneIndex:
    index = layout.memo.get("zones")
    if not isinstance(index, _ZoneIndex):
        starts, ends, places = [], [], []
        for zone in _ZONE.finditer(layout.text):
            named = _zone_place(zone.group())
            starts.append(zone.start())
            ends.append(zone.end())
            places.append(None if named is None or layout.masked[zone.start()] == " " else
                          Place(zone.start() + named[0], zone.end(), zone.group()[named[0]:], named[1]))
        index = layout.memo["zones"] = _ZoneIndex(starts, ends, places)
    return index


def _zones_in(layout: Layout, lo: int, hi: int) -> list[Place]:
    """Zones wholly inside [lo, hi) whose names begin with a place. (Zone names never span
    punctuation, so the document's one scan finds what a scan of [lo, hi) would.)"""
    index = _zone_index(layout)
    found = []
    for i in range(bisect_left(index.starts, lo), bisect_left(index.starts, hi)):
        place = index.places[i]
        if place is not None and index.ends[i] <= hi:
            found.append(place)
    return found


# What lies between a province's name and the zone word when the province is a scope
# (江苏省国家级经开区, 广东省各开发区), not the place that names one zone (天津经开区).
_SCOPE_INSIDE_ZONE = re.compile(r"级|各|全|所有|的|和|、|省|等|将|要|推动|加快")
# A province's name heads one zone's name only for the municipalities (天津经开区); 广东省开发区
# are all the province's zones.
_MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})


@lru_cache(maxsize=4096)
def _zone_place(zone: str) -> tuple[int, str] | None:
    """(offset, province) of the place a zone's name begins with, or None.

    The gazetteer's own matches come first (合肥经开区 → 合肥). A county's short name is an
    ordinary word too often to be matched everywhere, but heading a zone's name it is a
    place (库尔勒经开区, 肥西桃花工业园): the name is tried at each offset, longest first.
    """
    gaz = gazetteer()
    for place in gaz.find(zone):
        if _SCOPE_INSIDE_ZONE.search(zone, place.end):
            continue  # 中山等市开发区, 江苏省国家级经开区: a scope, not one zone's name
        if place.name not in gaz.provinces or place.province in _MUNICIPALITIES:
            return place.start, place.province  # 合肥经开区; 天津经开区, 北京经济技术开发区
    for start in range(max(0, len(zone) - 4)):
        for size in (4, 3, 2):
            province = gaz.province(zone[start:start + size])
            if province is not None and zone[start:start + size] not in gaz.provinces:
                return start, province
    return None


def _subject(cand: _Candidate, win: _Window, metric: str) -> str:
    if metric == "zone_count":
        return subject_for(win.clause, win.after, win.before, is_zone_count=True)
    if cand.unit == "count":
        m = re.match(r"[^，,。；;、：:！？!?()（）\n]{1,20}", win.after)
        if m and not re.match(r"以上|左右|以内|以下|的", m.group()):
            return m.group()
    return _TRIM_SUBJECT.sub("", win.clause).strip() or win.clause.strip()
