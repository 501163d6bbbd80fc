"""Statistics tables → figure records.

A table states what its numbers mean once, in its headers, its unit line (`单位:亿元`) and
its caption, never in the words beside each number, so the prose reader
(``extract.figures``) cannot read it: there a cell `3862.5` has no unit word and no
verb. This module finds tables in the decoded text — rows of cells joined by `|`, by a
tab (how the HTML, DOCX and PDF decoders render tables), aligned by runs of spaces, or
separated by single spaces as PDF text layers give them — and reads every number in a
cell as a figure whose fields come from its row label, its column header, the unit line
and the caption. Its words (units, measure words, label kinds) are in
``extract.table_lexicon``. Our own code, because no library reads the meaning of a
table's headers: pdfplumber and trafilatura give the grid, not what a header means.

Each label (a row's first cell, a column's header) is one of three things:

* a **year** (`2023年`, `2022`): the period of its cells;
* an **entity**: a zone, city or province (`郑州经开区`, `全省`, `合计`): area and region;
* an **indicator** (`营业收入(亿元)`, `增长(%)`): metric, measure, unit and subject.

A cell takes its period, entity and indicator from whichever of its two labels is of that
sort, so the same rules read zones-as-rows with metrics-as-columns and indicators-as-rows
with years-as-columns. ``read_table`` is the entry point for any source that already has
rows of cells with offsets (a spreadsheet decoder, say); ``merge_table_figures`` is the
hook the prose reader calls.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from extract import lexicon as lx
from extract import table_lexicon as tw
from extract.gazetteer import NATIONAL, gazetteer
from extract.normalize import to_simplified
from extract.records import Figure

# Cells and labels repeat across rows and tables (年份, 亿元, 增长(%)): t2s once per text.
_simplified = lru_cache(maxsize=16384)(to_simplified)
_YEAR_WORD_MAX = 4  # 2023年基数, 2026年目标值
_BARE_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's text and where it starts in the document text (offsets stay honest)."""

    text: str
    start: int


@dataclass(frozen=True, slots=True)
class TableContext:
    """What surrounds a table: caption and unit line, and the region and year in force."""

    caption: str = ""
    unit_line: str = ""
    region: str | None = None
    period: str | None = None
    area: str | None = None  # the zone a whole table is about (南宁经开区主要指标如下表)


@dataclass(frozen=True, slots=True)
class TextTable:
    """A table found in a text: its span, its rows of cells, and its context."""

    start: int  # the first row, or the unit line above it
    end: int
    rows: list[list[Cell]]
    context: TableContext
    caption_start: int  # where the caption lines above the table begin (start if none)


@dataclass(frozen=True, slots=True)
class _Label:
    """What a row label or a column header says."""

    year: str | None = None
    entity: bool = False
    area: str | None = None
    region: str | None = None
    unit: tuple[str, Decimal] | None = None
    measure: str | None = None
    metric: str | None = None
    subject: str = ""
    target: bool | None = None  # the label says target (2025年目标) or actual (2023年实际)

    @property
    def indicator(self) -> bool:
        return not self.entity and bool(self.subject or self.unit or self.measure)


def _unit_of_line(text: str) -> tuple[str, Decimal] | None:
    match = tw.UNIT_LINE.search(text)
    return tw.parse_unit(match.group("u")) if match else None


