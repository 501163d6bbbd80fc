"""Each construction of the spec, on small sentences written for these tests."""

from __future__ import annotations

import math

import pytest

from extract.figures import extract_figures
from extract.records import Figure


def figures(text: str) -> list[Figure]:
    return extract_figures(text, "t")


def only(text: str) -> Figure:
    found = figures(text)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("浙江省共有开发区120家。", "120家", 120, "count"),
        ("全省有一百零三家开发区。", "一百零三家", 103, "count"),
        ("园区内聚集企业两万家。", "两万家", 20000, "count"),
        ("营业收入达到1.2万亿元。", "1.2万亿元", 1.2e12, "CNY"),
        ("營業收入達到3.7萬億元。", "3.7萬億元", 3.7e12, "CNY"),
        ("实际利用外资7.5亿美元。", "7.5亿美元", 7.5e8, "USD"),
        ("税收收入45万元。", "45万元", 4.5e5, "CNY"),
        ("增长１２．５％。", "１２．５％", 12.5, "percent"),
        ("占比达到百分之二十。", "百分之二十", 20, "percent"),
        ("规划面积12.5平方公里。", "12.5平方公里", 12.5, "km2"),
        ("建成标准厂房300万平方米。", "300万平方米", 3e6, "m2"),
        ("新增工业用地2000亩。", "2000亩", 2000, "mu"),
        ("年产10万吨乙醇。", "10万吨", 1e5, "ton"),
        ("产值增长了1.5倍。", "1.5倍", 1.5, "times"),
        ("亩均投资强度达到400万元/亩。", "400万元/亩", 4e6, "CNY_per_mu"),
        ("实现进出口总额1,250亿元。", "1,250亿元", 1.25e11, "CNY"),
    ],
)
def test_numbers_and_units(sentence: str, text: str, value: float, unit: str) -> None:
    figure = only(sentence)
    assert (figure.text, figure.unit) == (text, unit)
    assert math.isclose(figure.value, value, rel_tol=1e-9)


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [("新增国家级园区2-3家。", 2, 3), ("培育1～3个产业集群。", 1, 3),
     ("确定3—4个主导产业方向。", 3, 4), ("引进3~5家龙头企业。", 3, 5)],
)
def test_ranges(sentence: str, low: float, high: float) -> None:
    figure = only(sentence)
    assert (figure.value, figure.value_high, figure.qualifier) == (low, high, "range")


def test_fractions_are_percent() -> None:
    figure = only("开发区贡献了全省1/3的税收。")
    assert figure.unit == "percent" and math.isclose(figure.value, 100 / 3, rel_tol=1e-6)
    assert only("约占1/10。").value == pytest.approx(10)


@pytest.mark.parametrize(
    ("sentence", "text", "value", "metric"),
    [
        ("该区列全国第11位。", "第11位", 11, "other"),
        ("综合排名进入前10，", "前10", 10, "threshold"),
        ("对排名后三位的园区予以通报。", "后三位", 3, "threshold"),
        ("入围全国经开区30强。", "30强", 30, "threshold"),
        # cut-offs written plainly, in Chinese numerals too, and ranks from the bottom
        ("山东省经开区跻身全国30强。", "30强", 30, "threshold"),
        ("引进世界500强企业。", "500强", 500, "threshold"),
        ("园区入选百强榜单。", "百强", 100, "threshold"),
        ("德州经开区亩均税收排在倒数第3。", "倒数第3", 3, "land"),
        ("合肥高新区摘得两个第一。", "第一", 1, "other"),
    ],
)
def test_ranks(sentence: str, text: str, value: float, metric: str) -> None:
    figure = only(sentence)
    assert (figure.text, figure.value, figure.unit, figure.measure, figure.metric) == (
        text, value, "rank", "rank", metric)


def test_respectively_gives_each_number_its_own_metric() -> None:
    found = figures("营业收入、工业总产值、净利润和上缴税费分别为3862亿元、2947亿元、214亿元和163亿元，"
                    "同比分别增长8.4%、7.9%、12.6%和5.3%。")
    assert [f.metric for f in found] == ["revenue", "industrial_output", "other", "tax_revenue"] * 2
    assert [f.measure for f in found][4:] == ["growth"] * 4
    # a list of places shares the one metric named after it
    zones = figures("湛江经开区、汕头高新区营业收入分别增长12.6%、9.8%。")
    assert [f.metric for f in zones] == ["revenue", "revenue"]


def test_rules_for_land_read_as_targets_of_no_place() -> None:
    rule = only("关于加强开发区土地集约利用的通知\n一、新建工业项目投资强度原则上不低于每亩250万元。")
    assert (rule.unit, rule.qualifier, rule.region, rule.kind) == ("CNY_per_mu", "at_least", None, "target")


