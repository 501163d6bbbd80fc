"""Statistics tables → figure records.

A table states what its numbers mean once, in its headers, its unit line (`单位:亿元`) and
its caption, never in the words beside each number, so the prose reader
(``extract.figures``) cannot read it: there a cell `3862.5` has no unit word and no
verb. This module finds tables in the decoded text — rows of cells joined by `|`, by a
tab (how the HTML, DOCX and PDF decoders render tables) or aligned by runs of spaces —
and reads every number in a cell as a figure whose fields come from its row label, its
column header, the unit line and the caption.

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
from extract.gazetteer import NATIONAL, gazetteer
from extract.normalize import to_simplified
from extract.records import Figure

# --- cells -----------------------------------------------------------------------------
# A unit word: an optional magnitude, then a base unit. (亿元, 万美元, %, 家, 万亩)
_MAGNITUDE = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7,
              "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4, "千": Decimal(1000), "": Decimal(1)}
_BASE_UNIT = {
    "美元": "USD", "元/亩": "CNY_per_mu", "元": "CNY", "个百分点": "percentage_point",
    "百分点": "percentage_point", "%": "percent", "平方公里": "km2", "平方千米": "km2",
    "平方米": "m2", "亩": "mu", "吨": "ton", "倍": "times", "位": "rank", "名": "rank",
    **dict.fromkeys("家个户项条人座所块处支只台套件席", "count"),
}
_BASES = "|".join(sorted(map(re.escape, _BASE_UNIT), key=len, reverse=True))
_UNIT_WORD = re.compile(rf"(?P<mag>万亿|千万|百万|亿|万|千)?(?P<base>{_BASES})")
_UNIT_ANY = rf"(?:万亿|千万|百万|亿|万|千)?(?:{_BASES})"  # the same, to embed
# A number in a cell, maybe with its own unit and bound word: 3862.5, -2.4, 12.5%, 3.12亿美元.
_CELL_NUMBER = re.compile(
    r"(?P<pre>约|近|超过|超|逾)?(?P<num>[-+−–]?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>"
    + _UNIT_ANY + r")?\s*(?P<post>以上|左右|以下|余)?"
)
_QUALIFIER = {"约": "approx", "近": "approx", "左右": "approx", "超过": "at_least", "超": "at_least",
              "逾": "at_least", "以上": "at_least", "余": "at_least", "以下": "at_most"}
# A unit named in a label: in brackets (营业收入(亿元), 增长（%）), after a comma, or closing it.
_LABEL_UNIT = re.compile(rf"[(（]\s*(?:单位[:：])?\s*(?P<u>{_UNIT_ANY})\s*[)）]"
                         rf"|[,，、/]\s*(?P<t>{_UNIT_ANY})$|(?P<pct>%)$")
_UNIT_LINE = re.compile(rf"单位\s*[:：]\s*(?P<u>{_UNIT_ANY})")
_YEAR_LABEL = re.compile(r"(?P<y>(?:19|20)\d\d)(?:年(?:度|末|底|全年)?)?(?:1?-?\d{0,2}月)?")
_YEAR_IN_TEXT = re.compile(r"(?P<y>(?:19|20)\d\d)年(?!以来|起|前|相比)")

# --- labels ----------------------------------------------------------------------------
# How an indicator is measured, named in its label.
_MEASURE_WORDS = (
    ("growth", re.compile(r"增长|增速|增幅|同比|涨幅|比上年|较上年|±")),
    ("share", re.compile(r"占比|比重|占[\u4e00-\u9fff]{0,6}(?:比例|比重|%)|份额")),
    ("rank", re.compile(r"排名|位次|名次|排序|排位")),
    ("difference", re.compile(r"新增|净增|增加(?!值)|增减")),
)
_MEASURE_STRIP = re.compile(r"(?:同比)?(?:增长率?|增速|增幅|涨幅|占比|比重|排名|位次|名次)$")
# Labels that name a whole (the region itself), not an area: 合计, 全省, 总计.
_TOTAL_LABEL = re.compile(r"(?:合计|总计|总体|全部|全省|全市|全区|全国|总量|小计)(?:[(（].*)?")
_ZONE_NAME = re.compile(
    r"[\u4e00-\u9fff]{2,12}?(?:经济技术开发区|高新技术产业开发区|经济开发区|经开区|高新区|"
    r"工业园区|综合保税区|保税区|产业园区|开发区|新区|园区|示范区|试验区|合作区)"
)
_TARGET_WORDS = re.compile(r"目标|规划|预期|计划|力争")
_INDEX_HEADER = re.compile(r"序号|编号|No\.?", re.IGNORECASE)
_CAPTION = re.compile(r"^(?:续)?(?:附)?表\s*[\d一二三四五六七八九十]*")
_PREFIX = re.compile(r"^(?:其中[:：]?|#|\*|[一二三四五六七八九十]+[、.]|\d+[、.．]|[(（]\d+[)）])+")


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


@dataclass(frozen=True, slots=True)
class TextTable:
    """A table found in a text: its span, its rows of cells, and its context."""

    start: int
    end: int
    rows: list[list[Cell]]
    context: TableContext


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

    @property
    def indicator(self) -> bool:
        return not self.entity and self.year is None and bool(self.subject or self.unit or self.measure)


def _parse_unit(word: str) -> tuple[str, Decimal] | None:
    match = _UNIT_WORD.fullmatch(word.strip())
    if not match:
        return None
    base = _BASE_UNIT[match.group("base")]
    scale = _MAGNITUDE[match.group("mag") or ""]
    if base in ("percent", "percentage_point", "rank", "times") and scale != 1:
        return None
    return base, scale


def _unit_of_line(text: str) -> tuple[str, Decimal] | None:
    match = _UNIT_LINE.search(text)
    return _parse_unit(match.group("u")) if match else None


@lru_cache(maxsize=4096)
def _label(raw: str) -> _Label:
    """Read one label (simplified text)."""
    text = _PREFIX.sub("", raw.strip()).strip()
    unit = None
    match = _LABEL_UNIT.search(text)
    if match:
        unit = _parse_unit(match.group("u") or match.group("t") or match.group("pct"))
        text = (text[:match.start()] + text[match.end():]).strip()
    bare = re.sub(r"\s+", "", text)
    year = _YEAR_LABEL.fullmatch(bare)
    if year:
        return _Label(year=year.group("y"), unit=unit)
    if not bare:
        return _Label(unit=unit)
    measure = next((name for name, pattern in _MEASURE_WORDS if pattern.search(bare)), None)
    if measure == "growth" and unit is None:
        unit = ("percent", Decimal(1))
    if measure == "rank" and unit is None:
        unit = ("rank", Decimal(1))
    entity = _entity(bare)
    if entity is not None:
        return _Label(entity=True, area=entity[0], region=entity[1], unit=unit)
    subject = _MEASURE_STRIP.sub("", bare) if measure else bare
    return _Label(unit=unit, measure=measure, metric=_metric(subject, unit), subject=subject)


def _entity(label: str) -> tuple[str | None, str | None] | None:
    """(area, region) when a label names a place or a zone, else None."""
    if _TOTAL_LABEL.fullmatch(label):
        return None, NATIONAL if label.startswith("全国") else None
    gaz = gazetteer()
    places = [p for p in gaz.find(label) if not p.weak]
    zone = _ZONE_NAME.fullmatch(label)
    if zone is None and not (places and places[0].start == 0 and _is_place_name(label, places[0].end)):
        return None
    if lx.AMOUNT_METRIC.search(label):
        return None  # 开发区营业收入: an indicator about zones, not a zone
    region = places[0].province if places else None
    if places and places[0].name in gaz.provinces and places[0].end >= len(label) - 1:
        return None, region  # 河南, 河南省: the region itself
    return label, region


def _is_place_name(label: str, end: int) -> bool:
    """A place alone, or with an administrative suffix (郑州, 郑州市, 江宁区)."""
    return len(label) - end <= 1


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

def _is_number_cell(text: str) -> bool:
    match = _CELL_NUMBER.fullmatch(to_simplified(text.strip()))
    return bool(match) and not _YEAR_LABEL.fullmatch(text.strip())


def _header_rows(rows: list[list[Cell]]) -> int:
    """How many leading rows are headers: those without a number after their first cell."""
    count = 0
    for row in rows:
        if any(_is_number_cell(c.text) for c in row[1:]):
            break
        count += 1
    return count


def _column_labels(headers: list[list[Cell]], width: int) -> list[str]:
    """One label per column: the header rows' texts joined top-down. An empty upper cell is
    a merged cell (Markdown and tab renderings repeat nothing), so it takes its left neighbour's."""
    labels = [""] * width
    for depth, row in enumerate(headers):
        last = ""
        for i in range(width):
            text = row[i].text.strip() if i < len(row) else ""
            if not text and depth < len(headers) - 1:
                text = last
            last = text
            if text and not labels[i].endswith(text):
                labels[i] += text
    return labels


