"""The document around a figure: sentences, paragraphs, sections, places and years.

A figure rarely names its own province or year; Chinese reports state them once, in the
sentence, the paragraph lead (湖南省：…) or the document's title, and let them carry over.
``Layout`` indexes a document's view once so each figure can ask "which place / which
year is in force here?" with a few bisects.

Sections matter for compilations (several provinces' plans pasted into one page): a new
section starts at a short title-like line that comes well after the previous section
start, and places or years never carry across sections.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from extract.gazetteer import NATIONAL, Place, gazetteer
from extract.scan import anchored_finditer

SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_LIST_MARK = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
# A list item: a numbered item, a dash line (——经济规模持续扩大) or a bullet.
_LIST_ITEM = re.compile(rf"\s*(?:——|—|·|•|{_LIST_MARK.pattern[1:]})")
_MAX_LIST_ITEMS = 12
_TITLE_LINE_MAX = 40
_MIN_VOTES = 3  # without a province named, three mentions of its places
# How a province's or a city's own text names itself.
_SELF_REFERENCE = re.compile(r"我省|本省|我市|本市|我区|本区|我州|我县")
_MIN_SECTION = 1500  # characters: shorter stretches are a title block, not a new document

# Years in force. Comparison bases (比2019年), starting points (自2018年起, 2018年以来), years
# inside brackets and book titles, and document numbers are not the year a figure holds for.
# The pattern starts at the year itself (a leading optional word would make every
# position a match attempt); the word in front is checked by ``_BASE_WORD``.
_YEAR = re.compile(
    r"(?:(?P<y1>(?:19|20)\d\d)\s*[-~～—–至到]\s*)?(?P<year>(?:19|20)(?:\d\d|[xX×*]{2}))年"
    r"(?P<after>以来|起|来|前(?![一二三四]季度|[一二三四五六七八九十]{1,2}个?月)|后|版|相比|同期)?"
    r"|“?(?P<plan>十[二三四五六])五”?(?P<pend>末|期末|期间|时期)"
    r"|(?P<now>截至目前|截止目前|目前|迄今|近年来|当前)|(?P<this>今年|本年度|到年底|到年末)|(?P<last>过去(?:的)?[一二两三四五几]年|去年|上一年|(?<![以向之])上年(?![均度]))"
)
_BASE_WORD = "比较与同自从于由"  # 由2020年的6820亿元增长到…: the base of a change
# The view joins digits across spaces, so a dateline's time can follow its day directly
# (2024-02-06 14:32 reads 2024-02-0614:32).
_DATELINE = re.compile(r"((?:19|20)\d\d)(?:年\d{1,2}月\d{1,2}日|[-/.]\d{1,2}[-/.]\d{1,2}(?:(?=\d{1,2}:\d\d)|(?!\d)))")
_YEAR_ANCHOR = re.compile(r"[12“十截目迄近当今本过去上到]")
_HEAD_CHARS = 300  # the title and dateline: where a document states its own year
PLAN_END = {"二": 2015, "三": 2020, "四": 2025, "五": 2030, "六": 2035}
_BRACKETS = re.compile(r"《[^《》\n]{0,80}》|\([^()\n]{0,60}\)|〔[^〔〕\n]{0,10}〕|\[[^\[\]\n]{0,20}\]")
_PLAN_IN_TITLE = re.compile(r"十([二三四五六])五")
_PLAN_GENRE = re.compile(r"方案|规划|意见|计划|要点|办法|通知|纲要|行动|措施|目标|决定")
_REPORT_GENRE = re.compile(r"报告|通报|公报|情况|回顾|总结|成效|进展|年度|运行|概况|简况|速览|成绩单|综述|盘点|亮眼|出炉")
# Headings inside a document: what comes next is a plan (目标, 任务, 下一步) or results.
_HEADING_PLAN = re.compile(r"目标|任务|计划|打算|安排|下一步|展望|重点工作|思路")
# 采用2023年度数据, 以2023年数据为准, 依据2022年统计数据: the year the data are of.
_DATA_YEAR = re.compile(r"(?:采用|以|依据|根据|基于|使用)((?:19|20)\d\d)年度?的?(?:统计|监测|报表)?数据")
_HEADING_REPORT = re.compile(r"回顾|情况|成效|成绩|进展|总结|运行|问题|基础|现状|成就")

HIDDEN_YEAR = "hidden"


@dataclass(slots=True)
class Section:
    start: int
    end: int
    title_year: int | None  # year stated by the section's title line (range: its end)
    title_is_horizon: bool  # the title year ends a plan's range (2022~2025年): targets only
    is_plan: bool
    is_report: bool  # a report of results (工作报告, 运行情况通报, 2023年度): verbs like 建成 report
    title_first_year: int | None  # the first year a title names (2023 in 2023—2025年)
    # The year whose data an evaluation or ranking uses (考核评价工作（采用2023年度数据）):
    # the section's reported figures hold for it, not for the year of the evaluation.
    data_year: int | None = None


@dataclass(slots=True)
class Layout:
    """Positions of paragraphs, sections, place mentions and time expressions in a view."""

    text: str
    masked: str  # text with book titles and bracketed asides blanked (same length)
    paragraph_starts: list[int]
    sections: list[Section]
    section_starts: list[int]
    province_pos: list[int]  # positions of province-level names (incl. 全国)
    province_val: list[str]
    province_zone: list[bool]  # the name begins a zone's name (北京经济技术开发区)
    time_pos: list[int]  # positions of year expressions in force
    time_val: list[int | str | None]  # a year, HIDDEN_YEAR, or None for "now"
    para_time_pos: list[int]  # the subset that carries over to later sentences
    para_time_val: list[int | str | None]
    lead_pos: list[int]  # paragraph starts whose paragraph opens with a province (湖南省：…)
    lead_val: list[str]
    heading_pos: list[int]  # numbered heading lines (一、2023年工作回顾)
    heading_val: list[tuple[int | None, str | None]]  # (year, 'plan' | 'report' | None)
    dateline_year: int | None  # the year the document is dated (news, press releases)
    _place_cache: dict[tuple[int, int], list[Place]] = field(default_factory=dict)
    _region_cache: dict[int, str | None] = field(default_factory=dict)
    _national_cache: dict[int, bool] = field(default_factory=dict)
    _first_place_cache: dict[int, int] = field(default_factory=dict)
    # Indexes other modules derive from the text once per document (figures.py's zones).
    memo: dict[str, object] = field(default_factory=dict)

    # -- spans ------------------------------------------------------------------------
    def sentence_start(self, pos: int) -> int:
        lo = max(0, pos - 200)
        last = lo
        for match in SENTENCE_END.finditer(self.text, lo, pos):
            last = match.end()
        return last

    def sentence_end(self, pos: int) -> int:
        match = SENTENCE_END.search(self.text, pos, pos + 200)
        return match.start() if match else min(len(self.text), pos + 200)

    def paragraph_start(self, pos: int) -> int:
        return self.paragraph_starts[bisect_right(self.paragraph_starts, pos) - 1]

    def section(self, pos: int) -> Section:
        return self.sections[bisect_right(self.section_starts, pos) - 1]

    # -- places -----------------------------------------------------------------------
    def province_between(self, lo: int, hi: int, own_name_only: bool = False) -> tuple[int, str] | None:
        """The last province-level name mentioned in [lo, hi).

        ``own_name_only`` passes over names that begin a zone's name (天津经济技术开发区):
        such a name places its own sentence, not the sentences after it.
        """
        i = bisect_left(self.province_pos, hi) - 1
        while i >= 0 and self.province_pos[i] >= lo:
            if not (own_name_only and self.province_zone[i]):
                return self.province_pos[i], self.province_val[i]
            i -= 1
        return None

    def section_region(self, section: Section) -> str | None:
        """The province a section is about (computed on first use: it scans for places)."""
        if section.start not in self._region_cache:
            self._region_cache[section.start] = self._vote_region(section.start, section.end)
        return self._region_cache[section.start]

    def _vote_region(self, start: int, end: int) -> str | None:
        lo, hi = bisect_left(self.province_pos, start), bisect_left(self.province_pos, end)
        votes: Counter[str] = Counter(v for v in self.province_val[lo:hi] if v != NATIONAL)
        gaz = gazetteer()
        if votes:
            # A province named outright outweighs the cities and counties that imply one;
            # a tie is broken by them, else (a ranking across provinces) no province.
            top = votes.most_common(2)
            if len(top) == 1 or top[0][1] > top[1][1]:
                return top[0][0]
            tied = {name for name, count in votes.items() if count == top[0][1]}
            implied = Counter(p.province for p in gaz.find(self.text, start, end)
                              if not p.weak and p.name not in gaz.provinces)
            leader = implied.most_common(1)
            # …the tied province its cities and counties point to, when most of them do
            if leader and leader[0][0] in tied and 2 * leader[0][1] > sum(implied.values()):
                return leader[0][0]
            return None
        places = gaz.find(self.text, start, end)
        votes.update(p.province for p in places)
        leader = votes.most_common(1)[0] if votes else None
        if leader and leader[1] >= _MIN_VOTES:
            return leader[0]
        # One passing mention (学习广州市增城区经验) does not make a section about a place,
        # unless it is the only province the section's places point to (a zone's own
        # report names its city in the title and says 我区 after).
        named = {p.province for p in places if not p.weak}
        return next(iter(named)) if len(named) == 1 else None

    def first_place(self, section: Section) -> int:
        """Position of the first province (not 全国) or non-weak place the section names;
        its end when it names none (computed on first use: it scans for places)."""
        if section.start not in self._first_place_cache:
            lo, hi = bisect_left(self.province_pos, section.start), bisect_left(self.province_pos, section.end)
            first = next((p for p, v in zip(self.province_pos[lo:hi], self.province_val[lo:hi])
                          if v != NATIONAL), section.end)
            places = (p.start for p in gazetteer().find(self.text, section.start, first) if not p.weak)
            self._first_place_cache[section.start] = next(places, first)
        return self._first_place_cache[section.start]

    def section_is_national(self, section: Section) -> bool:
        """True when a section is about the whole country: 全国 is named at least three
        times and far more often than any province, and no province's places outnumber it
        (a city's plan says 全国 too, but names its own city more often)."""
        if section.start not in self._national_cache:
            self._national_cache[section.start] = self._vote_national(section.start, section.end)
        return self._national_cache[section.start]

    def _vote_national(self, start: int, end: int) -> bool:
        lo, hi = bisect_left(self.province_pos, start), bisect_left(self.province_pos, end)
        values = self.province_val[lo:hi]
        national = values.count(NATIONAL)
        if national < _MIN_VOTES:
            return False
        if 2 * len(_SELF_REFERENCE.findall(self.text, start, end)) >= national:
            return False  # 我省…，位列全国第5位: a province's text measuring itself by the nation
        named = Counter(v for v in values if v != NATIONAL)
        top = named.most_common(1)[0][1] if named else 0
        if top:
            return national >= 2 * top
        places = Counter(p.province for p in gazetteer().find(self.text, start, end) if not p.weak)
        return not places or national > places.most_common(1)[0][1]

    def places_between(self, lo: int, hi: int) -> list[Place]:
        """Every known place name (province, city, county) in [lo, hi)."""
        key = (lo, hi)
        if key not in self._place_cache:
            self._place_cache[key] = gazetteer().find(self.text, lo, hi)
        return self._place_cache[key]

    # -- time -------------------------------------------------------------------------
    def time_between(self, lo: int, hi: int, carried: bool = False) -> tuple[bool, int | str | None]:
        """(found, value) of the last time expression in [lo, hi).

        ``carried`` limits the search to expressions that carry over from one sentence to
        the next (2020年度，… ；…): plan periods (“十四五”期间) stay in their sentence.
        """
        pos, val = (self.para_time_pos, self.para_time_val) if carried else (self.time_pos, self.time_val)
        i = bisect_left(pos, hi) - 1
        if i >= 0 and pos[i] >= lo:
            return True, val[i]
        return False, None

    def last_time_pos(self, lo: int, hi: int) -> int | None:
        """Position of the last time expression in [lo, hi), or None."""
        i = bisect_left(self.time_pos, hi) - 1
        return self.time_pos[i] if i >= 0 and self.time_pos[i] >= lo else None

    def carried_before(self, lo: int, hi: int) -> int | None:
        """The last year (a number) carried in [lo, hi): what earlier paragraphs of a
        section said the time was."""
        i = bisect_left(self.para_time_pos, hi) - 1
        while i >= 0 and self.para_time_pos[i] >= lo:
            pos = self.para_time_pos[i]
            # 到2025年 is a due date: what a plan aims at, not the time a report is about
            # (截至2023年底 is the time a report is about).
            due = self.text[pos - 1:pos] in ("到", "至") and self.text[pos - 2:pos] != "截至"
            if isinstance(self.para_time_val[i], int) and not due:
                return self.para_time_val[i]  # type: ignore[return-value]
            i -= 1
        return None

    def lead_in(self, para: int) -> tuple[int, int] | None:
        """(start, end) of the paragraph ending in a colon that introduces the list item
        ``para`` belongs to (到2025年，主要目标是： then ——… lines), or None."""
        if not _LIST_ITEM.match(self.text, para):
            return None
        i = bisect_right(self.paragraph_starts, para) - 1
        for _ in range(_MAX_LIST_ITEMS):
            i -= 1
            if i < 0:
                return None
            start, end = self.paragraph_starts[i], self.paragraph_starts[i + 1] - 1
            line = self.text[start:end].strip()
            if line.endswith(("：", ":")):
                return start, end
            if line and not _LIST_ITEM.match(line):
                return None
        return None

    def heading(self, pos: int) -> tuple[int | None, str | None]:
        """(year, genre) of the numbered heading in force at ``pos`` within its section:
        a report's 一、2023年工作回顾 and 二、2024年主要目标 frame what follows them."""
        i = bisect_right(self.heading_pos, pos) - 1
        if i >= 0 and self.heading_pos[i] >= self.section(pos).start:
            return self.heading_val[i]
        return None, None

    def lead_province(self, lo: int, pos: int) -> str | None:
        """The province leading the last paragraph in [lo, pos] that opens with one."""
        i = bisect_right(self.lead_pos, pos) - 1
        if i >= 0 and self.lead_pos[i] >= lo:
            return self.lead_val[i]
        return None


# 珠江西岸, 黄河南岸, 太行山西麓: a river or mountain, a direction and a side. The first
# two characters of a province's short name can be the tail of such a phrase.
_SIDE_WORD = "岸麓侧部段边端缘坡"


def _is_bank_or_slope(text: str, start: int, end: int) -> bool:
    return (end - start == 2 and text[end - 1] in "东西南北" and start > 0
            and "\u4e00" <= text[start - 1] <= "\u9fff" and end < len(text)
            and text[end] in _SIDE_WORD)


_ZONE_NAME_TAIL = re.compile(
    r"[\u4e00-\u9fff]{0,10}?(?:开发区|园区|试验区|示范区|高新区|经开区|新区|保税区|合作区)")


_COLLECTIVE_TAIL = re.compile(r"(?:国家级|省级以上|省级|各类|各)?(?:开发区|园区|经开区|高新区)")


def _masked(text: str) -> str:
    """The text with bracketed asides and book titles blanked out (same length)."""
    return _BRACKETS.sub(lambda m: " " * len(m.group()), text)


# 二〇二三年: a year in Chinese digits, one digit a character, as official documents date
# themselves. Written in Arabic digits (same length) in the copy years are read from; the
# numbers a figure is read from keep them, so such a year is never a figure.
_CHINESE_YEAR = re.compile(r"[一二][〇零九][〇零一二三四五六七八九]{2}(?=年)")
_CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _arabic_years(text: str) -> str:
    if "〇" not in text and "零" not in text:
        return text
    return _CHINESE_YEAR.sub(lambda m: m.group().translate(_CHINESE_DIGITS), text)


def dateline_year(masked: str) -> int | None:
    """The year of the date a document is dated by (2024-04-18, 2023年10月26日), if any."""
    dateline = _DATELINE.search(masked, 0, _HEAD_CHARS)
    return int(dateline.group(1)) if dateline else None


def _time_expressions(masked: str) -> tuple[list[int], list[int | str | None], list[bool]]:
    """Positions, values and "carries over" flags of the time expressions in force.

    今年 is the document's own year: the latest year its title or dateline names.
    """
    head_years = [int(m.group("year")) for m in _YEAR.finditer(masked, 0, _HEAD_CHARS)
                  if m.group("year") and m.group("year").isdigit()]
    # The dateline (2024-04-18, 2023年10月26日) says when "now" is; without one, 今年 is the
    # latest year the title names and 目前 stays undated.
    now_year = dateline_year(masked)
    this_year = now_year or (max(head_years) if head_years else None)
    positions: list[int] = []
    values: list[int | str | None] = []
    carries: list[bool] = []
    for match in anchored_finditer(_YEAR, _YEAR_ANCHOR, masked):
        if match.group("now"):
            value: int | str | None = now_year
        elif match.group("this") or match.group("last"):
            # 今年 is the document's year, 过去一年/去年 the one before (比去年 is a base)
            if this_year is None or (match.start() > 0 and masked[match.start() - 1] in _BASE_WORD):
                continue
            value = this_year - (1 if match.group("last") else 0)
        elif match.group("plan"):
            if match.start() > 0 and masked[match.start() - 1] in "比较":
                continue
            value = PLAN_END[match.group("plan")[1]]
        else:
            if match.group("after") or (match.start() > 0 and masked[match.start() - 1] in _BASE_WORD):
                continue
            if masked[match.start() - 1:match.start()] == "是" and masked.startswith("的", match.end()):
                continue  # 营业收入是2020年的1.8倍: the base of a multiple
            year = match.group("year")
            value = int(year) if year.isdigit() else HIDDEN_YEAR
        positions.append(match.start())
        values.append(value)
        # “十四五”末 is a due date for the whole passage; “十四五”期间 frames one sentence, and
        # so does 目前 inside a sentence (由目前的95个调整至60个); 截至目前， opening one carries.
        opens = match.start() == 0 or masked[match.start() - 1] in "。；;！？\n，,"
        carries.append((not match.group("plan") or "末" in match.group("pend"))
                       and (not match.group("now") or opens))
    return positions, values, carries


def _is_title_line(line: str) -> bool:
    stripped = line.strip()
    return (0 < len(stripped) <= _TITLE_LINE_MAX and not _LIST_MARK.match(stripped)
            and stripped[-1] not in "。；;，,：:！？!?）)")


def _section_bounds(text: str) -> list[int]:
    """Starts of sections: a title-like line standing alone between blank lines."""
    starts = [0]
    lines = text.split("\n")
    pos = 0
    for i, line in enumerate(lines):
        alone = (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip())
        if pos - starts[-1] >= _MIN_SECTION and alone and _is_title_line(line):
            starts.append(pos)
        pos += len(line) + 1
    return starts


def _headings(text: str, paragraph_starts: list[int]) -> tuple[list[int], list[tuple[int | None, str | None]]]:
    """Numbered short lines (一、总体情况, 二、2024年目标) with the year and genre they set."""
    positions: list[int] = []
    values: list[tuple[int | None, str | None]] = []
    for start in paragraph_starts:
        end = text.find("\n", start)
        line = text[start:end if end >= 0 else len(text)].strip()
        mark = _LIST_MARK.match(line)
        if not mark or len(line) > _TITLE_LINE_MAX or re.search(r"[。；;，,]", line):
            continue
        year, _ = _title_year(line)
        genre = "plan" if _HEADING_PLAN.search(line) else "report" if _HEADING_REPORT.search(line) else None
        if year or genre:
            positions.append(start)
            values.append((year, genre))
    return positions, values


def _title_year(title: str) -> tuple[int | None, bool]:
    """(year, is the end of a range) named by a title: 2018年…要点 → 2018; (2022~2025年) → 2025."""
    found = [m for m in _YEAR.finditer(title)
             if m.group("year") and m.group("year").isdigit() and not m.group("after")]
    if not found:
        return None, False
    last = max(found, key=lambda m: int(m.group("year")))
    return int(last.group("year")), last.group("y1") is not None


def _title_text(text: str, start: int, end: int) -> str:
    """The section's first non-empty line (its title, or its opening sentence)."""
    for line in text[start:end].split("\n"):
        if line.strip():
            return line.strip()[:200]
    return ""


def build_layout(text: str) -> Layout:
    gaz = gazetteer()
    paragraph_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    dated = _arabic_years(text)
    masked = _masked(dated)
    time_pos, time_val, carries = _time_expressions(masked)

    province_names = sorted(gaz.provinces, key=len, reverse=True)
    province_re = re.compile("|".join([NATIONAL, *map(re.escape, province_names)]))
    province_pos: list[int] = []
    province_val: list[str] = []
    province_zone: list[bool] = []
    for match in province_re.finditer(text):
        name = match.group()
        if _is_bank_or_slope(text, match.start(), match.end()):
            continue
        province_pos.append(match.start())
        province_val.append(NATIONAL if name == NATIONAL else gaz.province_of[name])
        tail = _ZONE_NAME_TAIL.match(text, match.end())
        # 河南省开发区, 江苏省国家级经开区: a province's zones taken together, not one zone's name.
        collective = tail is not None and name.endswith(("省", "自治区")) and _COLLECTIVE_TAIL.fullmatch(tail.group())
        province_zone.append(tail is not None and not collective)

    starts = _section_bounds(text)
    sections: list[Section] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        title = _title_text(dated, start, end)
        year, horizon = _title_year(title)
        years = [int(m.group("year")) for m in _YEAR.finditer(title)
                 if m.group("year") and m.group("year").isdigit()]
        plan = _PLAN_IN_TITLE.search(title)
        if year is None and plan:
            # 吉林省开发区“十四五”发展规划: the plan's five years, 2021—2025, as if written out.
            year, horizon = PLAN_END[plan.group(1)], True
            years = [year - 4]
        is_plan = bool(_PLAN_GENRE.search(title))
        data_year = _DATA_YEAR.search(text, start, min(end, start + _HEAD_CHARS * 2))
        sections.append(Section(start, end, year, horizon, is_plan,
                                not is_plan and bool(_REPORT_GENRE.search(title)),
                                min(years) if years else None,
                                int(data_year.group(1)) if data_year else None))
    lead_pos: list[int] = []
    lead_val: list[str] = []
    for pos, province in zip(province_pos, province_val):
        para = paragraph_starts[bisect_right(paragraph_starts, pos) - 1]
        opening = text[para:pos].strip(" \t\u3000")
        if province != NATIONAL and (not opening or _LIST_MARK.fullmatch(opening)):
            if not lead_pos or lead_pos[-1] != para:
                lead_pos.append(para)
                lead_val.append(province)
    return Layout(
        text, masked, paragraph_starts, sections, starts, province_pos, province_val, province_zone,
        time_pos, time_val,
        [p for p, c in zip(time_pos, carries) if c], [v for v, c in zip(time_val, carries) if c],
        lead_pos, lead_val, *_headings(dated, paragraph_starts), dateline_year(masked),
    )