@lru_cache(maxsize=4096)
def _label(raw: str) -> _Label:
    """Read one label (simplified text): a year, an entity, or an indicator with its unit,
    measure, metric and subject. Cached: a table repeats its labels, documents their tables."""
    text = tw.FOOTNOTE.sub("", tw.PREFIX.sub("", raw.strip())).strip()
    unit = None
    match = tw.LABEL_UNIT.search(text)
    if match:
        unit = tw.parse_unit(match.group("u") or match.group("t") or match.group("pct") or match.group("money"))
        text = (text[:match.start()] + text[match.end():]).strip()
    bare = re.sub(r"\s+", "", text)
    # 实际使用外资 names a metric: only the words around metric names say target or actual.
    words = lx.AMOUNT_METRIC.sub("", bare)
    target = True if tw.TARGET_WORDS.search(words) else False if tw.ACTUAL_WORDS.search(words) else None
    measure = next((name for name, pattern in tw.MEASURE_WORDS if pattern.search(bare)), None)
    year = tw.YEAR_LABEL.fullmatch(bare) or _year_with_word(bare)
    if year:  # 2023年, 2026年目标, 2023年增速(%)
        if measure == "growth" and unit is None:
            unit = ("percent", Decimal(1))
        return _Label(year=year.group("y"), unit=unit, measure=measure, target=target)
    if not bare:
        return _Label(unit=unit, target=target)
    if measure == "rank" and unit is not None and unit[0] != "rank":
        measure = None  # 排名前30位数量(个): a count of ranked zones, not a rank
    if measure == "difference" and unit is not None and unit[0] == "percent":
        measure = "growth"  # 增减(%)
    if measure == "growth" and unit is None:
        unit = ("percent", Decimal(1))
    if measure == "rank" and unit is None:
        unit = ("rank", Decimal(1))
    entity = _entity(bare)
    if entity is not None:
        return _Label(entity=True, area=entity[0], region=entity[1], unit=unit, target=target)
    subject = tw.MEASURE_STRIP.sub("", bare) if measure else bare
    subject = tw.VALUE_WORDS.sub("", subject) if tw.VALUE_WORDS.fullmatch(subject) else subject
    # 国家级经开区数量, 新增市场主体: the count word and the change word are the measure's.
    subject = tw.COUNT_WORD_TAIL.sub("", subject)
    if measure == "difference":
        subject = tw.CHANGE_WORD_HEAD.sub("", subject)
    if unit is None and tw.COUNT_HEADER.search(subject):
        unit = ("count", Decimal(1))  # 企业家数, 项目个数
    return _Label(unit=unit, measure=measure, metric=_metric(subject, unit), subject=subject,
                  target=target)


def _year_with_word(label: str) -> re.Match[str] | None:
    """2025年目标, 2023年基数, 2024年预计: a year with a short word that names no metric."""
    match = tw.YEAR_LABEL.match(label)
    if match is None or len(label) - match.end() > _YEAR_WORD_MAX or not label[match.end():].isalpha():
        return None
    rest = label[match.end():]
    return None if lx.AMOUNT_METRIC.search(rest) or lx.COUNT_METRIC.search(rest) else match


def _entity(label: str) -> tuple[str | None, str | None] | None:
    """(area, region) when a label names a place or a zone, else None."""
    if tw.TOTAL_LABEL.fullmatch(label):
        return None, NATIONAL if label.startswith("全国") else None
    gaz = gazetteer()
    places = [p for p in gaz.find(label) if not p.weak]
    zone = tw.ZONE_NAME.fullmatch(label)
    if zone is not None:
        # 国家级经开区, 江西省国家级经开区, 全省开发区: a group of zones, not one zone.
        own = label[places[0].end:] if places and places[0].start == 0 and places[0].name in gaz.provinces else label
        own = tw.SCOPE_WORD.sub("", own)
        if tw.GROUP_LABEL.match(own) or tw.ZONE_NOUN_ONLY.fullmatch(own):
            return None
    # A place alone or with its administrative suffix (郑州, 郑州市, 江宁区) is an entity.
    if zone is None and not (places and places[0].start == 0 and len(label) - places[0].end <= 1):
        return None
    if lx.AMOUNT_METRIC.search(label):
        return None  # 开发区营业收入: an indicator about zones, not a zone
    region = places[0].province if places else None
    if places and places[0].name in gaz.provinces and places[0].end >= len(label) - 1:
        return None, region  # 河南, 河南省: the region itself
    return label, region


def _metric(subject: str, unit: tuple[str, Decimal] | None) -> str | None:
    """The metric an indicator names: counts by their counted noun (read head-final),
    amounts by their first metric word (税收收入 is tax, not revenue)."""
    counted = [m for m in lx.COUNT_METRIC.finditer(subject) if not lx.is_container(m)]
    amount = lx.AMOUNT_METRIC.search(subject)
    if unit is not None and unit[0] == "count" or (unit is None and counted and not amount):
        if counted:
            return lx.metric_of(counted[-1])
    if amount:
        return lx.metric_of(amount)
    return lx.metric_of(counted[-1]) if counted else None


