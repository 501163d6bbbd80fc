"""Phrasings met first in the third first-sight round (tests/firstsight3), each on sentences
written for these tests: the general rule, not the document it was seen in."""

from __future__ import annotations

import math

from extract.figures import extract_figures
from extract.normalize import make_view
from extract.records import Figure


def figures(text: str) -> list[Figure]:
    return extract_figures(text, "t")


def by_text(text: str) -> dict[str, Figure]:
    return {f.text: f for f in figures(text)}


def test_a_dateline_with_its_time_dates_the_text() -> None:
    # The view joins digits across the space (2023-03-0209:15): the date must still be read.
    text = ("某省开发区发展综述\n\n2023-03-02 09:15　某某网\n\n记者获悉，2022年，全省开发区实现营业收入800亿元。\n\n"
            "截至去年底，全省共有开发区41个。\n\n全省开发区新增企业310家。")
    found = by_text(text)
    assert found["41个"].period == "2022"  # 去年 is the year before the dateline's
    assert found["310家"].period == "2022"  # a paragraph without a year: the text's year


def test_a_space_in_a_headline_separates_its_phrases() -> None:
    view = make_view("甲市开发区营收逾500亿元 外资企业加速集聚\n正文里 的空格 是噪声，不是分隔。")
    assert view.text.startswith("甲市开发区营收逾500亿元，外资企业")
    assert "正文里的空格是噪声" in view.text
    headline = figures("甲市开发区营收逾500亿元 外资企业加速集聚\n")[0]
    assert (headline.metric, headline.qualifier) == ("revenue", "at_least")


def test_a_milestone_passed_is_a_level_not_a_class() -> None:
    found = by_text("甲高新区营业收入首次突破千亿元大关。")
    assert (found["千亿元"].metric, found["千亿元"].qualifier) == ("revenue", "at_least")


def test_a_bare_magnitude_broken_through_ends_a_headline() -> None:
    figure = figures("乙经开区营收首破千亿\n")[0]
    assert (figure.text, figure.unit, figure.metric, figure.qualifier) == ("千亿", "CNY", "revenue", "at_least")
    assert math.isclose(figure.value, 1e11)


def test_a_cut_off_in_chinese_numerals_before_de() -> None:
    figure = figures("综合排名前十的经开区中，东部地区占7席。")[0]
    assert (figure.text, figure.unit, figure.metric, figure.measure) == ("前十", "rank", "threshold", "rank")


def test_evaluation_items_are_not_counted() -> None:
    assert [f.text for f in figures("丙经开区在利用外资、对外贸易两个单项中分别位列全国第3位和第5位。")] == ["第3位", "第5位"]


def test_a_currency_word_between_the_bound_and_the_number() -> None:
    assert figures("实际使用外资约人民币120亿元。")[0].qualifier == "approx"


def test_a_listed_zone_names_no_metric() -> None:
    # 投资 inside 台商投资区 and 出口 inside 出口加工区 are parts of names, not what is measured.
    found = figures("甲台商投资区、乙出口加工区的工业总产值分别为900亿元和700亿元。")
    assert [(f.text, f.metric) for f in found] == [("900亿元", "industrial_output"), ("700亿元", "industrial_output")]
    assert figures("丙台商投资区实现营业收入300亿元。")[0].metric == "revenue"


def test_a_part_counts_the_noun_of_its_whole() -> None:
    found = by_text("全省6家国家高新区中有4家综合排名上升。")
    assert found["4家"].metric == "zone_count"


def test_tenths_are_a_share_in_percent() -> None:
    found = by_text("开发区实际使用外资占全省的近六成，其中制造业项目投资占比超过三成。")
    assert (found["六成"].value, found["六成"].unit, found["六成"].measure, found["六成"].qualifier) == (
        60, "percent", "share", "approx")
    assert (found["三成"].value, found["三成"].metric, found["三成"].qualifier) == (30, "investment", "at_least")
    assert figures("园区建成为全省示范，一成不变的做法要改。") == []


def test_a_respective_list_of_rates_takes_the_figures_before_it() -> None:
    # 分别 with no nouns of its own: the k-th rate is the k-th figure's; -4.2% is a minus sign.
    found = figures("甲市开发区实际到位内资3680亿元，实际使用外资18.6亿美元，分别增长9.7%和-4.2%。")
    assert [(f.text, f.value, f.metric, f.measure) for f in found[2:]] == [
        ("9.7%", 9.7, "domestic_investment", "growth"), ("-4.2%", -4.2, "fdi", "growth")]
    assert figures("重点围绕-10条产业链。")[0].value == 10  # a redaction's dash before a count


