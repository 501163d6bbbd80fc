"""Sentence patterns for the synthetic corpus (see :mod:`benchmarks.synth`).

Each pattern writes one sentence the way provincial reports on development zones do,
as a list of parts: plain prose (``str``), a planted figure (:class:`Fig`, with the
record the spec says it gives) or a planted non-figure (:class:`Neg`: a date, a document
number, list numbering — numbers the extractor must leave alone). The templates are
our own; none is taken from a sample document.

Patterns are written in simplified characters; :mod:`benchmarks.synth` converts whole
documents to traditional characters part by part.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Callable, Sequence

import cn2an


@dataclass(frozen=True, slots=True)
class Fig:
    """A planted figure: its text as written and the record fields it must give."""

    text: str
    value: float
    unit: str
    metric: str
    measure: str
    subject: str
    qualifier: str = "exact"
    value_high: float | None = None
    period: str | None = None
    kind: str = "actual"
    area: str | None = None
    region: str | None = None  # None: the paragraph's region


@dataclass(frozen=True, slots=True)
class Neg:
    """A planted number that is not a figure (date, document number, numbering…)."""

    text: str


Part = str | Fig | Neg


@dataclass(slots=True)
class Scene:
    """What a sentence is about: the province, the report year and its places."""

    key: str  # names this scene (document and province): seeds its figures
    rng: random.Random
    year: int  # the year the report covers (period of actual figures)
    province: str  # standard full name, e.g. 江苏省
    short: str  # 江苏
    scope: str  # 全省 / 全市 / 全区: how the text refers to the whole province
    cities: Sequence[str] = field(default_factory=tuple)  # short names, e.g. 南京

    def city(self) -> str:
        return self.rng.choice(self.cities)


# -- numbers ---------------------------------------------------------------------

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
WAN = Decimal(10) ** 4
YI = Decimal(10) ** 8
WANYI = Decimal(10) ** 12


def decimal(rng: random.Random, low: float, high: float, places: int) -> str:
    """A number in [low, high] written with ``places`` decimals (as reports print it)."""
    return f"{rng.uniform(low, high):.{places}f}"


def value(written: str, multiplier: Decimal = Decimal(1)) -> float:
    """The canonical value of a written number (exact decimal arithmetic, then float)."""
    return float(Decimal(written.translate(_TO_ASCII)) * multiplier)


_TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")


def integer(rng: random.Random, low: int, high: int, *, chinese: bool = True) -> tuple[str, int]:
    """A count as written: mostly Arabic digits, sometimes full-width or Chinese numerals."""
    n = rng.randint(low, high)
    draw = rng.random()
    if chinese and n <= 99 and draw < 0.05:
        return cn2an.an2cn(n), n
    if draw > 0.96:
        return str(n).translate(_FULLWIDTH), n
    return str(n), n


def year(y: int) -> Neg:
    return Neg(f"{y}年")


def consistent(pattern: Callable[[Scene], list[Part]]) -> Callable[[Scene], list[Part]]:
    """Within one scene a pattern states the same figures every time it is used.

    A report repeats itself (summary, then body) but does not contradict itself; the
    warehouse's consistency tests (parts ≤ whole, conflicts) rely on that. So a pattern
    draws from a Random seeded by the scene and the pattern, not from the scene's stream.
    """

    @functools.wraps(pattern)
    def stated(s: Scene) -> list[Part]:
        return pattern(replace(s, rng=random.Random(f"{s.key}:{pattern.__name__}")))

    return stated


# -- patterns: actual figures --------------------------------------------------------
# Each takes a Scene and returns the parts of one sentence.


@consistent
def zone_counts(s: Scene) -> list[Part]:
    r, p = s.rng, str(s.year)
    nat, nat_n = integer(r, 3, 30)
    prov, prov_n = integer(r, 10, 120)
    total = str(nat_n + prov_n)
    word = r.choice(["家", "个"])
    if r.random() < 0.5:
        return [
            "截至", year(s.year), f"底，{s.scope}共有省级以上开发区",
            Fig(total + word, nat_n + prov_n, "count", "zone_count", "level", "省级以上开发区", period=p),
            "，其中国家级开发区", Fig(nat + word, nat_n, "count", "zone_count", "level", "国家级开发区", period=p),
            "，省级开发区", Fig(prov + word, prov_n, "count", "zone_count", "level", "省级开发区", period=p), "。",
        ]
    eco, eco_n = integer(r, 2, 15)
    hi, hi_n = integer(r, 1, 12)
    return [
        year(s.year), f"，{s.short}拥有国家级经开区",
        Fig(eco + word, eco_n, "count", "zone_count", "level", "国家级经开区", period=p),
        "、国家级高新区", Fig(hi + word, hi_n, "count", "zone_count", "level", "国家级高新区", period=p), "。",
    ]


def _yi(s: Scene, x: str, metric: str, subject: str, *, currency: str = "CNY") -> Fig:
    """An amount of the scene's year in 亿 (100 million) yuan or US dollars."""
    unit = "亿元" if currency == "CNY" else "亿美元"
    return Fig(f"{x}{unit}", value(x, YI), currency, metric, "level", subject, period=str(s.year))


