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
from functools import lru_cache

from extract import lexicon as lx
from extract.gazetteer import NATIONAL, gazetteer
from extract.normalize import View, make_view
from extract.numerals import parse_number
from extract.records import Figure
from extract.scan import anchored_finditer
from extract.structure import HIDDEN_YEAR, Layout, build_layout
from extract.subject import subject_for

_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_MAG = r"(?:[千百十]万|万亿|亿|万|千)"
# A Chinese numeral may not *start* with a bare 百/千/万 unless a magnitude follows:
# 百家, 千家万户 are idioms, 千亿, 百亿 are amounts.
_CN = r"(?:[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*|[百千万]?[万亿]|[百千]亿|亿)(?:点[零〇一二三四五六七八九]+)?"
_NUM = rf"(?:{_AR}{_MAG}?|{_CN})"
# Chinese numerals are everywhere in prose (一是, 统一, 进一步); only those followed by
# something a figure can continue with are worth a closer look (a speed filter only).
_CN_NEXT = r"(?:(?<=亿)|(?=[家个户项条人座所块处支只位名强倍番元美平亩吨台套辆件棒分星公株艘架%级园产企集以及\-~—–至到，,。；;、)）\n]))"
# Fractions first: at "1/3" or "三分之一" the plain-number branch would also match.
_NUMBER = re.compile(
    rf"(?P<den>{_CN})分之(?P<numer>{_CN})"
    rf"|(?<![\d/.])(?P<fa>\d{{1,3}})/(?P<fb>\d{{1,3}})(?![\d/.年月日])"
    rf"|(?P<pre>百分之|最后|第|前|后|末|翻)?(?P<a>{_AR}{_MAG}?|{_CN}{_CN_NEXT})"
    rf"(?:(?P<u1>%|个百分点)?(?P<dash>[-~—–至到])(?P<b>{_NUM}))?"
)
# Every character a _NUMBER match can start with (see extract.scan).
_NUMBER_ANCHOR = re.compile(r"[\d第前后末翻最百零〇一二两三四五六七八九十千万亿]")
_UNIT = re.compile(
    r"(?P<percentage_point>个百分点|百分点)|(?P<percent>%)|(?P<times>倍|番)"
    r"|(?P<USD>美元)|(?P<CNY_per_mu>元/亩|元每亩)|(?P<CNY>元)"
    r"|(?P<km2>平方公里|平方千米|km2|km²)|(?P<m2>平方米|㎡|m2|m²)|(?P<mu>亩)|(?P<ton>吨)"
    r"|(?P<rank>位|名|强)"
    r"|(?P<count>家|个|户|项|条|人|座|所|块|处|支|只)"
    r"|(?P<other>台|套|辆|件|棒|分(?![之钟别类期批散配析工布享担解包管区局])|星级|人次|千瓦|公顷|公里|株|艘|架)"
)
# After a count: a span of time, or a part of a text or a policy — never a figure.
_NOT_COUNTED = re.compile(r"月|季度|工作日|小时|年|阶段|步|批次|轮|次|字|句|章|节|款|环")
_POLICY_PART = re.compile(
    r"方面|举措|措施|条款|意见|政策|任务|原则|要求|环节|坚持|必须|统筹|一级|指标|问题|层次|"
    r"机制|体系|维度|事项|审批|改革|制度|工作|权限|职能|汉字|前置"
)
_PUNCT = "，,。；;、：:！？!?)）\n"
# 世界500强, 中国500强, 三个500强: names of a class of firms, not a ranking cut-off.
_STRONG_RANK_CLASS = re.compile(r"(?:世界|中国|国内|全国|民营|全球|国际|跨国)$|个$")
_ONE_CUE = re.compile(r"(?:至少|最少|不少于|不超过|新增|增加|只|仅|引进|设立|建设|培育|创建)$")
_QUOTES = re.compile(r"“[^“”\n]{1,14}”|\"[^\"\n]{1,14}\"|《[^《》\n]{0,80}》")
_ZONE = re.compile(
    r"[\u4e00-\u9fff]{2,6}?(?:经济技术开发区|高新技术产业开发区|经济开发区|经开区|高新区|工业园区|综合保税区|保税区|产业园区|开发区|新区)"
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
    if (unit_match is None and not match.group("b") and end < len(view) and view[end] in "余多"
            and a_text[-1].isdigit()):
        # 560余家, 20多个: "more than", written between the number and its classifier.
        unit_match = _MORE_THAN_COUNT.match(view, end + 1)
    unit = unit_match.lastgroup if unit_match else None
    if u1 and not unit:
        unit = "percent" if u1 == "%" else "percentage_point"
    unit_end = unit_match.end() if unit_match else end
    if unit is None:
        # A bare 亿/万亿 magnitude is money (5万亿左右, 150亿级, 10亿以上企业).
        if a_text.endswith("亿") and (not magnitude_only or _GROUP_NOUN.match(view, end)):
            unit = "CNY"
        else:
            return None
    if unit == "times" and view.startswith("番", end):
        return None  # 翻番 without a number of doublings
    if unit == "rank":
        if view[end] != "位" or not re.search(r"(?:进|升|提升|前进|上升|下降|后退|提高)$",
                                              view[max(0, start - 3):start]):
            if (view[end] == "强" and not re.match(r"强(?:企业|项目|公司|品牌|集团)", view[end:end + 3])
                    and not _STRONG_RANK_CLASS.search(view[max(0, start - 2):start])):
                return _Candidate(start, unit_end, value, high, "rank", "强", False)
            return None
    if unit == "count" and a_text in ("一",) and not _ONE_CUE.search(view[max(0, start - 4):start]):
        return None
    if magnitude_only and unit != "CNY":
        return None
    if magnitude_only and a_text == "万":
        return None  # 万元增加值能耗: a per-unit base, not an amount
    if magnitude_only and (unit_end >= len(view) or view[unit_end] in _PUNCT):
        magnitude_only = False  # 均超过万亿元，: an amount, not the name of a class
    return _Candidate(start, unit_end, value, high, unit, pre, magnitude_only, view[end:unit_end])


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
        if tail[:1].isdigit() and not view[cand.start].isdigit():
            return True  # 五个100, 三个500强: a slogan (100个500强项目 is a real count)
        if _NOT_COUNTED.match(tail) or (not tail.startswith("的") and _POLICY_PART.search(tail)):
            return True
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
# An amount that is a change against a base (较上年提高2.4万元, 比上年减少3亿元).
_AMOUNT_CHANGE = re.compile(r"(?:较|比)[^，,。；;]{0,8}(?:提高|增加(?!值)|减少|下降|降低)$")
# The metric a ranking ranks (营业收入排名前10的…中), named anywhere before in the sentence.
_RANKED = re.compile(r"排名|排序|排位")
# A count of a group, then a bound on its members (47家经开区实际使用外资超过1亿美元).
_GROUP_COUNT = re.compile(r"有[\d一二两三四五六七八九十]+(?:家|个)[\u4e00-\u9fff]{0,8}?"
                          r"(?:开发区|园区|经开区|高新区|集聚区|企业|项目)")
_ELLIPTIC_CLASS = re.compile(r"的(?:达到|达|有|为|共有|增至|增加到)")
_BOUND_BEFORE = re.compile(r"(?:超过|超|过|突破|逾|不足|低于|高于|达到)$")
_CHANGED_TO = re.compile(r"[\u4e00-\u9fff]{0,6}(?:至|到|为)")
_MORE_THAN_COUNT = re.compile(r"(?P<count>家|个|户|项|条|人|座|所)")
_HARD_STOP = re.compile(r"[，,。；;：:！？!?\n]")
_COUNT_FIGURE = re.compile(r"[\d一二两三四五六七八九十]+(?:[-~—–]\d+)?[家个户项条座所块处]")
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
    if previous is not None and previous.start < view.original_start(sent_start):
        previous = None

    threshold = cand.magnitude_only or cand.prefix in ("前", "后", "最后", "末", "强") or _is_threshold(cand, win)
    qualifier = _qualifier(cand, text, win)
    measure, negative = _measure(cand, win, threshold)
    metric = "threshold" if threshold else _metric(cand, win, measure, previous)
    unit = cand.unit
    listed = previous is not None and original[previous.end:view.original_start(cand.start)] in ("、", "和", "及")
    if qualifier == "exact" and listed and previous.qualifier in ("at_least", "at_most", "approx"):
        qualifier = previous.qualifier  # 分别突破1000亿元、700亿元
    if unit == "CNY" and (re.search(r"亩均|每亩|/亩", win.before[-14:]) or (
            previous is not None and previous.unit == "CNY_per_mu"
            and not lx.AMOUNT_METRIC.search(win.clause))):
        unit = "CNY_per_mu"  # 亩均税收不低于15万元，国家级开发区不低于20万元
    if unit == "CNY_per_mu" and not threshold:
        metric = "land"
    value = -cand.value if negative else cand.value
    kind = _kind(cand, layout, win)
    period = _period(cand, layout, kind, win)
    region = _region(cand, layout, measure, sent_start)
    area = _area(text, sent_start, cand.start)
    subject = _subject(cand, win, metric)

    start, end = view.original_start(cand.start), view.original_end(cand.end)
    if not 0 <= start < end <= len(original):
        return None
    return Figure(doc_id=doc_id, start=start, end=end, text=original[start:end], value=value,
                  value_high=cand.value_high, unit=unit, metric=metric, measure=measure,
                  region=region, area=area, subject=subject, period=period, kind=kind,
                  qualifier=qualifier)


def _qualifier(cand: _Candidate, text: str, win: _Window) -> str:
    if cand.value_high is not None:
        return "range"
    head_end = cand.start - 1 if cand.prefix == "翻" else cand.start
    m = lx.QUALIFIER_BEFORE.search(text, max(0, head_end - 30), head_end)
    if m and m.start() >= win.sent_start:
        return m.lastgroup  # type: ignore[return-value]
    if cand.unit_word[:1] in ("余", "多"):
        return "at_least"
    m = lx.QUALIFIER_AFTER.match(win.after)
    if m:
        return m.lastgroup  # type: ignore[return-value]
    m = lx.COORDINATED_BOUND.match(win.after)
    if m and m.lastgroup:
        return m.lastgroup  # 50亿元或100亿元以上企业: both bounds are "or more"
    if cand.magnitude_only or (cand.unit == "CNY" and _GROUP_NOUN.match(win.after)
                               and not win.after.startswith("的")):
        return "at_least"  # 千亿园区, 亿元级项目, 150亿级
    return "exact"


def _measure(cand: _Candidate, win: _Window, threshold: bool) -> tuple[str, bool]:
    """(measure, negative?) from the verbs in front of the figure."""
    if cand.unit == "rank":
        if cand.prefix or not re.search(r"(?:进|升|提升|前进|上升|下降|后退|提高)$", win.before):
            return "rank", False
        return "difference", bool(lx.DECLINE.search(win.clause[-4:]))
    if cand.unit == "percent":
        if threshold:
            return "share", False
        if lx.SHARE.search(win.clause) or win.clause.endswith("的"):
            return "share", False
        m = re.match(r"(?:以上|左右)?的", win.after)
        if m and (re.search(r"全省|全市|全国|全区|创造|占", win.before) or _GROUP_NOUN.match(win.after, m.end())):
            return "share", False  # 创造了全省50%的经济总量, 80%以上的省定产业集聚区
    if cand.unit in ("percent", "times"):
        if cand.prefix == "翻" or lx.GROWTH.search(win.clause[-12:]):
            return "growth", bool(lx.DECLINE.search(win.clause[-12:]))
        return "level", False
    if cand.unit == "percentage_point":
        return "difference", bool(lx.DECLINE.search(win.clause))
    if cand.unit == "count" and lx.DIFFERENCE.search(win.clause[-20:]):
        return "difference", bool(lx.DECLINE.search(win.clause[-20:]))
    if cand.unit != "count" and not threshold and _AMOUNT_CHANGE.search(win.clause):
        return "difference", bool(lx.DECLINE.search(win.clause[-4:]))  # 较上年提高2.4万元
    return "level", False


def _keyword_metric(pattern: re.Pattern[str], window: str, last: bool,
                    skip_other: bool = False) -> str | None:
    """The metric named in ``window``: its first keyword (a list's first item names the
    metric: 营业收入、利润年均增长10%) or, with ``last``, the one nearest the figure.

    ``skip_other`` passes over container nouns (每个县市区不超过1家 counts zones, not 县).
    """
    metrics = [lx.metric_of(m) for m in pattern.finditer(window)
               if not (skip_other and lx.is_container(m))]
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


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _metric(cand: _Candidate, win: _Window, measure: str, previous: Figure | None) -> str:
    inherited = previous.metric if previous is not None and previous.metric != "threshold" else None
    if cand.unit == "count" and cand.unit_word.endswith("人"):
        return "other"  # 812人, 2650万人: people are none of the counted things
    if cand.unit == "count":
        found = _counted_noun(win.after)
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
        if "数量" in win.clause:
            return _keyword_metric(lx.COUNT_METRIC, win.clause, last=False) or "other"
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
    if counted and measure in ("share", "growth", "level"):
        # 高新技术企业数量增长50%, 占开发区总数的10.8%: a count's share or growth.
        found = _keyword_metric(lx.COUNT_METRIC, win.clause[:counted.start()], last=True, skip_other=True)
        if found:
            return found
    found = _keyword_metric(lx.AMOUNT_METRIC, win.clause, last=False)
    if found:
        return found
    if measure in ("growth", "share", "difference") and inherited:
        return inherited
    return _keyword_metric(lx.AMOUNT_METRIC, win.before, last=True) or "other"


def _is_threshold(cand: _Candidate, win: _Window) -> bool:
    """A bound that defines a group: 超1000亿元园区, 投资50亿元以上项目, 比重超过50%的园区."""
    after = win.after
    if cand.unit == "other":
        return bool(re.match(r"(?:及?以上)(?:的)?[\u4e00-\u9fff]", after))  # 二星级及以上…, 90分以上的开发区
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


def _kind(cand: _Candidate, layout: Layout, win: _Window) -> str:
    """Target or actual: the sentence's cues (book titles blanked: 《…行动计划》 is a name),
    else the genre of the section (a plan's sentences are targets)."""
    before = layout.masked[win.sent_start:cand.start]
    strong_target = None
    for strong_target in lx.STRONG_TARGET.finditer(before):
        pass
    strong_actual = None
    for strong_actual in lx.STRONG_ACTUAL.finditer(before):
        pass
    if strong_target and not (strong_actual and strong_actual.start() > strong_target.start()):
        return "target"
    if strong_actual:
        return "actual"
    section = layout.section(cand.start)
    found, year = layout.time_between(win.sent_start, cand.start)
    start_year = section.title_first_year
    if found and isinstance(year, int) and start_year and year < start_year:
        return "actual"  # 2022年，全区开发区实现… in a 2023—2025 plan: the starting point
    # A plan's cue carries over its paragraph's semicolons (到2026年，…；全省…提高到40%).
    para_before = layout.masked[layout.paragraph_start(cand.start):win.sent_start]
    target = _last(lx.STRONG_TARGET, para_before)
    if target and not lx.STRONG_ACTUAL.search(para_before, target.end()):
        return "target"
    _, genre = layout.heading(cand.start)
    if genre:
        return "target" if genre == "plan" else "actual"
    if section.is_plan or (not section.is_report and lx.WEAK_TARGET.search(before)):
        return "target"
    return "actual"


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    last = None
    for last in pattern.finditer(text):
        pass
    return last


def _period(cand: _Candidate, layout: Layout, kind: str, win: _Window) -> str | None:
    found, value = layout.time_between(win.sent_start, cand.start)
    if not found and not lx.ANNUAL.search(win.before):
        found, value = layout.time_between(layout.paragraph_start(cand.start), win.sent_start,
                                           carried=True)
    if not found:
        found, value = layout.heading(cand.start)[0] is not None, layout.heading(cand.start)[0]
    if not found:
        section = layout.section(cand.start)
        if section.title_year and (kind == "target" or not section.title_is_horizon):
            value = section.title_year
    if value is None or value == HIDDEN_YEAR:
        return None
    return str(value)


# 西安交通大学, 中山大学, 南京银行: an organisation's name, not the place a figure is about.
_ORGANISATION = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:大学|学院|集团|公司|银行|医院)")
# The last scope word before a figure decides: 2个全国有影响力、3个全省有影响力的产业链.
_SCOPE = re.compile(r"全国|全省|全市|全区|全州|全县")
# 全国 as what a sentence is about (全国共有开发区…), not a yardstick (占全国, 居全国第3位,
# 高于全国平均水平, 全国前十) nor a modifier (2个全国有影响力的产业链).
_NATIONAL_SUBJECT = re.compile(r"(?:^|[^占居列于比较在超个家项条])全国(?![第平前后排首百])")