# --- reading a table -------------------------------------------------------------------

@lru_cache(maxsize=16384)
def _is_number_cell(text: str) -> bool:
    """A cell holding one number (maybe with its unit), not a year."""
    match = tw.CELL_NUMBER.fullmatch(_simplified(text.strip()))
    return bool(match) and not tw.YEAR_LABEL.fullmatch(text.strip())


def _is_title_row(row: list[Cell]) -> bool:
    """A caption rendered as a row: one filled cell over the table, or `表3` and its title."""
    filled = [c.text.strip() for c in row if c.text.strip()]
    return (len(filled) == 1 and not _is_number_cell(filled[0])
            or len(filled) == 2 and tw.CAPTION_MARK.fullmatch(filled[0]) is not None)


def _header_rows(rows: list[list[Cell]]) -> int:
    """How many leading rows are headers: those without a number after their first cell.
    A bare year (2023) counts as a header only in the first row or under merged cells:
    below a header that names its column, 2010 is a value (营业收入 2010亿元)."""
    count = 0
    for row in rows:
        if any(_is_number_cell(c.text) for c in row[1:]):
            break
        above = rows[count - 1] if count else []
        years = [i for i, c in enumerate(row) if i and _BARE_YEAR.fullmatch(c.text.strip())]
        if above and years and all(i < len(above) and above[i].text.strip() for i in years):
            break
        count += 1
    return count


def _column_levels(headers: list[list[Cell]], width: int) -> list[list[str]]:
    """Each column's header texts, top-down. An empty upper cell is a merged cell (Markdown
    and tab renderings repeat nothing), so it takes its left neighbour's."""
    levels: list[list[str]] = [[] for _ in range(width)]
    for depth, row in enumerate(headers):
        last = ""
        for i in range(width):
            text = row[i].text.strip() if i < len(row) else ""
            if not text and depth < len(headers) - 1:
                text = last
            last = text
            if text and text not in levels[i]:
                levels[i].append(text)
    return levels


def read_table(rows: list[list[Cell]], context: TableContext, doc_id: str,
               document: str) -> list[Figure]:
    """Every number in a table's body cells as a figure.

    ``rows`` are the table's rows (header rows first), each a list of cells whose
    ``start`` points into ``document``; ``context`` holds the caption, unit line, and the
    region and year in force around the table.
    """
    rows = [row for row in rows if any(c.text.strip() for c in row)]
    while rows and _is_title_row(rows[0]):
        title = " ".join(c.text.strip() for c in rows[0] if c.text.strip())
        context = replace(context, caption=f"{context.caption}\n{title}")
        rows = rows[1:]
    n_headers = _header_rows(rows)
    if n_headers == len(rows) or not rows:
        return []
    width = max(len(row) for row in rows)
    levels = _column_levels([[Cell(_simplified(c.text), c.start) for c in row]
                             for row in rows[:n_headers]], width)
    header_texts = ["".join(texts) for texts in levels]
    body = rows[n_headers:]
    label_col = _label_column(body, width)
    unit_col = next((i for i, text in enumerate(header_texts)
                     if i != label_col and tw.UNIT_HEADER.fullmatch(text.strip())), None)
    skipped = ({unit_col} | {i for i in range(label_col) if tw.INDEX_HEADER.fullmatch(header_texts[i].strip())}
               | {i for i, text in enumerate(header_texts) if tw.DATE_HEADER.search(text)})
    columns = _inherit([_header_label(texts) for texts in levels], header_texts)
    caption = to_simplified(context.caption)
    years = sorted({label.year for label in columns if label.year})
    table = _Table(
        unit=_unit_of_line(caption) or _unit_of_line(context.unit_line) or _unit_of_line(header_texts[label_col]),
        target=bool(tw.TARGET_WORDS.search(caption)),
        period=_last_year(caption) or context.period,
        region=_province_in(caption) or context.region,
        area=context.area,
        topics=_topics(caption),
        # A plan's table of years starts from its base year (2023年 | 2025年 | 2027年).
        base_year=years[0] if len(years) > 1 else None,
    )
    figures: list[Figure] = []
    for row in body:
        row_label = _label(_simplified(row[label_col].text)) if label_col < len(row) else _Label()
        if unit_col is not None and unit_col < len(row):
            row_unit = tw.parse_unit(_simplified(row[unit_col].text))
            if row_unit is not None and row_label.unit is None:
                row_label = replace(row_label, unit=row_unit)
        for i, cell in enumerate(row):
            if i == label_col or i in skipped:
                continue
            figure = _cell_figure(cell, row_label, columns[i] if i < len(columns) else _Label(),
                                  table, doc_id, document)
            # A bare number under no header and with no unit says nothing (a contents
            # page's page numbers, a list's index).
            if figure is not None and (figure.unit != "other" or header_texts[i].strip()):
                figures.append(figure)
    return figures


