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
    "upload_help": ("上传 txt、html、pdf 或 docx 文件，系统会自动处理并发布其中的数据。",
                    "Upload txt, html, pdf or docx files; they are processed and their figures published automatically."),
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