def _region(cand: _Candidate, layout: Layout, measure: str, sent_start: int) -> str | None:
    """The province a figure is about: the nearest evidence wins — the words just before
    it, the paragraph's lead, the sentence's places, the paragraph's provinces, the section."""
    if measure != "rank" and NATIONAL in layout.text[max(0, cand.start - 4):cand.start]:
        return NATIONAL
    para = layout.paragraph_start(cand.start)
    lead = layout.lead_province(para, cand.start)
    if lead:
        return lead
    # Places in brackets are asides (沿陇海、京广发展主轴…); a county's short name counts
    # when it heads a zone's name (昆山经济技术开发区), not as a word (新建工业项目).
    places = [p for p in layout.places_between(sent_start, layout.sentence_end(sent_start))
              if p.start < cand.start and layout.masked[p.start] != " "
              and not _ORGANISATION.match(layout.text, p.end)]
    # 武汉东湖高新区: a name right behind another place is part of that place's zone name.
    strong = [p for i, p in enumerate(places)
              if not p.weak or (_ZONE.match(layout.text, p.start)
                                and not (i and places[i - 1].end == p.start))]
    if _in_place_list(strong):
        strong = []  # a route or a list across provinces (济南—郑州—重庆) names no subject
    scope = None
    for scope in _SCOPE.finditer(layout.text, sent_start, cand.start):
        pass
    if (scope is not None and scope.group() == NATIONAL and _NATIONAL_SUBJECT.match(
            layout.text, scope.start() - 1 if scope.start() else 0)
            and (not strong or strong[-1].start < scope.start())):
        return NATIONAL
    if strong:
        return strong[-1].province
    hit = layout.province_between(para, cand.start, own_name_only=True)
    if hit and hit[1] != NATIONAL:
        return hit[1]
    section = layout.section(cand.start)
    found = layout.lead_province(section.start, para)
    if found is None and layout.section_is_national(section):
        return NATIONAL
    found = found or layout.section_region(section)
    return found or (places[-1].province if places else None)