@dataclass(frozen=True, slots=True)
class _Table:
    """What a table says once for all its cells."""

    unit: tuple[str, Decimal] | None
    target: bool
    period: str | None
    region: str | None
    area: str | None
    # What the caption says is measured (各开发区营业收入, 国家级经开区考核情况), for
    # headers that do not: (an amount's topic, a count's topic).
    topics: tuple[_Label, _Label]
    base_year: str | None  # the earliest of several year columns: actual in a table of targets


def _label_column(body: list[list[Cell]], width: int) -> int:
    """The column of row labels: the first whose cells are mostly words, not numbers
    (排名 | 开发区 | 得分 has its labels second; 序号 columns hold bare integers)."""
    for i in range(width):
        cells = [row[i].text for row in body if i < len(row) and row[i].text.strip()]
        if cells and sum(not _is_number_cell(text) for text in cells) * 2 >= len(cells):
            return i
    return 0


def _topics(caption: str) -> tuple[_Label, _Label]:
    """The amount and the count a caption names (营业收入; 开发区), without its number."""
    text = tw.CAPTION.sub("", tw.UNIT_LINE.sub("", caption)).strip()
    amount = lx.AMOUNT_METRIC.search(text)
    counted = [m for m in lx.COUNT_METRIC.finditer(text) if not lx.is_container(m)]
    return (_Label(metric=lx.metric_of(amount), subject=amount.group()) if amount else _Label(),
            _Label(metric=lx.metric_of(counted[-1]), subject=counted[-1].group()) if counted else _Label())


def _header_label(levels: list[str]) -> _Label:
    """A column's label from its header levels. A year level (营业收入 over 2022 | 2023)
    gives the period and the other levels the indicator; under a group header (国家级经开区
    over 数量(家) | 实际使用外资(亿美元)) the lowest level names the metric when it names one."""
    years = [label for label in map(_label, levels) if label.year is not None]
    words = [text for text in levels if _label(text).year is None]
    if not years or not words:
        label = _label("".join(levels))
    else:
        year = years[0]
        label = replace(_label("".join(words)), year=year.year, target=year.target)
        label = replace(label, unit=label.unit or year.unit, measure=label.measure or year.measure)
    if len(words) > 1 and not label.entity:
        bottom = _label(words[-1])
        if bottom.metric and bottom.subject and bottom.subject != label.subject:
            label = replace(label, metric=bottom.metric, subject=bottom.subject)
    return label


def _inherit(columns: list[_Label], texts: list[str]) -> list[_Label]:
    """A measure-only header (增长(%), 占比) measures the indicator of the column before it;
    a breakdown (开发区数量 | 其中：国家级) counts a part of it (国家级开发区)."""
    out: list[_Label] = []
    for label, text in zip(columns, texts):
        prev = out[-1] if out else None
        if prev is not None and prev.subject and label.metric is None:
            if label.measure and not label.subject:
                label = replace(label, metric=prev.metric, subject=prev.subject)
            elif tw.BREAKDOWN.match(text.strip()) and label.subject:
                label = replace(label, metric=prev.metric, subject=label.subject + prev.subject)
        out.append(label)
    return out


