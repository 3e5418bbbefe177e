"""The dashboard's message catalogue: every user-visible string, per language.

Chinese (``zh``) is the default; English (``en``) is chosen with the sidebar switch.
Data values that arrive in Chinese (grades, staff categories) are translated here too.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

DEFAULT_LANGUAGE = "zh"
LANGUAGE_KEY = "lang"

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "app.title": "检察院绩效考核看板",
        "lang.label": "语言 / Language",
        "lang.zh": "中文",
        "lang.en": "English",
        "nav.overview": "总览",
        "nav.department": "部门",
        "nav.person": "个人",
        "nav.evidence": "证据",
        "nav.sql": "SQL 查询",
        "snapshot.missing": "尚未发布数据快照，请先运行 `kpi build`。",
        "snapshot.expected_at": "快照文件应位于：`{path}`",
        "snapshot.unreadable": "数据快照无法读取，请重新发布快照。详细信息：{error}",
        "snapshot.built_at": "数据快照生成于 {built_at}",
        "snapshot.spec_versions": "考核规范版本：{versions}",
        "filter.period": "考核期间",
        "filter.procuratorate": "检察院",
        "filter.all_procuratorates": "全部检察院",
        "filter.org_unit": "部门",
        "filter.person": "人员",
        "filter.indicator": "指标",
        "filter.none": "没有可选项。",
        "filter.person_option": "{name}（{unit}）",
        "crumb.overview": "总览",
        "overview.title": "考核总览",
        "overview.metric.appraisees": "参评人数",
        "overview.metric.mean": "平均分",
        "overview.distribution": "总分分布",
        "overview.by_department": "各部门等次分布",
        "overview.by_department_hint": "点击条形可打开该部门。",
        "overview.departments": "部门一览",
        "overview.departments_hint": "点击部门名称查看人员排名。",
        "overview.dq": "数据质量问题（{n} 条）",
        "overview.dq.none": "未发现数据质量问题。",
        "overview.no_data": "所选期间暂无考核结果。",
        "chart.total": "总分",
        "chart.count": "人数",
        "department.ranking": "人员排名",
        "department.category_heading": "{category}（{n} 人）",
        "department.spec_heading": "{category} · {spec}（{n} 人）",
        "department.by_spec_hint": "同一类别的人员按各自适用的考核细则分别排名。",
        "department.own_appraisal": "部门考核",
        "department.own_total": "部门总分",
        "department.no_data": "该部门在所选期间没有考核结果。",
        "department.choose": "请选择部门。",
        "person.indicators": "指标得分明细",
        "person.indicators_hint": "点击指标名称查看得分依据的来源记录。",
        "person.spec": "考核规范：{spec}（版本 {version}）",
        "person.metric.total": "总分",
        "person.metric.rank": "类别内排名",
        "person.metric.grade": "等次",
        "person.rank_value": "{rank} / {size}",
        "person.header": "{procuratorate} {unit} · {post} · {category}",
        "person.no_appraisal": "该人员在所选期间没有考核结果。",
        "person.no_indicators": "没有指标得分记录。",
        "person.choose": "请选择人员。",
        "person.cap_applied": "已封顶（原始 {raw} 分）",
        "person.evidence_count": "{n} 条",
        "person.leaving": "已于 {date} 离职",
        "evidence.title": "得分依据：{indicator}",
        "evidence.appraisee": "考核对象：{name}",
        "evidence.clause": "条款：{clause}",
        "evidence.measure": "计量：{measure}",
        "evidence.points": "得分：{points} / {max_points}",
        "evidence.summary": "共 {n} 条来源记录",
        "evidence.points_sum": "各条记录分值合计：{points} 分",
        "evidence.none": "该指标没有关联的来源记录。",
        "evidence.choose": "请选择指标。",
        "evidence.not_found": "找不到该指标得分记录。",
        "sql.title": "SQL 查询（只读）",
        "sql.help": "仅允许单条 SELECT 查询（含 WITH、DESCRIBE、SUMMARIZE），只能查询下列数据表中"
        "本账户可见的部分；测评只以三人以上的汇总出现。每条语句都记入审计日志。",
        "sql.input": "SQL 语句",
        "sql.run": "运行查询",
        "sql.empty": "请输入 SQL 语句。",
        "sql.rejected": "已拒绝：只允许单条 SELECT 查询（含 WITH、DESCRIBE、SUMMARIZE）。",
        "sql.rejected_multi": "已拒绝：一次只能执行一条语句。",
        "sql.syntax_error": "SQL 语法错误：{error}",
        "sql.error": "查询失败：{error}",
        "sql.timeout": "查询超过 {seconds} 秒，已中止。",
        "sql.rows": "返回 {n} 行。",
        "sql.truncated": "结果超过 {limit} 行，仅显示并下载前 {limit} 行。",
        "sql.download": "下载 CSV",
        "sql.tables": "可查询的数据表",
        "nav.audit": "审计日志",
        "nav.signout": "退出登录",
        "auth.title": "登录",
        "auth.username": "用户名",
        "auth.password": "密码",
        "auth.submit": "登录",
        "auth.missing": "请输入用户名和密码。",
        "auth.bad": "用户名或密码错误。",
        "auth.locked": "登录失败次数过多，账户已锁定至 {until}。",
        "auth.disabled": "该账户已停用，请联系管理员。",
        "auth.sso": "使用单点登录",
        "auth.sso_unmapped": "单点登录身份“{subject}”没有关联账户，请联系管理员。",
        "auth.sso_signout": "退出单点登录",
        "auth.notice.expired": "会话已过期，请重新登录。",
        "auth.notice.signed_out": "已退出登录。",
        "auth.notice.disabled": "该账户已停用，请联系管理员。",
        "auth.account": "当前用户：{name}（{roles}）",
        "access.not_permitted": "无权查看 / not permitted",
        "access.detail.page": "您的角色无权使用此页面。",
        "access.detail.period": "链接中的考核期间不存在或不在您的查看范围内。",
        "access.detail.procuratorate": "链接中的检察院不在您的查看范围内。",
        "access.detail.org_unit": "链接中的部门不在您的查看范围内。",
        "access.detail.person": "链接中的人员不在您的查看范围内。",
        "access.detail.indicator_score": "链接中的指标得分不在您的查看范围内。",
        "role.admin": "系统管理员",
        "role.leader": "院领导",
        "role.dept_head": "部门负责人",
        "role.liaison": "部门联络员",
        "role.appraisal_office": "考核办",
        "role.analyst": "数据分析员",
        "role.registry_owner": "登记部门",
        "role.clerk": "录入员",
        "role.reviewer": "审核人",
        "role.staff": "干警",
        "sql.rejected_relation": "已拒绝：只能查询下列本账户可见的数据表（{names}）。",
        "sql.rejected_function": "已拒绝：不允许使用表函数（{names}）。",
        "audit.title": "审计日志",
        "audit.user": "账户",
        "audit.since": "起始日期",
        "audit.action": "操作",
        "audit.all": "全部",
        "audit.count": "共 {n} 条（最新在前，最多 {limit} 条）",
        "audit.none": "没有记录。",
        "col.at": "时间",
        "col.actor": "操作人",
        "col.action": "操作",
        "col.outcome": "结果",
        "col.target": "对象",
        "col.rows": "行数",
        "col.rank": "排名",
        "col.name": "姓名",
        "col.category": "类别",
        "col.post": "岗位",
        "col.total": "总分",
        "col.grade": "等次",
        "col.note": "备注",
        "col.department": "部门",
        "col.procuratorate": "检察院",
        "col.headcount": "人数",
        "col.mean": "平均分",
        "col.indicator": "指标",
        "col.clause": "条款",
        "col.measure": "计量",
        "col.points": "得分",
        "col.cap": "封顶",
        "col.evidence": "证据",
        "col.date": "日期",
        "col.source_system": "来源系统",
        "col.source_table": "来源表",
        "col.source_key": "记录编号",
        "col.kind": "类型",
        "col.level": "级别",
        "col.quantity": "数量",
        "col.share": "分摊比例",
        "col.detail": "内容",
        "col.severity": "严重性",
        "col.check": "检查项",
        "col.message": "说明",
        "col.table_name": "表名",
        "grade.excellent": "优秀",
        "grade.good": "良好",
        "grade.competent": "称职",
        "grade.incompetent": "不称职",
        "grade.undetermined": "待定",
        "category.section": "科级干部",
        "category.middle": "中层干部",
        "category.staff": "一般工作人员",
        "level.city": "市院",
        "level.district": "区院",
        "severity.error": "错误",
        "severity.warning": "警告",
        "severity.info": "提示",
        "value.none": "—",
        "value.yes": "是",
    },
    "en": {
        "app.title": "Procuratorate Performance Appraisal",
        "lang.label": "语言 / Language",
        "lang.zh": "中文",
        "lang.en": "English",
        "nav.overview": "Overview",
        "nav.department": "Department",
        "nav.person": "Person",
        "nav.evidence": "Evidence",
        "nav.sql": "SQL console",
        "snapshot.missing": "No data snapshot has been published yet. Run `kpi build` first.",
        "snapshot.expected_at": "Expected snapshot file: `{path}`",
        "snapshot.unreadable": "The data snapshot cannot be read; publish it again. "
        "Details: {error}",
        "snapshot.built_at": "Snapshot built at {built_at}",
        "snapshot.spec_versions": "Appraisal spec versions: {versions}",
        "filter.period": "Period",
        "filter.procuratorate": "Procuratorate",
        "filter.all_procuratorates": "All procuratorates",
        "filter.org_unit": "Department",
        "filter.person": "Person",
        "filter.indicator": "Indicator",
        "filter.none": "Nothing to choose from.",
        "filter.person_option": "{name} ({unit})",
        "crumb.overview": "Overview",
        "overview.title": "Appraisal overview",
        "overview.metric.appraisees": "Appraisees",
        "overview.metric.mean": "Mean score",
        "overview.distribution": "Score distribution",
        "overview.by_department": "Grades by department",
        "overview.by_department_hint": "Click a bar to open that department.",
        "overview.departments": "Departments",
        "overview.departments_hint": "Click a department to see its ranked staff.",
        "overview.dq": "Data-quality findings ({n})",
        "overview.dq.none": "No data-quality findings.",
        "overview.no_data": "No appraisal results for the selected period.",
        "chart.total": "Total score",
        "chart.count": "People",
        "department.ranking": "Ranked staff",
        "department.category_heading": "{category} ({n})",
        "department.spec_heading": "{category} · {spec} ({n})",
        "department.by_spec_hint": (
            "People of one category are ranked within the spec that applies to them."
        ),
        "department.own_appraisal": "Department appraisal",
        "department.own_total": "Department total",
        "department.no_data": "No appraisal results for this department in the selected period.",
        "department.choose": "Choose a department.",
        "person.indicators": "Indicator breakdown",
        "person.indicators_hint": "Click an indicator to see the source records behind its points.",
        "person.spec": "Spec: {spec} (version {version})",
        "person.metric.total": "Total",
        "person.metric.rank": "Rank in category",
        "person.metric.grade": "Grade",
        "person.rank_value": "{rank} / {size}",
        "person.header": "{procuratorate}, {unit} · {post} · {category}",
        "person.no_appraisal": "No appraisal result for this person in the selected period.",
        "person.no_indicators": "No indicator scores.",
        "person.choose": "Choose a person.",
        "person.cap_applied": "Capped (raw {raw})",
        "person.evidence_count": "{n}",
        "person.leaving": "Left on {date}",
        "evidence.title": "Evidence: {indicator}",
        "evidence.appraisee": "Appraisee: {name}",
        "evidence.clause": "Clause: {clause}",
        "evidence.measure": "Measure: {measure}",
        "evidence.points": "Points: {points} / {max_points}",
        "evidence.summary": "{n} source records",
        "evidence.points_sum": "Sum of record points: {points}",
        "evidence.none": "No source records are linked to this indicator.",
        "evidence.choose": "Choose an indicator.",
        "evidence.not_found": "Indicator score not found.",
        "sql.title": "SQL console (read-only)",
        "sql.help": "A single SELECT query (WITH, DESCRIBE and SUMMARIZE too) over the tables "
        "below, as far as your account may see them; ratings appear only as aggregates of three "
        "or more raters. Every statement is recorded in the audit log.",
        "sql.input": "SQL statement",
        "sql.run": "Run query",
        "sql.empty": "Enter an SQL statement.",
        "sql.rejected": "Refused: only a single SELECT query (WITH, DESCRIBE and SUMMARIZE too) "
        "is allowed.",
        "sql.rejected_multi": "Refused: run one statement at a time.",
        "sql.syntax_error": "SQL syntax error: {error}",
        "sql.error": "Query failed: {error}",
        "sql.timeout": "The query ran longer than {seconds} s and was stopped.",
        "sql.rows": "{n} rows.",
        "sql.truncated": "More than {limit} rows; only the first {limit} are shown and downloaded.",
        "sql.download": "Download CSV",
        "sql.tables": "Tables you may query",
        "nav.audit": "Audit log",
        "nav.signout": "Sign out",
        "auth.title": "Sign in",
        "auth.username": "Username",
        "auth.password": "Password",
        "auth.submit": "Sign in",
        "auth.missing": "Enter a username and a password.",
        "auth.bad": "Wrong username or password.",
        "auth.locked": "Too many failed sign-ins: the account is locked until {until}.",
        "auth.disabled": "This account is disabled; ask an administrator.",
        "auth.sso": "Sign in with single sign-on",
        "auth.sso_unmapped": "No account is linked to the single sign-on identity "
        "\u201c{subject}\u201d; ask an administrator.",
        "auth.sso_signout": "Sign out of single sign-on",
        "auth.notice.expired": "Your session has expired; please sign in again.",
        "auth.notice.signed_out": "You have signed out.",
        "auth.notice.disabled": "This account is disabled; ask an administrator.",
        "auth.account": "Signed in as {name} ({roles})",
        "access.not_permitted": "无权查看 / not permitted",
        "access.detail.page": "Your role may not use this page.",
        "access.detail.period": "The period in this link does not exist or is outside what "
        "you may see.",
        "access.detail.procuratorate": "The procuratorate in this link is outside what you may "
        "see.",
        "access.detail.org_unit": "The department in this link is outside what you may see.",
        "access.detail.person": "The person in this link is outside what you may see.",
        "access.detail.indicator_score": "The indicator score in this link is outside what you "
        "may see.",
        "role.admin": "administrator",
        "role.leader": "leader",
        "role.dept_head": "department head",
        "role.liaison": "department liaison",
        "role.appraisal_office": "appraisal office",
        "role.analyst": "analyst",
        "role.registry_owner": "registry owner",
        "role.clerk": "data-entry clerk",
        "role.reviewer": "reviewer",
        "role.staff": "staff member",
        "sql.rejected_relation": "Refused: only the tables listed below, as far as your account "
        "may see them, can be queried ({names}).",
        "sql.rejected_function": "Refused: table function not allowed ({names}).",
        "audit.title": "Audit log",
        "audit.user": "Account",
        "audit.since": "Since",
        "audit.action": "Action",
        "audit.all": "All",
        "audit.count": "{n} events (newest first, at most {limit})",
        "audit.none": "No events.",
        "col.at": "Time",
        "col.actor": "Actor",
        "col.action": "Action",
        "col.outcome": "Outcome",
        "col.target": "Target",
        "col.rows": "Rows",
        "col.rank": "Rank",
        "col.name": "Name",
        "col.category": "Category",
        "col.post": "Post",
        "col.total": "Total",
        "col.grade": "Grade",
        "col.note": "Note",
        "col.department": "Department",
        "col.procuratorate": "Procuratorate",
        "col.headcount": "People",
        "col.mean": "Mean",
        "col.indicator": "Indicator",
        "col.clause": "Clause",
        "col.measure": "Measure",
        "col.points": "Points",
        "col.cap": "Cap",
        "col.evidence": "Records",
        "col.date": "Date",
        "col.source_system": "Source system",
        "col.source_table": "Source table",
        "col.source_key": "Record key",
        "col.kind": "Kind",
        "col.level": "Level",
        "col.quantity": "Quantity",
        "col.share": "Share",
        "col.detail": "Detail",
        "col.severity": "Severity",
        "col.check": "Check",
        "col.message": "Message",
        "col.table_name": "Table",
        "grade.excellent": "Excellent",
        "grade.good": "Good",
        "grade.competent": "Competent",
        "grade.incompetent": "Incompetent",
        "grade.undetermined": "Undetermined",
        "category.section": "Section-level cadre",
        "category.middle": "Middle-level cadre",
        "category.staff": "General staff",
        "level.city": "City",
        "level.district": "District",
        "severity.error": "Error",
        "severity.warning": "Warning",
        "severity.info": "Info",
        "value.none": "—",
        "value.yes": "Yes",
    },
}


def _merge_area_messages() -> None:
    """Each area of the product (registries, appeals, ...) keeps its messages in its own
    module under ``dashboards/messages/`` defining ``ZH`` and ``EN``; they join the catalogue
    here. A key defined twice is a programming error."""
    import importlib
    import pkgutil

    from dashboards import messages

    for info in pkgutil.iter_modules(messages.__path__):
        module = importlib.import_module(f"dashboards.messages.{info.name}")
        for lang, extra in (("zh", module.ZH), ("en", module.EN)):
            clash = set(extra) & set(MESSAGES[lang])
            if clash:
                raise KeyError(f"message keys defined twice: {sorted(clash)}")
            MESSAGES[lang].update(extra)


_merge_area_messages()

# Data values (as stored in the snapshot) -> catalogue keys.
GRADE_KEYS: dict[str, str] = {
    "优秀": "grade.excellent",
    "良好": "grade.good",
    "称职": "grade.competent",
    "不称职": "grade.incompetent",
    # annual (基本称职) and department (合格 / 不合格) grades; messages in messages/leaders.py
    "基本称职": "lead.grade.basic",
    "合格": "lead.grade.pass",
    "不合格": "lead.grade.fail",
}
GRADE_ORDER: tuple[str, ...] = ("优秀", "良好", "称职", "不称职")
CATEGORY_KEYS: dict[str, str] = {
    "科级干部": "category.section",
    "中层干部": "category.middle",
    "一般工作人员": "category.staff",
}
SEVERITY_KEYS: dict[str, str] = {
    "error": "severity.error",
    "warning": "severity.warning",
    "info": "severity.info",
}


def current_language() -> str:
    """The language chosen in the sidebar (zh unless switched)."""
    lang = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return lang if lang in MESSAGES else DEFAULT_LANGUAGE


def t(key: str, **kw: object) -> str:
    """Look up ``key`` in the current language, falling back to Chinese, then the key."""
    catalogue = MESSAGES[current_language()]
    text = catalogue.get(key) or MESSAGES[DEFAULT_LANGUAGE].get(key) or key
    return text.format(**kw) if kw else text


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pd.NA (a scalar NULL from a DataFrame)."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _translated(value: object, keys: dict[str, str]) -> str:
    if is_missing(value):
        return t("value.none")
    key = keys.get(str(value))
    return t(key) if key else str(value)


def grade_label(grade: object) -> str:
    """Display label of a grade; NULL means the grade is not determined yet."""
    if is_missing(grade):
        return t("grade.undetermined")
    return _translated(grade, GRADE_KEYS)


def category_label(category: object) -> str:
    return _translated(category, CATEGORY_KEYS)


def role_label(role: str) -> str:
    return t(f"role.{role}")


def severity_label(severity: object) -> str:
    return _translated(severity, SEVERITY_KEYS)


def period_label(row: dict[str, object]) -> str:
    """The period's label in the current language (dim_period has label_zh and label_en)."""
    column = "label_en" if current_language() == "en" else "label_zh"
    return str(row.get(column) or row.get("label_zh") or row.get("period_id"))