def _growth(s: Scene, metric: str, subject: str, *, verb_up: str = "增长") -> list[Part]:
    g = decimal(s.rng, 0.5, 25, 1)
    if s.rng.random() < 0.15:
        return ["，同比下降", Fig(f"{g}%", -value(g), "percent", metric, "growth", subject, period=str(s.year))]
    return [f"，同比{verb_up}", Fig(f"{g}%", value(g), "percent", metric, "growth", subject, period=str(s.year))]


def _share(s: Scene, metric: str, subject: str, of: str = "") -> list[Part]:
    share = decimal(s.rng, 5, 75, 1)
    return [f"，占{s.scope}{of}的", Fig(f"{share}%", value(share), "percent", metric, "share", subject, period=str(s.year))]


@consistent
def revenue(s: Scene) -> list[Part]:
    r, p = s.rng, str(s.year)
    if r.random() < 0.5:
        x = decimal(r, 0.3, 9.5, 2)
        amount = Fig(f"{x}万亿元", value(x, WANYI), "CNY", "revenue", "level", "营业收入", period=p)
    else:
        x = str(r.randint(1200, 9800))
        amount = _yi(s, x, "revenue", "营业收入")
    return [
        year(s.year), f"，{s.scope}开发区实现营业收入", amount,
        *_growth(s, "revenue", "营业收入"), *_share(s, "revenue", "营业收入"), "。",
    ]


@consistent
def tax(s: Scene) -> list[Part]:
    x = decimal(s.rng, 50, 3000, 1)
    subject = s.rng.choice(("税收收入", "税收"))
    return [
        f"开发区完成{subject}", _yi(s, x, "tax_revenue", subject),
        *_growth(s, "tax_revenue", subject), "。",
    ]


@consistent
def fdi(s: Scene) -> list[Part]:
    x = decimal(s.rng, 1, 150, 1)
    return [
        "实际使用外资", _yi(s, x, "fdi", "实际使用外资", currency="USD"),
        *_growth(s, "fdi", "实际使用外资"), *_share(s, "fdi", "实际使用外资"), "。",
    ]


@consistent
def trade(s: Scene) -> list[Part]:
    x = str(s.rng.randint(100, 9000))
    return [
        "开发区实现进出口总额", _yi(s, x, "trade", "进出口总额"),
        *_growth(s, "trade", "进出口总额"), *_share(s, "trade", "外贸进出口", of="外贸进出口总额"), "。",
    ]


@consistent
def industry_growth(s: Scene) -> list[Part]:
    r, p = s.rng, str(s.year)
    g = decimal(r, 3, 18, 1)
    d = decimal(r, 0.5, 9, 1)
    above = r.random() < 0.75
    return [
        f"{s.scope}开发区规模以上工业增加值同比增长",
        Fig(f"{g}%", value(g), "percent", "industrial_value_added", "growth", "规模以上工业增加值", period=p),
        f"，{'高于' if above else '低于'}{s.scope}平均水平",
        Fig(f"{d}个百分点", value(d) if above else -value(d), "percentage_point", "industrial_value_added",
            "difference", "规模以上工业增加值增幅", period=p),
        "。",
    ]


@consistent
def gdp(s: Scene) -> list[Part]:
    x = str(s.rng.randint(500, 40000))
    return [
        f"{s.short}各类开发区实现地区生产总值",
        _yi(s, x, "gdp", "地区生产总值"),
        *_share(s, "gdp", "地区生产总值", of="经济总量"), "。",
    ]


@consistent
def fiscal(s: Scene) -> list[Part]:
    x = decimal(s.rng, 20, 1500, 1)
    return [
        "开发区完成一般公共预算收入",
        _yi(s, x, "fiscal_revenue", "一般公共预算收入"), "。",
    ]


@consistent
def investment(s: Scene) -> list[Part]:
    x = str(s.rng.randint(300, 20000))
    return [
        "完成固定资产投资", _yi(s, x, "investment", "固定资产投资"),
        *_growth(s, "investment", "固定资产投资"), "。",
    ]