def test_a_goal_for_the_whole_year_in_a_dated_text() -> None:
    figure = figures("园区快讯\n2024年05月09日\n\n全年力争营业收入突破3100亿元。")[0]
    assert (figure.kind, figure.period) == ("target", "2024")


def test_a_short_undated_text_keeps_its_year_but_not_a_due_year() -> None:
    found = by_text("园区快讯\n\n2023年，园区实现营业收入800亿元。\n\n园区新增企业310家。")
    assert found["310家"].period == "2023"
    found = by_text("某市开发区\n\n到2025年，开发区营业收入达到900亿元。\n\n开发区新增企业310家。")
    assert (found["900亿元"].period, found["310家"].period) == ("2025", None)


def test_the_nation_as_subject_carries_over_a_semicolon() -> None:
    found = by_text("高新区年报\n\n全国178家国家高新区实现营业收入48万亿元；园区生产总值达到17万亿元。")
    assert found["17万亿元"].region == "全国"


def test_respective_counts_take_the_provinces_listed_before_their_clause() -> None:
    found = figures("开发区数量居前两位的省份为湖北、湖南，分别为12家和9家。")
    assert [(f.text, f.region) for f in found] == [("前两位", None), ("12家", "湖北省"), ("9家", "湖南省")]


def test_a_national_yardstick_keeps_the_paragraphs_province() -> None:
    # In a text about the nation, 河南省开发区 are the province's zones (no zone's name), and
    # 占全国, 居全国 measure them against the nation without making them the nation's.
    found = by_text("全国开发区发展概况\n\n2020年，全国217家经开区实现营业收入20万亿元，占全国的10%。\n\n"
                    "分省份看，河南省开发区实现营业收入1万亿元；实际使用外资12亿美元，占全国的3.1%，居全国第9位。")
    assert [found[t].region for t in ("12亿美元", "3.1%", "第9位")] == ["河南省"] * 3


def test_half_of_a_whole_is_fifty_percent() -> None:
    found = by_text("甲经开区实现地区生产总值900亿元，占全市5家开发区的一半以上。")
    half = found["一半"]
    assert (half.value, half.unit, half.measure, half.qualifier, half.metric) == (
        50, "percent", "share", "at_least", "gdp")
    assert figures("项目用地减少一半。") == []  # halving is no share


PLAN = ("乙省开发区“十四五”发展规划\n\n一、发展基础\n“十三五”期间，全省开发区营业收入年均增长7.5%，"
        "2020年实现营业收入9000亿元；规上工业总产值达到1.5万亿元。\n\n二、发展目标\n到2025年，主要目标是：\n"
        "——开发区营业收入由2020年的9000亿元增长到1.4万亿元左右，占全省的比重由48.2%提高到55%以上；"
        "规上工业总产值年均增长7%以上。\n——高新技术企业数量由2020年的1200家增加到2500家以上，"
        "省级以上开发区数量控制在50个左右。")


def test_a_plan_named_in_the_title_dates_its_goals_and_its_look_back() -> None:
    found = figures(PLAN)
    assert [(f.text, f.kind, f.period) for f in found] == [
        ("7.5%", "actual", "2020"), ("9000亿元", "actual", "2020"), ("1.5万亿元", "actual", "2020"),
        ("9000亿元", "actual", "2020"), ("1.4万亿元", "target", "2025"),
        ("48.2%", "actual", "2020"), ("55%", "target", "2025"), ("7%", "target", "2025"),
        ("1200家", "actual", "2020"), ("2500家", "target", "2025"), ("50个", "target", "2025")]


def test_the_end_of_a_change_is_a_level_and_a_held_level_is_approximate() -> None:
    found = by_text(PLAN)
    assert (found["2500家"].measure, found["2500家"].qualifier) == ("level", "at_least")
    assert found["50个"].qualifier == "approx"  # 控制在50个左右: 控制在 sets it, 左右 bounds it
    assert figures("园区数量控制在50个。")[0].qualifier == "at_most"


def test_a_lead_in_ending_in_a_colon_dates_its_list() -> None:
    found = figures("乙省开发区高质量发展规划\n\n二、发展目标\n到2025年，主要目标是：\n"
                    "——开发区营业收入增长到1.4万亿元左右；规上工业总产值年均增长7%以上。\n——省级以上开发区数量控制在50个左右。")
    assert [(f.text, f.kind, f.period) for f in found] == [
        ("1.4万亿元", "target", "2025"), ("7%", "target", "2025"), ("50个", "target", "2025")]


def test_a_national_level_after_a_local_scope_is_that_places_zones() -> None:
    found = by_text("今年1—11月，全市12家省级以上开发区完成规上工业总产值2856.3亿元。"
                    "其中，国家级经开区完成规上工业总产值1632.1亿元。")
    assert found["1632.1亿元"].region is None  # the city's zones, not the nation's


