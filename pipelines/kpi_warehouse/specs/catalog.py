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