def read_table(rows: list[list[Cell]], context: TableContext, doc_id: str,
               document: str) -> list[Figure]:
    """Every number in a table's body cells as a figure.

    ``rows`` are the table's rows (header rows first), each a list of cells whose
    ``start`` points into ``document``; ``context`` holds the caption, unit line, and the
    region and year in force around the table.
    """
    rows = [row for row in rows if any(c.text.strip() for c in row)]
    while rows and sum(1 for c in rows[0] if c.text.strip()) == 1 and not _is_number_cell(rows[0][0].text):
        # A title row (one filled cell over the table: a caption rendered as a row).
        context = replace(context, caption=f"{context.caption}\n{rows[0][0].text.strip()}")
        rows = rows[1:]
    n_headers = _header_rows(rows)
    if n_headers == len(rows) or not rows:
        return []
    width = max(len(row) for row in rows)
    header_texts = _column_labels([[Cell(to_simplified(c.text), c.start) for c in row]
                                   for row in rows[:n_headers]], width)
    first = 1
    if _INDEX_HEADER.fullmatch(header_texts[0].strip()) and width > 2:
        first = 2  # 序号 | 开发区 | …: the label is the second column
    columns = _inherit([_label(text) for text in header_texts])
    caption = to_simplified(context.caption)
    table_unit = _unit_of_line(caption) or _unit_of_line(context.unit_line) or _unit_of_line(
        header_texts[0])
    kind = "target" if _TARGET_WORDS.search(caption + "".join(header_texts)) else "actual"
    caption_year = _last_year(caption)
    caption_region = _province_in(caption)
    figures: list[Figure] = []
    for row in rows[n_headers:]:
        row_label = _label(to_simplified(" ".join(c.text for c in row[first - 1:first])))
        for i in range(first, len(row)):
            cell = row[i]
            figure = _cell_figure(cell, row_label, columns[i] if i < len(columns) else _Label(),
                                  table_unit, kind, caption_year or context.period,
                                  caption_region or context.region, doc_id, document)
            if figure is not None:
                figures.append(figure)
    return figures


