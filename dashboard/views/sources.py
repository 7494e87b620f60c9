"""数据管理: the source files and how their loading went; upload new reports."""

import streamlit as st

from dashboard import data, ui, uploads

filters = ui.page_header("数据管理", "数据库里有哪些源文件？哪些没能入库、为什么？上传新的报告。")
db = data.db_path()

with ui.section():
    ui.subheader(
        "上传报告", "支持 " + "、".join(uploads.ACCEPTED) + "；入库后各页面自动更新，无需重启"
    )
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(
            "选择报告文件", type=list(uploads.ACCEPTED), accept_multiple_files=True
        )
        submitted = st.form_submit_button("上传并入库", icon=":material/upload_file:")
    if submitted and files:
        folder = uploads.save([(f.name, f.getvalue()) for f in files], db)
        with st.spinner(f"正在入库 {len(files)} 个文件…"):
            run = uploads.ingest(folder, db)
        if run.ok:
            st.success("入库完成。", icon=":material/check_circle:")
        else:
            st.error("入库失败。", icon=":material/error:")
        st.code((run.stdout + run.stderr).strip() or "（无输出）", language=None)
    elif submitted:
        st.warning("请先选择文件。")

with ui.section():
    ui.subheader("已入库的报告", "每份报告来自哪个源文件；点击行打开报告详情")
    loaded = data.listing("reports", rows=ui.MAX_TABLE_ROWS)
    ui.need(loaded.head, "数据库中还没有报告。")
    ui.table(
        loaded,
        "已入库报告",
        key="loaded_reports",
        columns=[
            "source_file",
            "unit_canonical_name",
            "fiscal_year",
            "kind",
            "subject",
            "indicator_count",
            "project_count",
            "warning_count",
            "report_id",
        ],
    )

with ui.section():
    ui.subheader("源文件与入库状态", f"数据库：{db}")
    source_files = data.listing("source_files", filters, rows=ui.MAX_TABLE_ROWS)
    ui.need(source_files.head, "当前筛选条件下没有源文件记录。")
    ui.table(
        source_files,
        "源文件",
        key="source_files",
        columns=[
            "name",
            "format",
            "size_bytes",
            "status",
            "extract_status",
            "error",
            "loaded_at",
            "path",
            "report_id",
        ],
    )