def _cell_figure(cell: Cell, row: _Label, column: _Label, table: _Table, doc_id: str,
                 document: str) -> Figure | None:
    text = _simplified(cell.text)
    stripped = text.strip()
    match = tw.CELL_NUMBER.fullmatch(stripped)
    if match is None:
        return None  # a body cell of 2010 is a value (营业收入 2010亿元); a column of dates is not
    offset = cell.start + (len(text) - len(text.lstrip()))
    start = offset + match.start("num")
    end = offset + max(match.end("num"), match.end("unit"), match.end("mag"))
    number = match.group("num").replace(",", "").replace("−", "-").replace("–", "-")
    try:
        amount = Decimal(number)
    except InvalidOperation:
        return None
    unit = (tw.parse_unit(match.group("unit")) if match.group("unit") else None) \
        or column.unit or row.unit or table.unit
    if match.group("mag"):
        base = unit[0] if unit is not None and unit[0] in ("CNY", "USD") else "CNY"
        unit = (base, tw.MAGNITUDE[match.group("mag")])
    # The label that names the metric gives the subject; a header of bare values
    # (绝对值, 增长(%)) leaves both to the row, and a table of years to its caption.
    named = [label for label in (column, row) if label.indicator]
    metric_label = next((label for label in named if label.metric), None)
    if metric_label is None and unit is not None:
        metric = _metric("".join(label.subject for label in named), unit)
        metric_label = _Label(metric=metric) if metric else None
    topic = table.topics[1] if unit is not None and unit[0] == "count" else table.topics[0]
    if metric_label is None and topic.metric:
        metric_label = topic
    subject_label = next((label for label in named if label.subject and label.metric), None) or next(
        (label for label in named if label.subject), topic)
    measure = next((label.measure for label in (column, row) if label.measure), None) or (
        "rank" if unit and unit[0] == "rank" else "level")
    entity = next((label for label in (row, column) if label.entity), None)
    unit_name, scale = unit if unit else ("other", Decimal(1))
    if unit_name in ("count", "rank") and amount != amount.to_integral_value():
        unit_name, scale = "other", Decimal(1)  # 12.5 under 家: the header does not fit the cell
    if amount < 0 and measure == "level":
        # A negative amount is a change the header did not name (增减 as a bare column).
        measure = "growth" if unit_name == "percent" else "difference"
    qualifier = tw.QUALIFIER.get(match.group("pre") or match.group("post") or "", "exact")
    period = row.year or column.year or table.period
    target = next((label.target for label in (column, row) if label.target is not None),
                  table.target and period != table.base_year)
    return Figure(
        doc_id=doc_id, start=start, end=end, text=document[start:end],
        value=float(amount * scale), value_high=None, unit=unit_name,
        metric=metric_label.metric if metric_label is not None else "other",
        measure=measure,
        region=(entity.region if entity and entity.region else table.region),
        area=entity.area if entity else table.area,
        subject=subject_label.subject,
        period=period,
        kind="target" if target else "actual", qualifier=qualifier,
    )


def _last_year(text: str) -> str | None:
    """The last year a text names as a year in force (not 2020年以来, 比2020年)."""
    found = None
    for found in tw.YEAR_IN_TEXT.finditer(text):
        pass
    return found.group("y") if found else None


def _province_in(*texts: str) -> str | None:
    """The province the texts name most often, the first text that names one deciding;
    else 全国 where one says it; else the province their cities and counties imply. A
    province's report says 全国 as a yardstick (高于全国平均), so a province named in its
    title outranks 全国 in the paragraph above a table."""
    gaz = gazetteer()
    places = [gaz.find(text) for text in texts]
    for found in places:
        named = Counter(p.province for p in found if p.name in gaz.provinces)
        if named:
            return named.most_common(1)[0][0]
    if any(NATIONAL in text for text in texts):
        return NATIONAL
    implied = Counter(p.province for found in places for p in found if not p.weak)
    return implied.most_common(1)[0][0] if implied else None