@consistent
def domestic(s: Scene) -> list[Part]:
    x = decimal(s.rng, 100, 6000, 1)
    subject = s.rng.choice(("实际到位内资", "实际到位省外境内资金"))
    return [
        f"全年{subject}",
        _yi(s, x, "domestic_investment", subject), "。",
    ]


@consistent
def output(s: Scene) -> list[Part]:
    x = str(s.rng.randint(800, 60000))
    return [
        "开发区实现工业总产值",
        _yi(s, x, "industrial_output", "工业总产值"), "。",
    ]


@consistent
def enterprises(s: Scene) -> list[Part]:
    r, p = s.rng, str(s.year)
    hi, hi_n = integer(r, 200, 12000, chinese=False)
    new, new_n = integer(r, 20, 900, chinese=False)
    return [
        "开发区拥有高新技术企业", Fig(f"{hi}家", hi_n, "count", "enterprise_count", "level", "高新技术企业", period=p),
        "，当年新增规模以上工业企业", Fig(f"{new}家", new_n, "count", "enterprise_count", "difference", "规模以上工业企业", period=p),
        "。",
    ]


@consistent
def platforms(s: Scene) -> list[Part]:
    r, p = s.rng, str(s.year)
    lab, lab_n = integer(r, 10, 600, chinese=False)
    inc, inc_n = integer(r, 5, 200, chinese=False)
    return [
        "建成省级以上研发机构", Fig(f"{lab}个", lab_n, "count", "platform_count", "level", "省级以上研发机构", period=p),
        "、科技企业孵化器", Fig(f"{inc}个", inc_n, "count", "platform_count", "level", "科技企业孵化器", period=p), "。",
    ]


@consistent
def projects(s: Scene) -> list[Part]:
    r, p = s.rng, str(s.year)
    n, n_val = integer(r, 30, 1500, chinese=False)
    x = str(r.randint(100, 9000))
    return [
        year(s.year), f"，{s.scope}开发区新签约项目", Fig(f"{n}个", n_val, "count", "project_count", "level", "新签约项目", period=p),
        "，总投资", _yi(s, x, "investment", "新签约项目总投资"), "。",
    ]


@consistent
def ranking(s: Scene) -> list[Part]:
    r = s.rng
    kind, label = r.choice([("经开区", "国家级经开区综合发展水平考核评价"), ("高新区", "国家高新区综合评价")])
    zone = s.city() + kind
    rank = str(r.randint(2, 120))
    return [
        "在", year(s.year), f"{label}中，{zone}综合排名列全国",
        Fig(f"第{rank}位", int(rank), "rank", "other", "rank", label + "排名", period=str(s.year), area=zone), "。",
    ]


_CLASSES = (("千亿元", Decimal(10) ** 11), ("百亿元", Decimal(10) ** 10), ("500亿元", 500 * YI), ("1000亿元", 1000 * YI))


@consistent
def thresholds(s: Scene) -> list[Part]:
    r, p = s.rng, str(s.year)
    label, amount = r.choice(_CLASSES)
    n, n_val = integer(r, 1, 25)
    return [
        f"{s.scope}营业收入超",
        Fig(label, float(amount), "CNY", "threshold", "level", f"营业收入超{label}园区", qualifier="at_least", period=p),
        "园区达到", Fig(f"{n}个", n_val, "count", "zone_count", "level", f"营业收入超{label}园区", period=p), "。",
    ]


@consistent
def clusters(s: Scene) -> list[Part]:
    r, p = s.rng, str(s.year)
    label, amount = r.choice((("千亿", Decimal(10) ** 11), ("百亿", Decimal(10) ** 10)))
    n, n_val = integer(r, 2, 40)
    return [
        "开发区已培育形成",
        Fig(label, float(amount), "CNY", "threshold", "level", f"{label}级产业集群", qualifier="at_least", period=p),
        "级产业集群", Fig(f"{n}个", n_val, "count", "cluster_count", "level", f"{label}级产业集群", period=p), "。",
    ]


@consistent
def land(s: Scene) -> list[Part]:
    r, p = s.rng, str(s.year)
    tax_mu = decimal(r, 5, 80, 1)
    plant = str(r.randint(50, 3000))
    return [
        "开发区工业用地亩均税收达到",
        Fig(f"{tax_mu}万元", value(tax_mu, WAN), "CNY_per_mu", "land", "level", "工业用地亩均税收", period=p),
        "，新建标准厂房", Fig(f"{plant}万平方米", value(plant, WAN), "m2", "land", "level", "新建标准厂房面积", period=p), "。",
    ]


