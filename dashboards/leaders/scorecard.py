"""The scorecard in the layout of a quarterly appraisal form (季度绩效考核评定表), as Excel
and as print-ready HTML.

The form follows the seed's 梅岭街道季度绩效考核评定表: title, 评定时间, the appraisee's
name, post, department and category, one row per scored item with its full marks (分值)
and score, then 基础得分, 考评得分, rank, 等级评定, the payout, remarks, how grades and quotas
are set, and the signature lines. Excel layout (columns A–E), row by row:

1 title (A1:E1) · 2 评定时间 (A2:E2) · 3 姓名 B3, 职务 D3 (D3:E3) · 4 部门 B4, 类别 D4 (D4:E4)
· 5 headers 序号 / 考核项目 / 分值 / 得分 / 计分依据 · 6… one row per indicator · then
基础得分 (sum of the items' scores), 考评得分 (the total by the spec's formula), 排名,
等级评定, 绩效奖金, each with its value in D; 备注 (B:E); 评分说明 (B:E); 考核细则 (B:E);
and three signature rows (A:E).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from dashboards.i18n import is_missing, t


@dataclass(frozen=True)
class Item:
    name: str
    max_points: float | None
    points: float | None
    basis: str


@dataclass(frozen=True)
class Scorecard:
    """Everything printed on one form; texts already in the chosen language."""

    title: str
    period: str
    name: str
    post: str
    department: str
    category: str
    items: tuple[Item, ...]
    total: float | None
    rank: str
    grade: str
    payout: float | None
    note: str
    rules: str
    spec: str
    signatures: tuple[str, ...] = field(default_factory=tuple)

    @property
    def base_score(self) -> float:
        return round(sum(i.points for i in self.items if i.points is not None), 4)


def _number(value: float | None) -> float | str:
    return "" if value is None or is_missing(value) else float(value)


def _text(value: float | None) -> str:
    if value is None or is_missing(value):
        return t("value.none")
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


def summary_rows(card: Scorecard) -> list[tuple[str, float | str]]:
    """(label, value) rows under the items, in the form's order."""
    return [
        (t("lead.form.base_score"), card.base_score),
        (t("lead.form.total"), _number(card.total)),
        (t("lead.form.rank"), card.rank),
        (t("lead.form.grade"), card.grade),
        (t("lead.form.payout"), _number(card.payout)),
    ]


def headers() -> list[str]:
    return [
        t("lead.form.no"),
        t("lead.form.item"),
        t("lead.form.max"),
        t("lead.form.points"),
        t("lead.form.basis"),
    ]


def to_excel(card: Scorecard) -> bytes:
    """The form as an .xlsx workbook (one sheet)."""
    book = Workbook()
    sheet = book.active
    sheet.title = t("lead.form.sheet")
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    sheet.append([card.title])
    sheet.merge_cells("A1:E1")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([t("lead.form.period", period=card.period)])
    sheet.merge_cells("A2:E2")
    sheet.append([t("lead.form.name"), card.name, t("lead.form.post"), card.post])
    sheet.merge_cells("D3:E3")
    sheet.append([t("lead.form.department"), card.department, t("lead.form.category"),
                  card.category])  # fmt: skip
    sheet.merge_cells("D4:E4")
    sheet.append(headers())
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    for number, item in enumerate(card.items, start=1):
        sheet.append(
            [number, item.name, _number(item.max_points), _number(item.points), item.basis]
        )
    for label, value in summary_rows(card):
        sheet.append([label, None, None, value])
        sheet.merge_cells(f"A{sheet.max_row}:C{sheet.max_row}")
    for label, text in (
        (t("lead.form.note"), card.note),
        (t("lead.form.rules"), card.rules),
        (t("lead.form.spec"), card.spec),
    ):
        sheet.append([label, text or None])
        sheet.merge_cells(f"B{sheet.max_row}:E{sheet.max_row}")
    for signature in card.signatures:
        sheet.append([signature])
        sheet.merge_cells(f"A{sheet.max_row}:E{sheet.max_row}")
    for row in sheet.iter_rows(min_row=3, max_row=sheet.max_row):
        for cell in row:
            cell.border = box
            cell.alignment = wrap
    for column, width in zip("ABCDE", (14, 26, 10, 10, 46), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PRINT_CSS = """
<style>
.kpi-form { font-family: "SimSun", "WenQuanYi Micro Hei", serif; max-width: 820px; margin: auto; }
.kpi-form h1 { text-align: center; font-size: 1.6rem; margin: 0.2rem 0; }
.kpi-form table { width: 100%; border-collapse: collapse; }
.kpi-form td, .kpi-form th { border: 1px solid #000; padding: 4px 6px; vertical-align: top; }
.kpi-form th { background: #f2f2f2; }
.kpi-form .num { text-align: right; white-space: nowrap; }
.kpi-form .sign { height: 2.4rem; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], .st-key-lead-print-controls {
    display: none !important;
  }
  .kpi-form { max-width: none; }
}
</style>
"""


def to_html(card: Scorecard) -> str:
    """The form as print-ready HTML (a table with borders; the app's chrome hides in print)."""
    e = html.escape
    rows = [
        f"<tr><th>{e(t('lead.form.name'))}</th><td>{e(card.name)}</td>"
        f"<th>{e(t('lead.form.post'))}</th><td colspan='2'>{e(card.post)}</td></tr>",
        f"<tr><th>{e(t('lead.form.department'))}</th><td>{e(card.department)}</td>"
        f"<th>{e(t('lead.form.category'))}</th><td colspan='2'>{e(card.category)}</td></tr>",
        "<tr>" + "".join(f"<th>{e(h)}</th>" for h in headers()) + "</tr>",
    ]
    for number, item in enumerate(card.items, start=1):
        rows.append(
            f"<tr><td class='num'>{number}</td><td>{e(item.name)}</td>"
            f"<td class='num'>{e(_text(item.max_points))}</td>"
            f"<td class='num'>{e(_text(item.points))}</td><td>{e(item.basis)}</td></tr>"
        )
    for label, value in summary_rows(card):
        shown = _text(value) if isinstance(value, float) else (value or t("value.none"))
        rows.append(
            f"<tr><th colspan='3'>{e(label)}</th><td class='num'>{e(str(shown))}</td><td></td></tr>"
        )
    for label, text in (
        (t("lead.form.note"), card.note),
        (t("lead.form.rules"), card.rules),
        (t("lead.form.spec"), card.spec),
    ):
        body = e(text).replace("\n", "<br>")
        rows.append(f"<tr><th>{e(label)}</th><td colspan='4'>{body}</td></tr>")
    for signature in card.signatures:
        rows.append(f"<tr><td colspan='5' class='sign'>{e(signature)}</td></tr>")
    return (
        PRINT_CSS
        + "<div class='kpi-form'>"
        + f"<h1>{e(card.title)}</h1><p>{e(t('lead.form.period', period=card.period))}</p>"
        + "<table>"
        + "".join(rows)
        + "</table></div>"
    )
