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
from bisect import bisect_right
from dataclasses import dataclass

from extract import lexicon as lx
from extract.gazetteer import NATIONAL, gazetteer
from extract.normalize import View, make_view
from extract.numerals import parse_number
from extract.records import Figure
from extract.structure import HIDDEN_YEAR, Layout, build_layout

_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_MAG = r"(?:[千百十]万|万亿|亿|万|千)"
# A Chinese numeral may not *start* with a bare 百/千/万 unless a magnitude follows:
# 百家, 千家万户 are idioms, 千亿, 百亿 are amounts.
_CN = r"(?:[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*|[百千万]?[万亿]|[百千]亿|亿)(?:点[零〇一二三四五六七八九]+)?"
_NUM = rf"(?:{_AR}{_MAG}?|{_CN})"
_NUMBER = re.compile(
    rf"(?P<pre>百分之|最后|第|前|后|末|翻)?(?P<a>{_NUM})"
    rf"(?:(?P<u1>%|个百分点)?(?P<dash>[-~—–至到])(?P<b>{_NUM}))?"
    rf"|(?P<den>{_CN})分之(?P<numer>{_CN})"
    rf"|(?<![\d/.])(?P<fa>\d{{1,3}})/(?P<fb>\d{{1,3}})(?![\d/.])"
)
_UNIT = re.compile(
    r"(?P<percentage_point>个百分点|百分点)|(?P<percent>%)|(?P<times>倍|番)"
    r"|(?P<USD>美元)|(?P<CNY_per_mu>元/亩|元每亩)|(?P<CNY>元)"
    r"|(?P<km2>平方公里|平方千米|km2|km²)|(?P<m2>平方米|㎡|m2|m²)|(?P<mu>亩)|(?P<ton>吨)"
    r"|(?P<rank>位|名|强)"
    r"|(?P<count>家|个|户|项|条|人|座|所|块|处|支|只)"
    r"|(?P<other>台|套|辆|件|棒|分(?![之钟别类期批散配析工布享担解包管区局])|星级|人次|千瓦|公顷|公里|株|艘|架)"
)
# After a count: a part of a text or a policy, or a span of time — never a figure.
_NOT_COUNTED = re.compile(
    r"方面|举措|措施|条款|意见|政策|任务|原则|要求|环节|月|季度|工作日|小时|年|阶段|步|批次|"
    r"环|重点|坚持|必须|统筹|一级|类指标|指标|字|句|章|节|款|问题|层次|机制|体系|维度|轮|次"
)
_PUNCT = "，,。；;、：:！？!?)）\n"
_ONE_CUE = re.compile(r"(?:至少|最少|不少于|不超过|新增|增加|只|仅|引进|设立|建设|培育|创建)$")
_QUOTES = re.compile(r"“[^“”\n]{1,14}”|\"[^\"\n]{1,14}\"|《[^《》\n]{0,80}》")
_ZONE = re.compile(
    r"[\u4e00-\u9fff]{2,6}?(?:经济技术开发区|高新技术产业开发区|经济开发区|经开区|高新区|工业园区|综合保税区|保税区|产业园区|开发区|新区)"
)
_MAGNITUDE_CLASS = re.compile(r"级|以上|园区|产业|企业|项目|集群")
_GROUP_NOUN = re.compile(
    r"(?:级|及?以上|以下)?(?:的)?(?:[\u4e00-\u9fff]{0,4})?"
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
    shared_unit: bool = False  # a bare number borrowing the next figure's unit


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
    figures = []
    for cand in _candidates(view.text, excluded, excluded_starts):
        try:
            figure = _describe(cand, view, layout, text, doc_id)
        except Exception:  # noqa: BLE001 - one odd figure must not cost the document
            continue
        if figure is not None:
            figures.append(figure)
    figures.sort(key=lambda f: (f.start, f.end))
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
    for match in _NUMBER.finditer(view):
        cand = _read(match, view)
        if cand is None:
            # A bare Arabic number followed by 、 or 和 may share the next figure's unit.
            a = match.group("a")
            if (a and not match.group("pre") and not match.group("b") and a[0].isdigit()
                    and match.end() < n and view[match.end()] in "、和及与或"):
                if not pending or pending[-1].end + 1 == match.start():
                    pending.append(_Candidate(match.start(), match.end(), float(a.replace(",", "")),
                                              None, "", "", False, True))
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
        den = float(match.group("fb"))
        if den == 0:
            return None
        return _Candidate(match.start(), match.end(), float(match.group("fa")) / den * 100,
                          None, "percent", "/", False)
    if match.group("den"):
        den, numer = parse_number(match.group("den")), parse_number(match.group("numer"))
        if not den or numer is None:
            return None
        return _Candidate(match.start(), match.end(), numer / den * 100, None, "percent", "/", False)

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
    if pre == "第":
        if high is None and (view.startswith(("位", "名"), end)
                             or (end >= len(view) or view[end] in _PUNCT)
                             and re.search(r"[居列排名国部省市区]$", view[max(0, start - 2):start])):
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
    u1 = match.group("u1")
    unit_match = _UNIT.match(view, end)
    unit = unit_match.lastgroup if unit_match else None
    if u1 and not unit:
        unit = "percent" if u1 == "%" else "percentage_point"
    unit_end = unit_match.end() if unit_match else end
    if unit is None:
        # A bare 亿/万亿 magnitude is money (5万亿左右, 150亿级, 10亿以上企业).
        if a_text.endswith("亿") and (not magnitude_only or view.startswith("级", end)):
            unit = "CNY"
        else:
            return None
    if unit == "times" and view.startswith("番", end):
        return None  # 翻番 without a number of doublings
    if unit == "rank":
        if view[end] != "位" or not re.search(r"(?:进|升|提升|前进|上升|下降|后退|提高)$",
                                              view[max(0, start - 3):start]):
            if view[end] == "强" and not re.match(r"强(?:企业|项目|公司|品牌|集团)", view[end:end + 3]):
                return _Candidate(start, unit_end, value, high, "rank", "强", False)
            return None
    if unit == "count" and a_text in ("一",) and not _ONE_CUE.search(view[max(0, start - 4):start]):
        return None
    if magnitude_only and unit != "CNY":
        return None
    if magnitude_only and a_text == "万":
        return None  # 万元增加值能耗: a per-unit base, not an amount
    return _Candidate(start, unit_end, value, high, unit, pre, magnitude_only)


def _out_of_scope(cand: _Candidate, view: str, excluded: list[tuple[int, int]],
                  starts: list[int]) -> bool:
    before = view[cand.start - 1] if cand.start > 0 else ""
    after = view[cand.end] if cand.end < len(view) else ""
    if before.isascii() and before.isalpha() or before in "×*+xX":
        return True  # G60, 7×24
    if after in "×*+" or (after.isascii() and after.isalpha() and cand.unit not in ("m2", "km2")):
        return True
    if _inside(cand.start, excluded, starts) and not cand.magnitude_only:
        return True  # “五个100”工程, “5020”项目, numbers inside 《book titles》
    if cand.unit == "count":
        tail = view[cand.end:cand.end + 4]
        if _NOT_COUNTED.match(tail):
            return True
        if view[cand.end - 1] == "条" and (not tail or tail[0] in _PUNCT):
            return True  # 出台30条: articles of a policy
    return False


# ---------------------------------------------------------------------------------------
# Describing a figure
# ---------------------------------------------------------------------------------------

def _describe(cand: _Candidate, view: View, layout: Layout, original: str, doc_id: str) -> Figure | None:
    text = view.text
    sent_start = layout.sentence_start(cand.start)
    clause_start = layout.clause_start(cand.start)
    before = text[sent_start:cand.start]
    clause = text[clause_start:cand.start]
    after = text[cand.end:layout.sentence_end(cand.end)]

    qualifier = _qualifier(cand, text, after)
    measure, negative = _measure(cand, clause, before)
    metric = _metric(cand, text, clause, before, after, measure)
    unit = cand.unit
    if unit == "CNY" and re.search(r"亩均|每亩|/亩", before[-12:]):
        unit = "CNY_per_mu"
    value, high = cand.value, cand.value_high
    if negative:
        value = -value
    kind = _kind(cand, layout, before, after)
    period = _period(cand, layout, kind, sent_start)
    region = _region(cand, layout, measure, sent_start)
    area = _area(text, layout, sent_start, cand.start)
    subject = _subject(cand, text, clause, after)

    start, end = view.original_start(cand.start), view.original_end(cand.end)
    if not 0 <= start < end <= len(original):
        return None
    return Figure(doc_id=doc_id, start=start, end=end, text=original[start:end], value=value,
                  value_high=high, unit=unit, metric=metric, measure=measure, region=region,
                  area=area, subject=subject, period=period, kind=kind, qualifier=qualifier)


def _qualifier(cand: _Candidate, text: str, after: str) -> str:
    if cand.value_high is not None:
        return "range"
    if cand.magnitude_only:
        return "at_least"
    head = text[max(0, cand.start - 3):cand.start]
    for size in (3, 2, 1):
        m = lx.QUALIFIER_BEFORE.search(head[-size:]) if len(head) >= size else None
        if m:
            return m.lastgroup  # type: ignore[return-value]
    m = lx.QUALIFIER_AFTER.match(after)
    if m:
        return m.lastgroup  # type: ignore[return-value]
    if cand.unit == "CNY" and _GROUP_NOUN.match(after) and not after.startswith("的"):
        return "at_least"  # 超1000亿元园区 is caught above; 150亿级, 亿元级 here
    return "exact"


def _measure(cand: _Candidate, clause: str, before: str) -> tuple[str, bool]:
    """(measure, negative?) from the verbs in front of the figure."""
    if cand.unit == "rank" and cand.prefix in ("第", "前", "后", "最后", "末", "强"):
        return "rank", False
    if cand.unit == "rank":
        return "difference", bool(lx.DECLINE.search(clause))
    tail = clause[-12:]
    if cand.unit in ("percent", "times"):
        if lx.SHARE.search(clause):
            return "share", False
        growth = list(lx.GROWTH.finditer(tail))
        if growth:
            return "growth", bool(lx.DECLINE.search(tail))
        if cand.unit == "times":
            return "level", False
        return "level", False
    if cand.unit == "percentage_point":
        return "difference", bool(lx.DECLINE.search(clause))
    if lx.DIFFERENCE.search(tail):
        return "difference", bool(lx.DECLINE.search(tail))
    return "level", False


def _last_metric(pattern: re.Pattern[str], window: str) -> str | None:
    last = None
    for match in pattern.finditer(window):
        last = match
    return lx.metric_of(last) if last else None


def _metric(cand: _Candidate, text: str, clause: str, before: str, after: str, measure: str) -> str:
    if cand.prefix in ("前", "后", "最后", "末", "强"):
        return "threshold"
    if cand.magnitude_only or _is_threshold(cand, after):
        return "threshold"
    if cand.unit in ("count",):
        noun_after = after[:14]
        m = lx.COUNT_METRIC.match(noun_after) or _first(lx.COUNT_METRIC, noun_after[:10])
        if m and not _PUNCT_BEFORE(noun_after, m.start()):
            return lx.metric_of(m)
        found = _last_metric(lx.COUNT_METRIC, clause) or _last_metric(lx.COUNT_METRIC, before[-30:])
        return found or "other"
    if cand.unit == "rank":
        found = _last_metric(lx.AMOUNT_METRIC, clause)
        if found:
            return found
        if "数量" in clause or "数" in clause[-3:]:
            return _last_metric(lx.COUNT_METRIC, clause) or "other"
        return "other"
    if cand.unit == "ton":
        return "other"  # production capacities (年产30万吨甲醇)
    if cand.unit == "other":
        return _last_metric(lx.AMOUNT_METRIC, clause) or "other"
    if cand.unit in ("mu", "m2", "km2", "CNY_per_mu"):
        return _last_metric(lx.AMOUNT_METRIC, before) or "land"
    found = _last_metric(lx.AMOUNT_METRIC, clause)
    if found is None:
        found = _last_metric(lx.AMOUNT_METRIC, before)
    if found is None and measure in ("growth", "share"):
        found = _last_metric(lx.COUNT_METRIC, before)
    return found or "other"


def _first(pattern: re.Pattern[str], window: str) -> re.Match[str] | None:
    return pattern.search(window)


def _PUNCT_BEFORE(window: str, pos: int) -> bool:
    return any(ch in _PUNCT for ch in window[:pos])


def _is_threshold(cand: _Candidate, after: str) -> bool:
    """A bound that defines a group: 超1000亿元园区, 投资50亿元以上项目, 超过50%的园区."""
    if cand.unit not in ("CNY", "USD", "percent"):
        return False
    m = _GROUP_NOUN.match(after)
    if not m:
        # 50亿元或100亿元以上企业: the first of two coordinated bounds
        m2 = re.match(rf"(?:或|和|、)(?:{_NUM})(?:亿元|万元|亿|元|%)", after)
        return bool(m2) and bool(_GROUP_NOUN.match(after[m2.end():]))
    if cand.unit == "percent":
        return "的" in m.group() and not re.search(r"企业$|产业$", m.group())
    return not after.startswith("的")


def _kind(cand: _Candidate, layout: Layout, before: str, after: str) -> str:
    strong_target = re.search(r"到20\d\d年|到20[xX]{2}年|“?十[三四五六]五”?(?:末|期间)|力争|目标|争取|确保|计划|预期", before)
    strong_actual = re.search(r"截至|截止|目前|已经|已|现有|共有|了|据了解|据统计|迄今|同比|比上年|预计|20\d\d年度|位居|居全国|列全国", before)
    if strong_target and not (strong_actual and strong_actual.start() > strong_target.start()):
        return "target"
    if strong_actual:
        return "actual"
    section = layout.section(cand.start)
    if section.is_plan:
        return "target"
    if lx.TARGET_CUE.search(before[-20:]) or re.match(r"以上|左右", after) and "要" in before:
        return "target"
    return "actual"


def _period(cand: _Candidate, layout: Layout, kind: str, sent_start: int) -> str | None:
    found, value = layout.time_between(sent_start, cand.start)
    if not found:
        found, value = layout.time_between(layout.paragraph_start(cand.start), sent_start)
    if not found:
        section = layout.section(cand.start)
        value = section.title_year if (kind == "target" or section.is_plan) else None
    if value is None or value == HIDDEN_YEAR:
        return None
    return str(value)


def _region(cand: _Candidate, layout: Layout, measure: str, sent_start: int) -> str | None:
    text = layout.text
    if measure != "rank" and NATIONAL in text[max(0, cand.start - 4):cand.start]:
        return NATIONAL
    hit = layout.province_between(sent_start, cand.start)
    if hit and hit[1] != NATIONAL:
        return hit[1]
    para = layout.paragraph_start(cand.start)
    hit = layout.province_between(para, sent_start)
    if hit and hit[1] != NATIONAL:
        return hit[1]
    places = layout.places_between(sent_start, cand.start)
    if places:
        return places[-1][2]
    return layout.section(cand.start).region


def _area(text: str, layout: Layout, sent_start: int, pos: int) -> str | None:
    last = None
    for match in _ZONE.finditer(text, sent_start, pos):
        last = match
    if last is None:
        return None
    name = last.group()
    gaz = gazetteer()
    for place in gaz.pattern.finditer(name):
        if place.group() not in gaz.provinces:
            return name[place.start():]
    return None


def _subject(cand: _Candidate, text: str, clause: str, after: str) -> str:
    if cand.unit == "count":
        m = re.match(r"[^，,。；;、：:！？!?()（）\n]{1,20}", after)
        if m and not re.match(r"以上|左右|以内|以下|，", m.group()):
            return m.group()
    return _TRIM_SUBJECT.sub("", clause).strip() or clause.strip()