@consistent
def environment(s: Scene) -> list[Part]:
    x = decimal(s.rng, 80, 99.5, 1)
    return [
        "园区污水集中处理率达到",
        Fig(f"{x}%", value(x), "percent", "environment", "share", "园区污水集中处理率", period=str(s.year)), "。",
    ]


@consistent
def jobs(s: Scene) -> list[Part]:
    x = str(s.rng.randint(5, 400))
    return [
        "开发区带动就业约",
        Fig(f"{x}万人", value(x, WAN), "count", "other", "level", "带动就业", qualifier="approx", period=str(s.year)), "。",
    ]


@consistent
def nationwide(s: Scene) -> list[Part]:
    """A national figure: region 全国, whatever the document's province."""
    n, n_val = integer(s.rng, 180, 240, chinese=False)
    return [
        "截至", year(s.year), "底，全国共有国家级经开区",
        Fig(f"{n}家", n_val, "count", "zone_count", "level", "国家级经开区", period=str(s.year), region="全国"), "。",
    ]


# -- patterns: targets ------------------------------------------------------------------


def _due(s: Scene) -> int:
    return s.year + s.rng.randint(1, 5)


@consistent
def revenue_target(s: Scene) -> list[Part]:
    r = s.rng
    due = _due(s)
    x = str(r.randint(1, 12))
    g = str(r.randint(5, 15))
    return [
        "到", year(due), f"，力争{s.scope}开发区营业收入突破",
        Fig(f"{x}万亿元", value(x, WANYI), "CNY", "revenue", "level", "开发区营业收入",
            qualifier="at_least", period=str(due), kind="target"),
        "，年均增长", Fig(f"{g}%", value(g), "percent", "revenue", "growth", "开发区营业收入",
                      qualifier="at_least", period=str(due), kind="target"),
        "以上。",
    ]


@consistent
def threshold_target(s: Scene) -> list[Part]:
    r = s.rng
    due = _due(s)
    label, amount = r.choice(_CLASSES)
    n, n_val = integer(r, 2, 30)
    return [
        "到", year(due), "，营业收入超",
        Fig(label, float(amount), "CNY", "threshold", "level", f"营业收入超{label}开发区",
            qualifier="at_least", period=str(due), kind="target"),
        "开发区达到", Fig(f"{n}个", n_val, "count", "zone_count", "level", f"营业收入超{label}开发区",
                     qualifier="at_least", period=str(due), kind="target"),
        "以上。",
    ]


@consistent
def range_target(s: Scene) -> list[Part]:
    r = s.rng
    due = _due(s)
    low = r.randint(1, 4)
    high = low + r.randint(1, 3)
    dash = r.choice(["-", "—", "～"])
    return [
        "到", year(due), "，每个国家级开发区新建",
        Fig(f"{low}{dash}{high}个", low, "count", "cluster_count", "difference", "国家级开发区新建主题产业园",
            qualifier="range", value_high=high, period=str(due), kind="target"),
        "主题产业园。",
    ]


@consistent
def fdi_target(s: Scene) -> list[Part]:
    x = str(s.rng.randint(5, 300))
    if s.year <= 2024 and s.rng.random() < 0.5:
        due, opening = 2025, ["到", Neg("“十四五”"), "末"]
    else:
        due = _due(s)
        opening = ["到", year(due)]
    return [
        *opening, f"，{s.scope}开发区实际使用外资达到",
        Fig(f"{x}亿美元", value(x, YI), "USD", "fdi", "level", "开发区实际使用外资",
            qualifier="at_least", period=str(due), kind="target"),
        "以上。",
    ]


@consistent
def land_target(s: Scene) -> list[Part]:
    due = _due(s)
    x = str(s.rng.choice([200, 250, 300, 350, 400, 450]))
    return [
        "到", year(due), "，新建工业项目投资强度不低于",
        Fig(f"{x}万元/亩", value(x, WAN), "CNY_per_mu", "land", "level", "新建工业项目投资强度",
            qualifier="at_least", period=str(due), kind="target"),
        "。",
    ]


ACTUAL: tuple[Callable[[Scene], list[Part]], ...] = (
    zone_counts, revenue, tax, fdi, trade, industry_growth, gdp, fiscal, investment, domestic,
    output, enterprises, platforms, projects, ranking, thresholds, clusters, land, environment, jobs,
)
TARGET: tuple[Callable[[Scene], list[Part]], ...] = (
    revenue_target, threshold_target, range_target, fdi_target, land_target,
)
# A multi-province comparison uses only figures that read naturally under "X省：".
COMPARISON: tuple[Callable[[Scene], list[Part]], ...] = (zone_counts, revenue, fdi, thresholds, enterprises, ranking)