# --- finding tables in text ------------------------------------------------------------
_RULE_LINE = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")  # |---|:--:|
_PIPE = re.compile(r"[|｜]")
_TAB = re.compile(r"\t")
_ALIGNED_GAP = re.compile(r"[ \u3000]{2,}")
_SPACE = re.compile(r"[ \u3000]+")
_SENTENCE_MARK = re.compile(r"[。，；！？;]|,(?!\d{3})")  # prose, not a row (1,250,300 is a number)
_MAX_WORD_CELL = 16  # a space-separated row's cells are short labels and numbers
_UNIT_AFTER_NUMBER = re.compile(rf"(?:{tw.UNIT_ANY}|[万亿千百]|年|月|日)")
_HEAD_CHARS = 300  # a document's title and dateline
_CONTEXT_LINES = 3  # caption and unit lines stand at most this many lines above a table
_CAPTION_MAX = 40  # characters: a caption is a short line, not a sentence
_LOOKBACK = 600  # characters before a table searched for the year and region in force


def _split_row(line: str, line_start: int) -> list[Cell] | None:
    """A table row's cells, or None when the line is not one.

    Rows are `|`-separated (Markdown, also `｜`), tab-separated (the decoders' rendering:
    an empty cell is a merged or blank one), aligned by runs of two or more spaces, or —
    as PDF text layers give them — words and numbers separated by single spaces.
    """
    if "|" in line or "｜" in line:
        stripped = line.strip()
        lead = len(line) - len(line.lstrip()) + (1 if stripped[:1] in "|｜" else 0)
        inner = line[lead:].rstrip()
        if inner[-1:] in ("|", "｜"):
            inner = inner[:-1]
        cells = _cells(inner, line_start + lead, _PIPE)
        return cells if len(cells) >= 2 else None
    if "\t" in line:
        cells = _cells(line, line_start, _TAB)
        return cells if sum(1 for c in cells if c.text.strip()) >= 2 else None
    if not line.strip() or _SENTENCE_MARK.search(line):
        return None
    if "  " in line or "\u3000\u3000" in line:
        cells = _cells(line, line_start, _ALIGNED_GAP)
        if line[:1] not in (" ", "\u3000"):
            cells = [c for c in cells if c.text]
        else:  # a header row whose label cell is blank
            cells = cells[:1] + [c for c in cells[1:] if c.text]
        return cells if len(cells) >= 2 else None
    cells = [c for c in _cells(line, line_start, _SPACE) if c.text]
    if len(cells) < 3 or any(len(c.text) > _MAX_WORD_CELL for c in cells):
        return None
    if any(_is_number_cell(a.text) and _UNIT_AFTER_NUMBER.match(b.text) for a, b in zip(cells, cells[1:])):
        return None  # 营业收入 1.2 万亿元 同比增长 6.8 %: prose with spaced numbers (PDF), not cells
    return cells


def _cells(line: str, line_start: int, separator: re.Pattern[str]) -> list[Cell]:
    """Split a line at every separator match, each cell with its document offset."""
    cells, pos = [], 0
    for gap in separator.finditer(line):
        cells.append(Cell(line[pos:gap.start()], line_start + pos))
        pos = gap.end()
    cells.append(Cell(line[pos:], line_start + pos))
    return cells


def find_tables(text: str) -> list[TextTable]:
    """Tables in a decoded text: runs of at least two row lines (see ``_split_row``) with
    numbers after their labels. A text without any separator is not scanned at all, and
    prose lines are rejected by their sentence punctuation before any splitting."""
    if not any(mark in text for mark in (" ", "\t", "|", "｜", "\u3000")):
        return []
    tables: list[TextTable] = []
    block: list[tuple[int, int, list[Cell]]] = []  # (line start, line end, cells)
    pos = 0
    lines = text.split("\n")
    for line in lines:
        end = pos + len(line)
        if block and _RULE_LINE.fullmatch(line):
            block.append((pos, end, []))
        else:
            cells = _split_row(line, pos) if line.strip() else None
            if cells is not None:
                block.append((pos, end, cells))
            else:
                _close(block, text, tables)
                block = []
        pos = end + 1
    _close(block, text, tables)
    return tables


