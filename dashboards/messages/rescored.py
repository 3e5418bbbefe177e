"""Messages of re-scored periods: the mark and the earlier result beside the new one."""

ZH = {
    "rescored.mark": "本期已重新评分",
    "rescored.detail": (
        "{period} 原于 {closed_at} 由 {closed_by} 结账，{reopened_at} 由 {reopened_by} "
        "重新开放并重新评分。理由：{reason}"
    ),
    "rescored.col.item": "项目",
    "rescored.col.earlier": "重新评分前",
    "rescored.col.now": "重新评分后",
    "rescored.row.total": "总分",
    "rescored.row.rank": "类别内排名",
    "rescored.row.grade": "等次",
    "rescored.row.version": "考核规范版本",
    "rescored.department.title": "重新评分前后",
    "rescored.col.name": "姓名",
    "rescored.col.earlier_total": "原总分",
    "rescored.col.earlier_grade": "原等次",
    "rescored.col.now_total": "现总分",
    "rescored.col.now_grade": "现等次",
}
EN = {
    "rescored.mark": "Re-scored",
    "rescored.detail": (
        "{period} was closed on {closed_at} by {closed_by}, then reopened and scored again "
        "on {reopened_at} by {reopened_by}. Reason: {reason}"
    ),
    "rescored.col.item": "Item",
    "rescored.col.earlier": "Before re-scoring",
    "rescored.col.now": "After re-scoring",
    "rescored.row.total": "Total",
    "rescored.row.rank": "Rank in category",
    "rescored.row.grade": "Grade",
    "rescored.row.version": "Spec version",
    "rescored.department.title": "Before and after re-scoring",
    "rescored.col.name": "Name",
    "rescored.col.earlier_total": "Earlier total",
    "rescored.col.earlier_grade": "Earlier grade",
    "rescored.col.now_total": "Total now",
    "rescored.col.now_grade": "Grade now",
}