def test_a_national_ranking_across_provinces_keeps_its_collectives_national() -> None:
    # Zones of three provinces named first (a national ranking): no section province, and
    # the national-level zones counted and described after them are the nation's.
    found = by_text("商务部公布考核评价结果\n\n参评的229家国家级经开区中，苏州工业园区位列综合排名第一，"
                    "广州经开区、北京经开区分列第二、第三。江苏省有8家进入前30名。\n\n"
                    "2023年，229家国家级经开区实现地区生产总值15.5万亿元，同比增长6.2%；"
                    "实际使用外资430亿美元，占全国的22.3%。")
    assert [found[t].region for t in ("15.5万亿元", "6.2%", "430亿美元", "22.3%")] == ["全国"] * 4
    assert (found["第二"].region, found["8家"].region) == ("广东省", "江苏省")
    assert figures("参评的229家国家级经开区中，苏州工业园区位列第一。")[0].region == "全国"


def test_the_base_of_a_multiple_is_no_year_in_force() -> None:
    found = by_text("某市高新区2023年工作总结\n\n2023年，高新区营业收入是2020年的1.8倍，高新技术企业总数达到218家。"
                    "研发投入强度由2022年的3.1%提升至3.6%。")
    assert [found[t].period for t in ("1.8倍", "218家", "3.6%")] == ["2023"] * 3
    assert (found["3.1%"].period, found["3.1%"].measure, found["3.6%"].measure) == ("2022", "level", "level")
    assert figures("开发区工业增加值增速回升至5.2%。")[0].measure == "growth"  # a growth rate stays one


def test_a_part_named_after_qizhong_does_not_carry_and_an_estimate_is_actual() -> None:
    found = by_text("江西省开发区快报\n发布时间：2024年07月25日\n\n1-6月，全省开发区实现营业收入2.1万亿元。"
                    "其中，南昌经开区营业收入首次突破500亿元。与上年同期相比，开发区利润总额下降3.4%。"
                    "预计全年营业收入将超过4.5万亿元。")
    assert (found["500亿元"].area, found["3.4%"].area, found["4.5万亿元"].area) == ("南昌经开区", None, None)
    assert (found["4.5万亿元"].kind, found["4.5万亿元"].period) == ("actual", "2024")
    assert figures("预计到2025年营业收入将达到6万亿元。")[0].kind == "actual"  # a forecast is an estimate
    assert figures("预计明年力争营业收入达到6万亿元。")[0].kind == "target"  # a goal named after 预计


def test_vehicles_are_no_firms_and_a_rank_after_a_bracketed_list() -> None:
    found = by_text("今年前三季度，新区实现规上工业总产值2156亿元，增速位列全市各区（县、市）第一。"
                    "整车企业年产能合计达到120万辆。")
    assert (found["第一"].value, found["第一"].measure) == (1, "rank")
    assert found["120万辆"].metric == "other"


def test_the_past_years_of_a_report_and_national_frames() -> None:
    found = by_text("2024年安徽省政府工作报告（节选）\n\n过去五年，省级以上开发区由2018年的117家整合为109家，"
                    "营业收入年均增长10.2%。\n2023年，合肥高新区在全国高新区综合评价中跃升至第6位，"
                    "芜湖经开区首次进入全国国家级经开区前30名。")
    assert [found[t].period for t in ("117家", "109家", "10.2%")] == ["2018", "2023", "2023"]
    assert found["第6位"].area == "合肥高新区"  # 在全国…中 frames the ranking, it does not widen
    assert found["前30名"].region == "安徽省"  # 进入全国… is where the zone enters, not the subject


def test_a_gap_to_an_average_is_a_signed_difference() -> None:
    found = by_text("园区亩均税收仅为8.6万元，低于全市平均水平2.1万元；营业收入高出全省开发区平均值12亿元。")
    assert (found["2.1万元"].measure, found["2.1万元"].value) == ("difference", -21000)
    assert (found["12亿元"].measure, found["12亿元"].value) == ("difference", 1.2e9)
    assert figures("亩均税收不低于平均水平15万元。")[0].measure == "level"  # a norm, not a gap


def test_a_figure_spaced_after_gdp_is_no_code() -> None:
    found = by_text("2023年全市高新区实现GDP 812.5 亿元，同比增长 12.3 %。G60科创走廊建设有序推进。")
    assert (found["812.5 亿元"].value, found["812.5 亿元"].metric) == (8.125e10, "gdp")
    assert "60" not in "".join(found)