def test_money_per_land_area_is_per_mu() -> None:
    per_km2 = only("每平方公里工业总产值96亿元。")
    assert (per_km2.unit, per_km2.value, per_km2.metric) == ("CNY_per_mu", 6_400_000, "land")
    assert only("平均投资强度为每公顷6200万元。").value == pytest.approx(62e6 / 15)


@pytest.mark.parametrize(
    ("messy", "text", "value", "unit"),
    [
        ("實現地區生產總值2.6萬(wàn)億元。", "2.6萬(wàn)億元", 2.6e12, "CNY"),
        ("實際使用外資22.4億美(měi)元。", "22.4億美(měi)元", 22.4e8, "USD"),
        ("工業增加值完成1862.4忆元。", "1862.4忆元", 1862.4e8, "CNY"),
    ],
)
def test_pinyin_glosses_and_typed_units(messy: str, text: str, value: float, unit: str) -> None:
    figure = only(messy)
    assert (figure.text, figure.value, figure.unit) == (text, value, unit)


def test_a_clause_that_names_its_ranking_keeps_it() -> None:
    found = figures("西安高新区营业收入突破2万亿元，综合排名跃居全国第3位。")
    assert [(f.text, f.metric) for f in found] == [("2万亿元", "revenue"), ("第3位", "other")]
    shared = figures("两省分别有12家、11家园区入选。")
    assert [f.metric for f in shared] == ["zone_count", "zone_count"]


def test_a_share_of_a_count_takes_the_counted_metric() -> None:
    assert only("“拿地即开工”项目占比提高到90%以上。").metric == "project_count"
    assert only("高新技术产业产值占比超过73%。").metric == "industrial_output"


def test_rank_moves_and_seats() -> None:
    moved = only("德州经开区排名较上年前移2位。")
    assert (moved.text, moved.unit, moved.measure, moved.value) == ("2位", "rank", "difference", 2)
    seats = figures("山东园区入选百强榜单，在榜单中占据8席，较上年增加2席。")
    assert [(f.text, f.unit, f.measure) for f in seats] == [
        ("百强", "rank", "rank"), ("8席", "count", "level"), ("2席", "count", "difference")]


def test_a_unit_written_once_serves_every_number() -> None:
    found = figures("两项比重分别比上年提高5、7个百分点。")
    assert [(f.text, f.value, f.unit) for f in found] == [
        ("5", 5, "percentage_point"), ("7个百分点", 7, "percentage_point")]


@pytest.mark.parametrize(
    ("sentence", "value", "measure"),
    [("工业投资下降12%。", -12, "growth"),
     ("增速低于全省平均水平0.7个百分点。", -0.7, "difference"),
     ("增速高于全省平均水平2.1个百分点。", 2.1, "difference"),
     ("营业收入同比增长8.4%。", 8.4, "growth")],
)
def test_declines_are_negative(sentence: str, value: float, measure: str) -> None:
    figure = only(sentence)
    assert (figure.value, figure.measure) == (pytest.approx(value), measure)


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [("税收达到20亿元左右。", "approx"), ("税收约20亿元。", "approx"),
     ("吸纳就业近5000人。", "approx"), ("增长10%以上。", "at_least"),
     ("收入超过500亿元。", "at_least"), ("企业不少于20家。", "at_least"),
     ("收入突破千亿元。", "at_least"), ("开发区数量不超过3家。", "at_most"),
     ("能耗控制在5%以内。", "at_most"), ("收入500亿元。", "exact")],
)
def test_qualifiers(sentence: str, qualifier: str) -> None:
    assert only(sentence).qualifier == qualifier


@pytest.mark.parametrize(
    ("sentence", "metric", "measure"),
    [
        ("全市开发区实现营业收入2800亿元。", "revenue", "level"),
        ("完成税收总额120亿元。", "tax_revenue", "level"),
        ("一般公共预算收入45亿元。", "fiscal_revenue", "level"),
        ("地区生产总值突破900亿元。", "gdp", "level"),
        ("工业总产值达到1500亿元。", "industrial_output", "level"),
        ("规上工业增加值同比增长6.1%。", "industrial_value_added", "growth"),
        ("固定资产投资增长9%。", "investment", "growth"),
        ("实际使用外资3.2亿美元。", "fdi", "level"),
        ("实际到位内资600亿元。", "domestic_investment", "level"),
        ("外贸进出口总额占全省的40%。", "trade", "share"),
        ("拥有高新技术企业560家。", "enterprise_count", "level"),
        ("签约重大项目85个。", "project_count", "level"),
        ("形成12条重点产业链。", "cluster_count", "level"),
        ("建成省级以上研发机构40个。", "platform_count", "level"),
        ("污水集中处理率达到95%。", "environment", "level"),
        ("全区共有国家级经开区9家。", "zone_count", "level"),
        ("比上年新增2家开发区。", "zone_count", "difference"),
    ],
)
def test_metrics_and_measures(sentence: str, metric: str, measure: str) -> None:
    figure = only(sentence)
    assert (figure.metric, figure.measure) == (metric, measure)


