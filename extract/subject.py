"""The ``subject`` of a figure: the noun phrase naming what is counted or measured.

Government prose elides the head noun once it has been said (江苏省共有开发区158家，
其中国家级47家（经济类27家…）), puts the noun after a count (103家开发区纳入目录), or
breaks a count down in parentheses. The warehouse classifies zone counts by matching
the whole subject against ``[clause 的][level][type]zone-noun``, so the subject is
rebuilt here as that phrase: the words before the figure without discourse fillers,
the parent level of a parenthesised breakdown, and the head noun borrowed from earlier
in the sentence when it was elided.
"""

from __future__ import annotations

import re

from extract.gazetteer import gazetteer

ZONE_NOUN = re.compile(
    r"(?:经济技术开发区|高新技术产业开发区|经济开发区|开发园区|产业园区|工业园区|开发区|经开区|高新区|"
    r"综合保税区|保税区|综合试验区|综试区|集聚区|合作区|新区|园区)"
)
_CLAUSE_STOP = re.compile(r"[，,。；;：:！？!?\n]")
# words that open a clause without belonging to the noun phrase
_LEADING = re.compile(r"^(?:其中|另有|此外|目前|现有|拥有|共有|共|有|全省|全市|全区|全国|我省|我市|本省|已|累计|的|和|及|、)+")
# words that close the phrase before the number: verbs and "in total"
_TRAILING = re.compile(
    r"(?:总数|数量|个数|分别|已经|已|累计|共计|共有|共|总计|合计|计|达到|达|为|有|增至|增加到|超过|超|突破|占)+$"
)
_COUNT_AT_END = re.compile(r"\d+(?:\.\d+)?[家个户项所座]$")
# a clause that follows a count noun and says what picks the group (纳入目录, 被认定…)
_AFTER_CLAUSE = re.compile(r"^(?:纳入|列入|进入|被|获批|获得|通过|入选)[^，,。；;：:！？!?\n]{0,20}")


def subject_for(clause: str, after: str, before: str, is_zone_count: bool) -> str:
    """Build the subject from the text around a figure.

    ``clause``: from the last clause stop to the figure; ``after``: from the figure to the
    end of its sentence; ``before``: from the sentence start to the figure.
    """
    if is_zone_count:
        noun = _noun_after(after)  # 包括19个国家级开发区: a count usually precedes its noun
        if noun:
            return noun
    phrase = _strip(_from_parentheses(clause))
    if is_zone_count and not ZONE_NOUN.search(phrase):
        head = _last_zone_noun(before[: len(before) - len(clause)])
        if head:
            phrase = f"{phrase}{head}"
    return phrase or clause.strip()


def _from_parentheses(clause: str) -> str:
    """国家级47家（经济类 → 国家级经济类: a breakdown inherits its parent's words."""
    open_at = max(clause.rfind("("), clause.rfind("（"))
    if open_at < 0 or ")" in clause[open_at:] or "）" in clause[open_at:]:
        return clause
    parent = _COUNT_AT_END.sub("", clause[:open_at])
    item = re.split(r"[、，,]", clause[open_at + 1 :])[-1]
    return f"{_strip(parent)}{_strip(item)}"


def _strip(phrase: str) -> str:
    phrase = _LEADING.sub("", phrase.strip())
    phrase = _strip_place(phrase)
    phrase = _LEADING.sub("", phrase)
    return _TRAILING.sub("", phrase).strip()


def _strip_place(phrase: str) -> str:
    """江苏省经国务院批准设立的开发区 → 经国务院批准设立的开发区 (the region is its own field)."""
    places = gazetteer().find(phrase, 0, min(len(phrase), 12))
    if places and places[0].start == 0 and len(phrase) > places[0].end:
        rest = phrase[places[0].end :]
        if not ZONE_NOUN.match(rest):  # keep 合肥经开区: the place names the zone
            return rest
    return phrase


def _noun_after(after: str) -> str | None:
    """103家开发区纳入本次公告目录 → 纳入本次公告目录的开发区; 84个省级开发区在内 → 省级开发区."""
    after = re.sub(r"^(?:左右|以上|以内|以下|多|余)", "", after)  # 8个左右…园区: the qualifier is its own field
    m = re.match(r"[^，,。；;、：:！？!?()（）\n]{0,12}?" + ZONE_NOUN.pattern, after)
    if not m:
        return None
    noun = m.group()
    rest = _AFTER_CLAUSE.match(after[m.end() :])
    return f"{rest.group()}的{noun}" if rest else noun


def _last_zone_noun(text: str) -> str | None:
    found = None
    for found in ZONE_NOUN.finditer(text):
        pass
    return found.group() if found else None


