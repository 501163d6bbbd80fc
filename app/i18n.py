"""Interface strings in Chinese (the default) and English, switched by a sidebar toggle.

A plain dict rather than gettext: the app has a few dozen strings, two languages and
no translators, so a catalogue file and a compile step would cost more than they give.
Every key has both languages; a missing key is a bug and raises KeyError.
"""

from __future__ import annotations

import streamlit as st

LANG_KEY = "lang_en"

STRINGS: dict[str, tuple[str, str]] = {
    # navigation and chrome
    "app_title": ("开发区统计", "Development zone statistics"),
    "english": ("English", "English"),
    "page_overview": ("概览", "Overview"),
    "page_provinces": ("省份比较", "Provinces"),
    "page_targets": ("目标进度", "Targets"),
    "page_documents": ("文件", "Documents"),
    "page_figures": ("数据点", "Figures"),
    "page_quality": ("数据质量", "Data quality"),
    "page_sql": ("SQL 查询", "SQL"),
    "page_upload": ("上传", "Upload"),
    "not_published": ("最新构建未发布（{at}）：{reason}", "The latest build was not published ({at}): {reason}"),
    "no_warehouse": ("仓库尚未发布：请上传文件或放入收件箱。", "No warehouse has been published yet: upload documents or drop them into the inbox."),
    "not_available": ("暂无数据：{what} 尚未发布。", "Not available yet: {what} has not been published."),
    "validation_ok": ("数据校验通过（{at}）", "Validation passed ({at})"),
    "validation_failed": ("数据校验失败：{n} 项阻断性检查未通过", "Validation failed: {n} blocking checks did not pass"),
    "source": ("来源", "Source"),
    "open_source": ("查看原文", "Open source"),
    "as_written": ("原文", "As written"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    # overview
    "documents": ("文件", "Documents"),
    "figures": ("数据点", "Figures"),
    "provinces": ("省份", "Provinces"),
    "last_refresh": ("最近发布", "Last refresh"),
    "validation": ("数据校验", "Validation"),
    "latest_figures": ("最新数据", "Latest figures"),
    "tile_map": ("各省概况", "Provinces at a glance"),
    "colour_by": ("着色指标", "Colour by"),
    "figure_count": ("数据点数", "Number of figures"),
    "zone_total": ("开发区总数", "Number of zones"),
    # provinces
    "pick_metrics": ("指标", "Metrics"),
    "pick_provinces": ("省份", "Provinces"),
    "zone_counts": ("开发区数量", "Development zones"),
    "national": ("国家级", "National"),
    "provincial": ("省级", "Provincial"),
    "level_of": ("{metric}（最新）", "{metric} (latest)"),
    "growth_of": ("{metric} 增速", "{metric} growth"),
    "scorecard": ("综合比较", "Scorecard"),
    "growth": ("增速", "Growth"),
    "click_for_source": ("点击柱形查看来源", "Click a bar to see its source"),
    # targets
    "targets": ("目标与进度", "Targets and progress"),
    "due_year": ("目标年份", "Due year"),
    "target": ("目标", "Target"),
    "actual": ("最新实际", "Latest actual"),
    "progress": ("完成度", "Progress"),
    "required_growth": ("所需年均增速", "Required annual growth"),
    # documents
    "document_list": ("文件列表", "Documents"),
    "pick_document": ("选择文件", "Choose a document"),
    "status": ("状态", "Status"),
    "quarantined": ("已隔离", "Quarantined"),
    "text_missing": ("原文不可用", "The document text is not available"),
    "figures_in_doc": ("本文件的数据点", "Figures in this document"),
    "doc_not_found": ("找不到文件 {doc}", "Document {doc} not found"),
    "filter_source": ("来源", "Source"),
    "all_sources": ("全部", "All"),
    "inbox_files": ("收件箱文件", "Inbox files"),
    "web_source": ("网页来源", "Web source"),
    "fetched_at": ("抓取时间", "Fetched"),
    "page_gone": ("该网页已不存在（404/410），此为最后抓取的版本。",
                  "The page has gone (404/410); this is the last version fetched."),
    # figures
    "filter_region": ("地区", "Region"),
    "filter_metric": ("指标", "Metric"),
    "filter_measure": ("度量", "Measure"),
    "filter_kind": ("类型", "Kind"),
    "filter_period": ("年份", "Period"),
    "filter_document": ("文件", "Document"),
    "search_text": ("搜索主体或原文", "Search subject or text"),
    "rows_shown": ("共 {n} 条，显示前 {shown} 条", "{n} rows, showing the first {shown}"),
    "rows_shown_more": ("共 {shown}+ 条，显示前 {shown} 条", "{shown}+ rows, showing the first {shown}"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_parquet": ("下载 Parquet", "Download Parquet"),
    "download_excel": ("下载 Excel", "Download Excel"),
    # quality
    "validation_results": ("校验结果", "Validation results"),
    "conflicts": ("文件间冲突", "Conflicts between documents"),
    "quarantine": ("隔离的文件", "Quarantined inputs"),
    "held_back": ("校验暂缓发布的文件", "Documents held back by validation"),
    "held_back_none": ("没有被校验暂缓的文件", "No document is held back by validation"),
    "held_back_help": ("这些文件的数据未通过阻断性检查，未发布（其上一版本如有仍保留）；规则、提取器或文件更改后自动重试。",
                       "Their figures failed a blocking expectation and are not published (a previous version, if any, stays); "
                       "they are retried when the rules, the extractor or the file change."),
    "data_docs": ("Great Expectations 数据文档", "Great Expectations Data Docs"),
    "data_docs_missing": ("尚未生成数据文档", "No Data Docs have been generated yet"),
    "failed_only": ("只看未通过", "Failed only"),
    # sql
    "sql_help": ("只读查询已发布的仓库；仅限单条查询语句，最多 {rows} 行，{seconds} 秒。",
                 "Read-only queries over the published warehouse: one query, at most {rows} rows, {seconds} s."),
    "schema": ("表结构", "Schema"),
    "examples": ("示例查询", "Example queries"),
    "run": ("运行", "Run"),
    "query": ("查询", "Query"),
    "refused": ("拒绝执行：{reason}", "Refused: {reason}"),
    "query_failed": ("查询失败：{reason}", "Query failed: {reason}"),
    "rows_returned": ("{n} 行，{ms:.0f} 毫秒", "{n} rows in {ms:.0f} ms"),
    "truncated": ("结果已截断为 {n} 行", "Result truncated to {n} rows"),
    # upload
    "upload_help": ("上传 txt、html、pdf、docx 或 xlsx 文件，系统会自动处理并发布其中的数据。",
                    "Upload txt, html, pdf, docx or xlsx files; they are processed and their figures published automatically."),
    "upload": ("上传文件", "Upload documents"),
    "add_to_inbox": ("加入收件箱", "Add to inbox"),
    "uploads": ("上传进度", "Progress"),
    "stage_stored": ("已存储", "stored"),
    "stage_decoded": ("已解码", "decoded"),
    "stage_extracted": ("已提取", "extracted"),
    "stage_published": ("已发布", "published"),
    "stage_quarantined": ("已隔离", "quarantined"),
    "stage_waiting": ("等待处理", "waiting"),
    "added": ("已加入：{name}", "Added: {name}"),
    # indicators, populations, profiles (issue 15)
    "page_province_profile": ("省份档案", "Province profile"),
    "page_zone_profile": ("园区档案", "Zone profile"),
    "page_unmapped": ("未归类数据", "Unmapped figures"),
    "pick_indicators": ("指标", "Indicators"),
    "indicator": ("指标", "Indicator"),
    "population": ("范围", "Population"),
    "comparison": ("对比", "Comparison"),
    "paired": ("同口径实际值", "Like-for-like actual"),
    "no_comparable_actual": ("无同口径实际值", "No comparable actual"),
    "no_indicator": ("未归入指标", "No indicator"),
    "like_for_like": ("目标只与同一指标、同一范围、同一地区的实际值对比。",
                      "A target is compared only with actuals of the same indicator, population and place."),
    "no_series": ("暂无该地的指标时间序列。", "No indicator series for this place yet."),
    "series_count": ("{n} 条指标序列，{points} 个年度数据点，其中 {disputed} 个来源不一致",
                     "{n} indicator series, {points} yearly points, {disputed} with disagreeing sources"),
    "pick_series": ("图表指标", "Series to chart"),
    "year": ("年份", "Year"),
    "winner": ("采用值", "Winner"),
    "disagrees": ("与采用值不一致", "Disagrees with the winner"),
    "agrees": ("与采用值一致", "Agrees with the winner"),
    "statements": ("表述数", "Statements"),
    "zone": ("园区", "Zone"),
    "zone_level": ("级别", "Level"),
    "zone_type": ("类型", "Type"),
    "city": ("城市", "City"),
    "province": ("省份", "Province"),
    "also_written": ("文中写法：{names}", "Written as: {names}"),
    "no_zones": ("文件中尚未出现具体园区。", "No zone has been named in the documents yet."),
    "mapped_share": ("归入指标的数据点占比", "Share of figures mapped to an indicator"),
    "mapped_of": ("{mapped} / {figures}", "{mapped} of {figures}"),
    "example": ("例句", "Example"),

    # sign-in (app/auth.py)
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出登录", "Sign out"),
    "user_name": ("用户名", "Name"),
    "password": ("密码", "Password"),
    "signed_in_as": ("已登录：{name}（{role}）", "Signed in as {name} ({role})"),
    "wrong_password": ("用户名或密码错误", "Wrong name or password"),
    "too_many_attempts": ("密码错误次数过多，请 {seconds} 秒后再试", "Too many wrong passwords: try again in {seconds} s"),
    "session_expired": ("登录已过期，请重新登录", "Your session expired: sign in again"),
    "sign_in_needed": ("此页面需要以 {role} 身份登录", "This page needs you to sign in as {role}"),
    "page_review": ("审核", "Review"),
    "page_users": ("用户", "Users"),
    # review (app/views/review.py)
    "review_help": ("逐条核对提取的数据：置信度低、有冲突、未映射的优先。每次修改都会记录作者、时间与原因，并在下次发布时生效。",
                    "Check the extracted figures, least certain, conflicting and unmapped first. Every change is kept "
                    "with its author, time and reason, and is published with the next build."),
    "review_queue": ("待审核", "To review"),
    "review_document": ("文件", "Document"),
    "review_all_docs": ("全部文件", "All documents"),
    "pick_figure": ("数据点", "Figure"),
    "edit_figure": ("修改字段", "Edit fields"),
    "reason": ("原因", "Reason"),
    "save_correction": ("保存修改", "Save correction"),
    "reject_figure": ("不是数据点（拒绝）", "Not a figure (reject)"),
    "add_figure": ("补充遗漏的数据点", "Add a missed figure"),
    "add_figure_help": ("复制原文中的数字和单位，粘贴到这里；有多处时选择位置。",
                        "Copy the number and unit from the text and paste it here; pick the place if it occurs more than once."),
    "selected_text": ("选中的原文", "Selected text"),
    "occurrence": ("位置", "Where"),
    "not_in_text": ("原文中没有找到这段文字", "This text is not in the document"),
    "mark_reviewed": ("本文件已审核", "Document reviewed"),
    "recorded": ("已记录（{id}），将在下次发布后生效", "Recorded ({id}); it shows after the next publish"),
    "not_recorded": ("未记录：{reason}", "Not recorded: {reason}"),
    "nothing_changed": ("没有修改任何字段", "No field was changed"),
    "history": ("修改历史", "History"),
    "orphaned": ("失效的修改", "Orphaned corrections"),
    "queue_empty": ("没有待审核的数据点", "Nothing to review"),
    # users (app/views/users.py)
    "add_user": ("添加或重设用户", "Add or reset an account"),
    "role": ("角色", "Role"),
    "user_saved": ("已保存：{name}", "Saved: {name}"),
}


def english() -> bool:
    return bool(st.session_state.get(LANG_KEY, False))


def t(key: str, **values: object) -> str:
    """The string for ``key`` in the current language, formatted with ``values``."""
    zh, en = STRINGS[key]
    text = en if english() else zh
    return text.format(**values) if values else text


def label_column() -> str:
    """Which label column of dim_metrics / dim_measures to show."""
    return "label_en" if english() else "label_zh"