def test_a_threshold_defining_a_group_is_its_own_record() -> None:
    found = figures("营业收入超500亿元园区达到9个。")
    assert [(f.text, f.metric, f.qualifier) for f in found] == [
        ("500亿元", "threshold", "at_least"), ("9个", "zone_count", "exact")]
    bare = only("打造一批千亿产业集群。")
    assert (bare.text, bare.value, bare.unit, bare.metric, bare.qualifier) == (
        "千亿", 1e11, "CNY", "threshold", "at_least")
    assert only("培育百億級產業集群。").value == 1e10


@pytest.mark.parametrize(
    ("sentence", "kind", "period"),
    [
        ("到2025年，全省开发区营业收入力争达到6万亿元。", "target", "2025"),
        ("2022年，全省开发区实现营业收入4万亿元。", "actual", "2022"),
        ("到“十四五”末，营业收入达到1万亿元。", "target", "2025"),
        ("20xx年，实现工业总产值75亿元。", None, None),
        ("截至目前，全省共有开发区96家。", "actual", None),
    ],
)
def test_kind_and_period(sentence: str, kind: str | None, period: str | None) -> None:
    figure = only(sentence)
    assert figure.period == period
    if kind:
        assert figure.kind == kind


@pytest.mark.parametrize(
    ("sentence", "region"),
    [
        ("浙江省共有开发区120家。", "浙江省"),
        ("兰州新区实现地区生产总值300亿元。", "甘肃省"),
        ("在全国219家国家级经开区中名列前茅。", "全国"),
        ("廣西壯族自治區共有開發區60個。", "广西壮族自治区"),
    ],
)
def test_region_from_the_sentence(sentence: str, region: str) -> None:
    assert only(sentence).region == region


# Each document opens with a neutral title line (新闻): a one-line document would be its own
# title, and a title's genre words (目标, 计划) make every sentence of a plan a target.
@pytest.mark.parametrize(
    ("doc", "kinds"),
    [
        # a target reported as met is no plan cue for the figures around it
        ("新闻\n主要指标全面完成目标任务。全年实现营业收入120亿元，完成年度目标的106.5%。",
         ["actual", "actual"]),
        # clause by clause: a year of its own stops the paragraph's 力争 from carrying
        ("新闻\n2024年力争营业收入增长8%。2023年新增企业46家，2024年计划新增50家。",
         ["target", "actual", "target"]),
        # intent after the sentence's last year holds for the clauses after it
        ("新闻\n2023年完成投资426亿元，2024年要完成450亿元，其中工业投资占比不低于55%。",
         ["actual", "target", "target"]),
        # the figure is what the goal says, even where the goal was met
        ("新闻\n年初提出的新引进项目30个的目标顺利实现，全年共引进项目36个。", ["target", "actual"]),
        # 比年初目标高出: a yardstick
        ("新闻\n2023年增加值增长9.6%，比年初目标高出1.6个百分点。", ["actual", "actual"]),
        # 规划面积 is a noun (the planned area), not a plan
        ("新闻\n开发区规划面积合计2986.4平方公里。", ["actual"]),
    ],
)
def test_kind_is_read_per_clause(doc: str, kinds: list[str]) -> None:
    assert [f.kind for f in figures(doc)] == kinds


@pytest.mark.parametrize(
    ("doc", "periods"),
    [
        # a dated text: 今年, 截至目前 and undated figures hold for the dateline's year
        ("园区快讯\n来源：日报 2024-04-18\n\n今年一季度，园区实现产值386亿元。\n\n截至目前，入驻企业1200家。",
         ["2024", "2024"]),
        # … but a count over a span since a year has none
        ("园区快讯\n2024年04月02日\n\n自2021年推行改革以来，亩均税收提高到18.3万元；累计处置用地4.7万亩。",
         [None, None]),
        # a headline repeating a body figure takes the body figure's year
        ("园区营收突破1500亿元\n2023年10月26日\n\n今年前三季度，园区营业收入突破1500亿元。", ["2023", "2023"]),
        # 过去一年 is the year before the document's; 今年 its own
        ("陕西省2024年政府工作报告\n\n过去一年，开发区实现营业收入2.9万亿元。今年，营业收入力争增长7%。",
         ["2023", "2024"]),
        # in a dated text, a later paragraph keeps the year the earlier ones are about
        ("福建开发区\n2024年03月12日\n\n2023年，全省开发区实现增加值8652亿元。\n厦门火炬高新区实现营业收入3265亿元。",
         ["2023", "2023"]),
        # an evaluation's counts take the data year that follows them; 到年底 is the dated year
        ("湖北省2023年度开发区综合考核评价结果通报\n\n省商务厅对全省103家开发区2022年度发展情况进行了考核评价。", ["2022"]),
        ("园区快讯\n2024年05月09日\n\n该区力争到年底项目占比提高到90%以上。", ["2024"]),
        # a rule from a year on, a due year after the figure
        ("新闻\n自2024年起，新供工业用地项目投资强度不低于300万元/亩。", ["2024"]),
        ("新闻\n年产20万吨锂电正极材料项目计划2026年投产。", ["2026"]),
    ],
)
def test_period_from_the_document(doc: str, periods: list[str | None]) -> None:
    assert [f.period for f in figures(doc)] == periods


