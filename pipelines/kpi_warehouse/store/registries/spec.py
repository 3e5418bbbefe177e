"""What each of the five registries holds: its live table (whose column names the pipeline
reads and which never change), its owner office, its file headers and vocabularies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MEDIA_LEVELS = {"national": "国家级", "provincial": "省级", "city": "市级", "district": "区级"}
JOURNAL_LEVELS = {"core": "核心期刊", "provincial": "省级期刊", "general": "一般期刊"}
SANCTIONS = {
    "admonition": "诫勉",
    "efficiency_warning": "效能告诫",
    "demerit": "记过",
    "major_demerit": "记大过",
    "demotion": "降级",
    "dismissal": "撤职",
}
LEVEL_RANK = {"national": 4, "provincial": 3, "city": 2, "district": 1}


@dataclass(frozen=True)
class Field:
    column: str  # live-table column ("" for file-only fields such as the person's name)
    header: str  # Chinese header in templates and exports
    header_en: str
    kind: str = "text"  # text / date / int / choice / person_id / person_name
    required: bool = True
    choices: dict[str, str] = field(default_factory=dict)  # code -> Chinese label


@dataclass(frozen=True)
class Registry:
    name: str  # CLI name
    table: str
    id_column: str
    id_prefix: str
    label: str
    owner_dept_key: str  # the org unit's dept_key that keeps this registry
    owner_label: str
    fields: tuple[Field, ...]
    natural_key: tuple[str, ...]  # what makes two rows the same record
    date_column: str

    @property
    def columns(self) -> tuple[str, ...]:
        """Live-table columns, in order (id first, then fields, then bookkeeping)."""
        own = [f.column for f in self.fields if f.column and f.column != self.id_column]
        extra = ["is_collective"] if self.table == "reg_awards" else []
        return (self.id_column, *own, *extra, "recorded_by", "updated_at")


ID = "编号"
PERSON = Field("person_id", "人员编号", "person id", "person_id", required=False)
NAME = Field("", "姓名", "name", "person_name", required=False)


def _id(column: str) -> Field:
    return Field(column, ID, "record id", required=False)


REGISTRIES: dict[str, Registry] = {
    r.name: r
    for r in (
        Registry(
            "bulletins",
            "reg_bulletins",
            "bulletin_id",
            "BL",
            "信息简报",
            "office",
            "办公室",
            (
                _id("bulletin_id"),
                PERSON,
                NAME,
                Field("title", "标题", "title"),
                Field("media_level", "刊发级别", "media level", "choice", choices=MEDIA_LEVELS),
                Field("published_date", "刊发日期", "published date", "date"),
            ),
            ("person_id", "title", "published_date"),
            "published_date",
        ),
        Registry(
            "awards",
            "reg_awards",
            "award_id",
            "AW",
            "表彰奖励",
            "political",
            "政治部",
            (
                _id("award_id"),
                Field("event_key", "事件编号", "event key"),
                PERSON,
                NAME,
                Field("org_unit_id", "集体部门编号", "collective org unit", required=False),
                Field("award_level", "表彰级别", "award level", "choice", choices=MEDIA_LEVELS),
                Field("title", "表彰名称", "title"),
                Field("awarded_date", "表彰日期", "awarded date", "date"),
            ),
            ("event_key", "person_id", "org_unit_id", "award_level"),
            "awarded_date",
        ),
        Registry(
            "publicity",
            "reg_publicity",
            "report_id",
            "PB",
            "宣传报道",
            "publicity",
            "宣传处",
            (
                _id("report_id"),
                PERSON,
                NAME,
                Field("outlet", "媒体名称", "outlet"),
                Field("media_level", "媒体级别", "media level", "choice", choices=MEDIA_LEVELS),
                Field("published_date", "刊发日期", "published date", "date"),
            ),
            ("person_id", "outlet", "published_date"),
            "published_date",
        ),
        Registry(
            "research",
            "reg_research",
            "paper_id",
            "RP",
            "理论调研",
            "research",
            "政研室",
            (
                _id("paper_id"),
                PERSON,
                NAME,
                Field("title", "题目", "title"),
                Field(
                    "journal_level", "期刊级别", "journal level", "choice", choices=JOURNAL_LEVELS
                ),
                Field("co_authors", "作者人数", "number of authors", "int"),
                Field("published_date", "发表日期", "published date", "date"),
            ),
            ("person_id", "title"),
            "published_date",
        ),
        Registry(
            "discipline",
            "reg_discipline",
            "record_id",
            "DS",
            "惩戒",
            "supervision",
            "监察处",
            (
                _id("record_id"),
                PERSON,
                NAME,
                Field("sanction_type", "处分类型", "sanction", "choice", choices=SANCTIONS),
                Field("start_date", "开始日期", "start date", "date"),
                Field("end_date", "结束日期", "end date", "date", required=False),
                Field("description", "事由", "description"),
            ),
            ("person_id", "sanction_type", "start_date"),
            "start_date",
        ),
    )
}


def registry(name: str) -> Registry:
    try:
        return REGISTRIES[name]
    except KeyError:
        raise ValueError(
            f"未知登记簿 {name} / unknown registry {name}; 可选 / one of: {' '.join(REGISTRIES)}"
        ) from None