def test_a_count_by_number_and_the_year_of_a_stock() -> None:
    found = figures("全国国家级经开区分布情况\n\n截至2023年底，全国共有国家级经开区230家。"
                    "从省份分布看，数量最多的是江苏（27家）、浙江（22家）。\n"
                    "东部地区国家级经开区实现地区生产总值9.6万亿元。")
    assert [(f.text, f.metric, f.region, f.period) for f in found] == [
        ("230家", "zone_count", "全国", "2023"), ("27家", "zone_count", "江苏省", "2023"),
        ("22家", "zone_count", "浙江省", "2023"), ("9.6万亿元", "gdp", None, "2023")]


def test_two_tenths_is_written_liang() -> None:
    figure = figures("园区营业收入增长两成。")[0]
    assert (figure.text, figure.value, figure.unit, figure.measure) == ("两成", 20, "percent", "growth")


def test_zones_known_by_a_name_without_their_place() -> None:
    # extract/data/zone_places.csv: 东湖 alone is a district of Nanchang, 东湖高新区 is Wuhan's.
    assert [figures(s)[0].region for s in ("两江新区实现地区生产总值4800亿元。", "东湖高新区营业收入突破1.5万亿元。",
                                            "中关村示范区企业总收入8.7万亿元。")] == ["重庆市", "湖北省", "北京市"]


def test_a_goal_stated_after_a_share_is_that_share() -> None:
    found = by_text("开发区工业增加值占全省比重由2020年的58.5%提高到2022年的61.2%，“十四五”末目标为66%。")
    assert (found["66%"].measure, found["66%"].kind, found["66%"].period) == ("share", "target", "2025")


def test_a_provinces_own_text_measured_against_the_nation() -> None:
    found = by_text("我省国家级经开区综合排名再创新高\n\n2024-01-22　省商务厅\n\n"
                    "在2023年国家级经开区考核评价中，我省10家国家级经开区有6家排名上升，其中昆山经开区位列全国第5位。"
                    "全国229家国家级经开区实际使用外资平均增长3.2%，我省国家级经开区实际使用外资增长8.7%，"
                    "高于全国平均5.5个百分点。")
    assert found["6家"].metric == "zone_count"  # a part of the ten counted before 有
    assert (found["229家"].region, found["3.2%"].region) == ("全国", "全国")
    assert (found["8.7%"].region, found["5.5个百分点"].region) == ("江苏省", "江苏省")


def test_negative_growth_and_a_growth_rate_named_before() -> None:
    assert figures("营业收入负增长1.5%。")[0].value == -1.5
    figure = figures("规上工业增加值增速由负转正，达到0.8%。")[0]
    assert (figure.measure, figure.value) == ("growth", 0.8)
    assert figures("研发投入强度达到3.6%。")[0].measure == "level"  # no growth rate named


def test_a_cap_on_a_subsidy_is_at_most() -> None:
    assert figures("对符合条件的项目最高给予500万元奖励。")[0].qualifier == "at_most"
    assert figures("增速最高的开发区达到12%。")[0].qualifier == "exact"  # the highest of a group


def test_shangnian_opening_a_sentence_is_the_year_before() -> None:
    found = figures("2024年某区政府工作报告\n\n上年，全区开发区实现营业收入800亿元，比上年增长5%。")
    assert [f.period for f in found] == ["2023", "2023"]  # 比上年 stays a base
    found = figures("2024年某区政府工作报告\n\n各区每年报送上年度情况。营业收入增长8%以上年均增长6%。")
    assert [f.period for f in found] == ["2024", "2024"]  # 上年度 of a rule, 以上年均 are no year


def test_a_year_in_chinese_digits_dates_but_is_no_figure() -> None:
    found = figures("某开发区工作报告\n\n二〇二三年，园区新增企业120家。")
    assert [(f.text, f.period) for f in found] == [("120家", "2023")]
    assert figures("某开发区二〇二三年工作总结\n\n全年实现营业收入500亿元。")[0].period == "2023"


def test_two_provinces_named_once_each_are_told_apart_by_the_cities() -> None:
    doc = "江苏开发区简报\n\n江苏省开发区营业收入增长6%。南京经开区、苏州工业园区和无锡高新区表现突出。学习浙江省经验。\n\n园区新增企业500家。"
    assert figures(doc)[-1].region == "江苏省"


def test_a_second_respectively_reuses_the_sentences_list_of_zones() -> None:
    found = figures("合肥经开区、南京经开区规上工业总产值分别达到4520亿元和3890亿元，分别增长8.1%和11.3%。")
    assert [(f.text, f.region, f.area) for f in found[2:]] == [
        ("8.1%", "安徽省", "合肥经开区"), ("11.3%", "江苏省", "南京经开区")]