@pytest.mark.parametrize(
    ("doc", "regions", "areas"),
    [
        # a county's short name heading a zone's name
        ("库尔勒经开区完成投资74.5亿元。", ["新疆维吾尔自治区"], ["库尔勒经开区"]),
        ("肥西桃花工业园签约项目23个。", ["安徽省"], ["肥西桃花工业园"]),
        # the paragraph's zone carries to the next sentence
        ("2023年，芜湖经开区稳中求进。全年实现地区生产总值1286.4亿元。", ["安徽省"], ["芜湖经开区"]),
        # a national collective as the subject, 全国 as a yardstick
        ("国家级经开区当年实际使用外资417亿美元。", ["全国"], [None]),
        ("江苏省国家级经开区数量达27家，占全国的11.8%。", ["江苏省", "江苏省"], [None, None]),
        ("山东省共有5家经开区跻身全国30强，其中2家进入十强。", ["山东省"] * 4, [None] * 4),
        # a list of zones with 等 is no one zone; a province's zones are no zone's name
        ("肥西桃花工业园、合肥蜀山经开区等9家开发区合计实现税收收入96亿元。", ["安徽省", "安徽省"], [None, None]),
        ("广东省开发区实现营业收入5.2万亿元。", ["广东省"], [None]),
        # 分列/分别 after a list of zones: the k-th number is the k-th zone's
        ("广州经开区、北京经开区分列第二、第三。", ["广东省", "北京市"], ["广州经开区", "北京经开区"]),
        ("浙江省和广东省分别有12家、11家园区入选。", ["浙江省", "广东省"], [None, None]),
        # a region of several provinces: area, no province
        ("东部地区国家级经开区实现地区生产总值8.7万亿元。", [None], ["东部地区"]),
        ("中西部地区增速高于东部地区2.1个百分点。", [None], ["中西部地区"]),
    ],
)
def test_places_decide_region_and_area(doc: str, regions: list[str | None],
                                       areas: list[str | None]) -> None:
    found = figures(doc)
    assert [f.region for f in found] == regions
    assert [f.area for f in found] == areas


def test_a_city_zone_gives_province_and_area() -> None:
    figure = only("合肥经开区列全国第11位。")
    assert (figure.region, figure.area, figure.measure) == ("安徽省", "合肥经开区", "rank")


def test_each_paragraph_keeps_its_own_province() -> None:
    doc = "江苏省：全省共有开发区158家。\n\n湖南省：全省共有园区144家。\n2020年，园区税收增长8%。"
    assert [f.region for f in figures(doc)] == ["江苏省", "湖南省", "湖南省"]


@pytest.mark.parametrize(
    "sentence",
    [
        "根据国办发〔2017〕7号文件精神。", "实施“五个100”工程。", "推进“5020”项目建设。",
        "实施“145工程”。", "提供7×24小时服务。", "建设G60科创走廊。", "构建“1+N”政策体系。",
        "形成一区三园格局。", "打好五大攻坚战。", "提出5个方面20条举措。", "出台30条。",
        "连续5年位居前列。", "5年内完成。", "每半年召开1次会议。", "2018年6月30日发布。",
        "一、总体要求\n(三)主要任务\n1.加强领导",
    ],
)
def test_out_of_scope_numbers_give_no_record(sentence: str) -> None:
    assert figures(sentence) == []


@pytest.mark.parametrize(
    ("noisy", "value", "unit"),
    [
        ("全省共有1 0 3 家开发区。", 103, "count"),
        ("营业收入增长12%[1]，", 12, "percent"),
        ("实现税收45&nbsp;亿元。", 4.5e9, "CNY"),
        ("园区<br>共有<span>58</span>家企业。", 58, "count"),
        ("营业收入1\n200亿元。", 1.2e11, "CNY"),
    ],
)
def test_web_noise_inside_figures(noisy: str, value: float, unit: str) -> None:
    figure = only(noisy)
    assert (figure.value, figure.unit) == (pytest.approx(value), unit)
    assert noisy[figure.start:figure.end] == figure.text