def _close(block: list[tuple[int, int, list[Cell]]], text: str, tables: list[TextTable]) -> None:
    rows = [cells for _, _, cells in block if cells]
    if len(rows) < 2:
        return
    numeric = sum(1 for row in rows if any(_is_number_cell(c.text) for c in row[1:]))
    # Runs of spaces also occur in prose and verse; an aligned table needs two rows of numbers.
    delimited = any(ch in text[block[0][0]:block[0][1]] for ch in "|｜\t")
    if numeric < (1 if delimited else 2):
        return
    start, end = block[0][0], block[-1][1]
    context = _context(text, start)
    lookback = max(0, start - _LOOKBACK)
    caption_start = text.rfind(context.caption.split("\n")[0], lookback, start) if context.caption else start
    if context.unit_line:
        # 单位:亿元 belongs to the table: it is no amount of 1亿元 for the prose reader.
        start = text.rfind(context.unit_line, lookback, start)
    tables.append(TextTable(start, end, rows, context, min(caption_start, start)))


def _context(text: str, start: int) -> TableContext:
    """Caption and unit line from the short lines right above a table; the year and
    region in force from those lines, the text just before them, and the document's head;
    the zone the table is about from the caption or the sentence that introduces it."""
    above = [line.strip() for line in text[max(0, start - _LOOKBACK):start].split("\n")[:-1]]
    caption_lines: list[str] = []
    lead = ""  # the nearest line above the caption: 主要指标如下表。
    for stripped in reversed(above):
        if not stripped:
            if caption_lines:
                break
            continue
        if len(caption_lines) >= _CONTEXT_LINES or not (
                tw.CAPTION.match(stripped) or "单位" in stripped
                or (len(stripped) <= _CAPTION_MAX and not stripped.endswith(("。", "：", ":")))):
            lead = stripped
            break
        caption_lines.insert(0, stripped)
    caption = "\n".join(caption_lines)
    unit_line = next((line for line in caption_lines if tw.UNIT_LINE.search(to_simplified(line))), "")
    before = to_simplified(text[max(0, start - _LOOKBACK):start])
    head = to_simplified(text[:_HEAD_CHARS])
    period = _last_year(before) or _max_year(head)
    region = _province_in(before, head)
    return TableContext(caption=caption, unit_line=unit_line, region=region, period=period,
                        area=_zone_in(to_simplified(caption)) or _zone_in(to_simplified(lead)))


def _zone_in(text: str) -> str | None:
    """The last zone named with its place (南宁经开区; not a group such as 国家级开发区)."""
    found = None
    for match in tw.ZONE_NAME.finditer(text):
        entity = _entity(match.group())
        if entity is not None and entity[0]:
            found = entity[0]
    return found


def _max_year(text: str) -> str | None:
    """The latest year a title names (2021—2023年 → 2023): the document's own year."""
    years = [m.group("y") for m in tw.YEAR_IN_TEXT.finditer(text)]
    return max(years) if years else None


def merge_table_figures(figures: list[Figure], text: str, doc_id: str) -> list[Figure]:
    """The prose reader's figures outside tables, plus the figures read from tables,
    in document order. Called by ``extract.figures`` with its own result."""
    try:
        tables = find_tables(text)
    except Exception:  # noqa: BLE001 - a failure here must not cost the document's prose
        return figures
    if not tables:
        return figures
    # A ranking cut-off in a caption (二十强名单表, 前30名开发区指标) is part of its name.
    kept = [f for f in figures if not any(
        t.start <= f.start < t.end or (f.unit == "rank" and t.caption_start <= f.start < t.start)
        for t in tables)]
    for table in tables:
        try:
            kept.extend(read_table(table.rows, table.context, doc_id, text))
        except Exception:  # noqa: BLE001 - an odd table must not cost the document's prose
            continue
    kept.sort(key=lambda f: (f.start, f.end))
    return kept