# -- prose without figures, and numbers that are not figures ---------------------------

FILLER = (
    "各地坚持以开放促改革、促发展，持续优化营商环境。",
    "开发区体制机制改革不断深化，管理效能明显提升。",
    "围绕主导产业开展精准招商，产业链上下游协同发展态势逐步形成。",
    "园区基础设施配套日益完善，承载能力进一步增强。",
    "科技创新引领作用更加突出，创新要素加快向园区集聚。",
    "坚持集约节约用地，推动低效用地再开发。",
    "绿色低碳循环发展成效显著，园区生态环境持续改善。",
    "深入推进“放管服”改革，企业办事更加便捷高效。",
    "同时也要看到，部分园区产业同质化问题依然存在，主导产业不够突出。",
    "个别开发区规划布局不够合理，土地利用效率有待提高。",
    "园区专业化招商队伍建设仍需加强，市场化运营水平不高。",
    "要强化要素保障，统筹用地、用能、资金等资源向优质园区倾斜。",
    "加快建设特色鲜明、竞争力强的现代产业体系。",
    "健全考核评价机制，实行动态管理、优胜劣汰。",
    "鼓励开发区与高校、科研院所共建创新平台。",
    "支持有条件的开发区开展整合优化，提升整体竞争力。",
    "推动开发区由要素驱动向创新驱动转变。",
    "完善园区公共服务设施，提升产城融合发展水平。",
    "积极承接产业转移，主动融入区域协调发展战略。",
    "各有关部门要加强协调配合，形成工作合力。",
    "从调研情况看，开发区已经成为全省经济发展的主阵地和对外开放的重要窗口。",
    "开发区坚持规划引领，按照产业集聚、用地集约、功能集成的要求统筹空间布局。",
    "通过建立项目推进机制，做到领导联系、专班推进、定期调度，重大项目落地速度明显加快。",
    "围绕龙头企业补链延链强链，引进配套企业，产业生态不断完善。",
    "推行“标准地”出让和“拿地即开工”审批模式，企业投资项目审批时间大幅压缩。",
    "积极探索“管委会加公司”运营模式，剥离社会事务管理职能，聚焦经济发展主责主业。",
    "部分园区仍存在重招商轻服务、重数量轻质量的倾向，亩均效益与先进地区相比差距较大。",
    "人才、资金、土地等要素约束趋紧，园区高质量发展面临新的挑战。",
    "要坚持把开发区作为推动高质量发展的重要抓手，以改革创新激发园区发展活力。",
    "加快推进数字化转型，建设智慧园区，提升园区精细化管理水平。",
    "引导金融机构加大对园区基础设施和重点产业项目的信贷支持力度。",
    "支持开发区建设人才公寓和配套生活设施，增强对高层次人才的吸引力。",
    "强化安全生产和环境监管，守住安全发展和生态保护底线。",
    "总体来看，开发区综合实力稳步增强，对全省经济增长的贡献持续提升。",
    "下一步，将进一步理顺管理体制，完善支持政策，推动开发区提质增效。",
)


def document_number(s: Scene, issuer: str) -> list[Part]:
    n = s.rng.randint(1, 60)
    return [issuer, Neg(f"〔{s.year + 1}〕{n}号")]


def date_line(s: Scene) -> list[Part]:
    m, d = s.rng.randint(1, 12), s.rng.randint(1, 28)
    return [Neg(f"{s.year + 1}年{m}月{d}日")]


def slogan(s: Scene) -> list[Part]:
    a, b = s.rng.randint(2, 6), s.rng.randint(1, 5)
    return ["着力构建", Neg(f"“{a}+{b}”"), "现代产业体系，推动", Neg("“一区多园”"), "协同发展。"]


def duration(s: Scene) -> list[Part]:
    n = s.rng.randint(2, 6)
    return ["开发区主要经济指标", Neg(f"连续{n}年"), "保持较快增长。"]  # a duration, never a figure


def policy_parts(s: Scene) -> list[Part]:
    a, b = s.rng.randint(3, 8), s.rng.randint(10, 40)
    return ["省政府出台支持开发区高质量发展的若干措施，从", Neg(f"{a}个方面"), "提出", Neg(f"{b}条"), "具体举措。"]


NOISE: tuple[Callable[[Scene], list[Part]], ...] = (slogan, duration, policy_parts)