def _inherit(columns: list[_Label]) -> list[_Label]:
    """A measure-only header (增长(%), 占比) measures the indicator of the column before it."""
    out: list[_Label] = []
    for label in columns:
        if label.measure and not label.subject and out and out[-1].subject:
            prev = out[-1]
            label = _Label(unit=label.unit, measure=label.measure, metric=prev.metric,
                           subject=prev.subject)
        out.append(label)
    return out


def _cell_figure(cell: Cell, row: _Label, column: _Label, table_unit: tuple[str, Decimal] | None,
                 kind: str, period: str | None, region: str | None, doc_id: str,
                 document: str) -> Figure | None:
    text = to_simplified(cell.text)
    stripped = text.strip()
    match = _CELL_NUMBER.fullmatch(stripped)
    if match is None or _YEAR_LABEL.fullmatch(stripped):
        return None
    offset = cell.start + (len(text) - len(text.lstrip()))
    start = offset + match.start("num")
    end = offset + (match.end("unit") if match.group("unit") else match.end("num"))
    indicator = next((label for label in (column, row) if label.indicator), _Label())
    other = row if indicator is column else column
    unit = (_parse_unit(match.group("unit")) if match.group("unit") else None) \
        or column.unit or row.unit or table_unit
    measure = indicator.measure or other.measure or ("rank" if unit and unit[0] == "rank" else "level")
    metric = indicator.metric or other.metric or _metric(indicator.subject, unit) or "other"
    entity = next((label for label in (row, column) if label.entity), None)
    number = match.group("num").replace(",", "").replace("−", "-").replace("–", "-")
    try:
        amount = Decimal(number)
    except InvalidOperation:
        return None
    unit_name, scale = unit if unit else ("other", Decimal(1))
    qualifier = _QUALIFIER.get(match.group("pre") or match.group("post") or "", "exact")
    return Figure(
        doc_id=doc_id, start=start, end=end, text=document[start:end],
        value=float(amount * scale), value_high=None, unit=unit_name, metric=metric,
        measure=measure,
        region=(entity.region if entity and entity.region else region),
        area=entity.area if entity else None,
        subject=indicator.subject or other.subject,
        period=row.year or column.year or period, kind=kind, qualifier=qualifier,
    )


def _last_year(text: str) -> str | None:
    found = None
    for found in _YEAR_IN_TEXT.finditer(text):
        pass
    return found.group("y") if found else None


def _province_in(text: str) -> str | None:
    """The province (or 全国) a stretch of text names most often, provinces first."""
    if not text:
        return None
    gaz = gazetteer()
    places = gaz.find(text)
    named = Counter(p.province for p in places if p.name in gaz.provinces)
    if named:
        return named.most_common(1)[0][0]
    if NATIONAL in text:
        return NATIONAL
    implied = Counter(p.province for p in places if not p.weak)
    return implied.most_common(1)[0][0] if implied else None