def _in_place_list(places: list) -> bool:
    """True when the last place closes a run of three or more places joined only by
    separators (济南—郑州—重庆、太原) that spans several provinces."""
    run = places[-1:]
    for prev in reversed(places[:-1]):
        if run[0].start - prev.end > 1:
            break
        run.insert(0, prev)
    return len(run) >= 3 and len({p.province for p in run}) > 1


def _area(text: str, sent_start: int, pos: int) -> str | None:
    """The zone or city the figure is about, when its sentence names one."""
    last = None
    for last in _ZONE.finditer(text, sent_start, pos):
        pass
    return _zone_area(last.group()) if last is not None else None


@lru_cache(maxsize=4096)
def _zone_area(zone: str) -> str | None:
    """合肥经开区 → 合肥经开区; a zone whose name starts with no known place → None."""
    gaz = gazetteer()
    for place in gaz.find(zone):
        if place.name not in gaz.provinces:
            return zone[place.start:]
    return None


def _subject(cand: _Candidate, win: _Window, metric: str) -> str:
    if metric == "zone_count":
        return subject_for(win.clause, win.after, win.before, is_zone_count=True)
    if cand.unit == "count":
        m = re.match(r"[^，,。；;、：:！？!?()（）\n]{1,20}", win.after)
        if m and not re.match(r"以上|左右|以内|以下|的", m.group()):
            return m.group()
    return _TRIM_SUBJECT.sub("", win.clause).strip() or win.clause.strip()
