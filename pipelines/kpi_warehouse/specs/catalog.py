"""The conformed fact sources a spec may name, and the kinds each carries.

This mirrors what ``int_activity_facts`` (dbt) produces. A technician who adds a data item
adds its staging model, its branch in the conformed facts and its line here.
"""

from __future__ import annotations

SOURCES: dict[str, dict[str, str]] = {
    "case.case": {
        "case_accepted": "受理案件",
        "case_closed": "审结案件",
        "case_overdue": "超期案件",
    },
    "case.event": {
        "return_supplementary": "退回补充侦查",
        "extension": "延长审查期限",
    },
    "office.attendance": {
        "on_time": "按时出勤",
        "late": "迟到",
        "early_leave": "早退",
        "absent": "旷工",
        "leave": "请假",
    },
    "office.study": {
        "confirmed": "按时参加学习",
        "late": "学习迟到",
        "absent": "缺席学习",
    },
    "office.training": {
        "confirmed": "按时参加培训",
        "late": "培训迟到",
        "absent": "缺席培训",
    },
    "office.journal": {
        "journal": "工作周记",
        "journal_score": "周记评分",
        "journal_excused": "周记免交（出差、请假、节假日）",
    },
    "office.document": {"document": "办理公文"},
    "registry.bulletin": {"bulletin": "信息简报"},
    "registry.award": {"award": "表彰奖励"},
    "registry.publicity": {"publicity": "宣传报道"},
    "registry.research": {"research": "理论调研"},
    "registry.discipline": {
        "admonition": "诫勉谈话",
        "efficiency_warning": "效能告诫",
        "demerit": "记过",
        "major_demerit": "记大过",
        "demotion": "降级",
        "dismissal": "开除",
    },
    "manual.entry": {
        "routine_work": "常规工作",
        "key_project": "重点项目",
        "reward": "奖励加分",
        "penalty": "惩戒扣分",
    },
    "ratings.rating": {
        "leader": "领导测评",
        "colleague": "群众测评",
        "department_head": "部门负责人测评",
        "supervising_leader": "分管领导测评",
        "section_chief": "科室负责人测评",
        "party_gov_leader": "党政领导测评",
    },
}

# --- kinds used by the seed schemes; not produced by the demo's conformed facts ---------
# The reference specs in kpi_specs/schemes/ (Meiling, Shinan, Template 15; DIGEST §B–§D)
# need data items the demo procuratorate does not record. They are valid in any spec, but
# the demo's int_activity_unioned has no branch for them: a technician adds one (and its
# staging model) before a department's spec may rely on them.
SEED_SCHEME_KINDS: dict[str, dict[str, str]] = {
    "office.attendance": {  # Shinan: three monthly rates (on time, no early leave, lunch)
        "left_on_time": "按时下班（无早退）",
        "lunch_on_time": "按时就餐",
        "lunch_late": "未按时就餐",
    },
    "office.training": {  # Shinan: deductions entered monthly by the political office
        "reprimanded": "调训缺勤或听课不认真被通报批评",
        "missed_higher": "未参加上级机关组织的其它培训",
        "missed_internal": "未参加本部门组织的其它培训",
        "exam_failed": "达标考试不合格",
    },
    "office.activity": {  # Shinan: collective activities (a dynamic share, like study)
        "confirmed": "按时参加集体活动",
        "late": "集体活动未按时反馈",
        "absent": "缺席集体活动",
    },
    "office.inspection": {  # Shinan: office-order inspections, one record per person charged
        "inspection_failed": "办公秩序检查不合格项",
    },
    "office.innovation": {  # Shinan incentives; Template 15 section appraisal
        "suggestion": "创新建议被采纳",
        "experience": "创新经验交流推广",
        "innovation_recognised": "特色或创新工作（考核领导小组认可）",
    },
    "registry.discipline": {
        "warning": "警告处分",
        "removal": "撤职",
        "sanction_in_force": "处分期内",
        "investigation": "立案调查期间",
        "complaint_upheld": "被投诉经查属实",
        "basic_competent_case": "具有基本称职等次情形",
        "serious_violation": "严重违纪违法（不称职情形或刑事处罚）",
        "one_vote_veto": "一票否决事项（计生、综治、安全生产、环境保护）",
        "city_wide_notice": "被全市通报或在全市造成恶劣影响",
    },
    "manual.entry": {
        "goal_achievement": "业务目标成绩突出加分",
        "goal_assistance": "配合协助加分",
        "goal_failure": "业务目标未完成或失误减分",
        "goal_poor_cooperation": "配合不力减分",
        "common_goals": "共性目标",
        "individual_goals": "个性目标",
        "website_met": "网站信息充实更新达标",
        "monthly_reports_met": "工作月报及时完整",
    },
}
for _source, _kinds in SEED_SCHEME_KINDS.items():
    SOURCES.setdefault(_source, {}).update(_kinds)
# --- end of the seed schemes' kinds ------------------------------------------------------

# Attributes of an appraisee that a spec's population and rank_within may use.
PERSON_ATTRIBUTES = (
    "person_id",
    "org_unit_id",
    "procuratorate_id",
    "dept_key",
    "post",
    "category",
    "status",
)
ORG_UNIT_ATTRIBUTES = ("org_unit_id", "procuratorate_id", "dept_key", "unit_kind")