# --- finding tables in text ------------------------------------------------------------
_RULE_LINE = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")
_ALIGNED_GAP = re.compile(r"[ \u3000]{2,}")
_HEAD_CHARS = 300  # a document's title and dateline
_CONTEXT_LINES = 3  # caption and unit lines stand at most this many lines above a table
_LOOKBACK = 600  # characters before a table searched for the year and region in force


def _split_row(line: str, line_start: int) -> list[Cell] | None:
    """A table row's cells, or None when the line is not one: `|`-separated, tab-separated,
    or aligned by runs of two or more spaces."""
    if "|" in line:
        inner_start, inner = line_start, line
        stripped = line.strip()
        if stripped.startswith("|"):
            lead = line.index("|") + 1
            inner_start, inner = line_start + lead, line[lead:]
        if inner.rstrip().endswith("|"):
            inner = inner.rstrip()[:-1]
        cells, pos = [], inner_start
        for part in inner.split("|"):
            cells.append(Cell(part, pos))
            pos += len(part) + 1
        return cells if len(cells) >= 2 else None
    if "\t" in line:  # the decoders' rendering: an empty cell is a merged or blank one
        cells, pos = [], line_start
        for part in line.split("\t"):
            cells.append(Cell(part, pos))
            pos += len(part) + 1
        return cells if sum(1 for c in cells if c.text.strip()) >= 2 else None
    if "  " in line or "\u3000\u3000" in line:
        cells, pos = [], 0
        for gap in _ALIGNED_GAP.finditer(line):
            if gap.start() > pos:
                cells.append(Cell(line[pos:gap.start()], line_start + pos))
            pos = gap.end()
        if pos < len(line):
            cells.append(Cell(line[pos:], line_start + pos))
        return cells if len(cells) >= 2 else None
    return None


def find_tables(text: str) -> list[TextTable]:
    """Tables in a decoded text: runs of at least two row lines, at least one with a
    number after its label. Cheap on prose: lines without `|`, a tab or a double space
    are never split."""
    if "|" not in text and "\t" not in text and "  " not in text and "\u3000\u3000" not in text:
        return []
    tables: list[TextTable] = []
    block: list[tuple[int, int, list[Cell]]] = []  # (line start, line end, cells)
    pos = 0
    lines = text.split("\n")
    for line in lines:
        end = pos + len(line)
        if _RULE_LINE.fullmatch(line) and "-" in line and block:
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
    delimited = any(ch in text[block[0][0]:block[0][1]] for ch in "|\t")
    if numeric < (1 if delimited else 2):
        return
    start, end = block[0][0], block[-1][1]
    context = _context(text, start)
    if context.unit_line:
        # 单位:亿元 belongs to the table: it is no amount of 1亿元 for the prose reader.
        start = text.rfind(context.unit_line, max(0, start - _LOOKBACK), start)
    tables.append(TextTable(start, end, rows, context))


def _context(text: str, start: int) -> TableContext:
    """Caption and unit line from the short lines right above a table; the year and
    region in force from those lines, the text just before them, and the document's head."""
    above = text[max(0, start - _LOOKBACK):start].split("\n")[:-1]
    caption_lines: list[str] = []
    for line in reversed(above):
        stripped = line.strip()
        if not stripped:
            if caption_lines:
                break
            continue
        if len(caption_lines) >= _CONTEXT_LINES or not (_CAPTION.match(stripped) or "单位" in stripped
                                                        or (len(stripped) <= 40 and not stripped.endswith(("。", "：", ":")))):
            break
        caption_lines.insert(0, stripped)
    caption = "\n".join(caption_lines)
    unit_line = next((line for line in caption_lines if _UNIT_LINE.search(to_simplified(line))), "")
    before = to_simplified(text[max(0, start - _LOOKBACK):start])
    head = to_simplified(text[:_HEAD_CHARS])
    period = _last_year(before) or _max_year(head)
    region = _province_in(before) or _province_in(head)
    return TableContext(caption=caption, unit_line=unit_line, region=region, period=period)


def _max_year(text: str) -> str | None:
    years = [m.group("y") for m in re.finditer(r"(?P<y>(?:19|20)\d\d)(?=年)", text)]
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
    spans = [(t.start, t.end) for t in tables]
    kept = [f for f in figures if not any(s <= f.start < e for s, e in spans)]
    for table in tables:
        try:
            kept.extend(read_table(table.rows, table.context, doc_id, text))
        except Exception:  # noqa: BLE001 - an odd table must not cost the document's prose
            continue
    kept.sort(key=lambda f: (f.start, f.end))
    return kept
