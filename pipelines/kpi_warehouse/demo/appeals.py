"""Published periods and appeals in every state for the demo, so the appeal pages show
something in each queue (run by ``kpi demo`` after the demo accounts exist).

The four quarters of 2026 are published (Q1–Q3 weeks and months ago, Q4 three days ago, so
its appeal window is open for the staff account to try); the annual roll-up is left
unpublished for the appraisal office to publish. Appeals, relative to today:

- upheld: ``staff`` appealed Q3's 奖惩加减分 (adjust) — a commendation had not been
  entered; the office upheld it with a new reviewed manual entry (reward +2, entered by
  ``clerk``, approved by ``reviewer``), which the next build scores;
- dismissed: ``staff`` appealed Q2's grade; answered in writing, the result stands;
- overdue: ``liaison``'s person appealed Q3's cases_closed and has had no answer for weeks;
- pending: ``reviewer``'s person appealed Q4's grade yesterday;
- pending, the office's own: ``appraisal_office``'s person appealed Q4 — listed in the
  office's queue, but another member must answer it.

The demo writes these rows directly as the actor ``demo`` (history and audit say so): no
snapshot exists yet when ``kpi demo`` runs, so the results at filing are "not recorded".
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from kpi_warehouse.store import audit, db, history
from kpi_warehouse.store.appeal_models import Appeal, PeriodPublication
from kpi_warehouse.store.audit import Actor

DEMO = Actor("demo")
QUARTERS = {"2026Q1": 200, "2026Q2": 110, "2026Q3": 45, "2026Q4": 3}  # days ago
CORRECTION_ID = "ME900001"


def _accounts(s) -> dict[str, tuple[int, str | None]]:
    rows = s.execute(sa.text("SELECT username, account_id, person_id FROM kpi_account"))
    return {r.username: (r.account_id, r.person_id) for r in rows}


def _appeal(
    s, appeal_id: str, who: tuple[str, int, str], period: str, indicator: str | None,
    reason: str, filed: datetime, published: datetime, **decision: object,
) -> None:  # fmt: skip
    username, account_id, person = who
    row = Appeal(
        appeal_id=appeal_id, period_id=period, person_id=person, filed_by=username,
        filed_by_account_id=account_id, indicator_id=indicator, reason=reason,
        filed_at=filed, window_closes=(published + timedelta(days=10)).date(),
        answer_due=(filed + timedelta(days=10)).date(), before_json="{}", status="pending",
        updated_at=filed,
    )  # fmt: skip
    s.add(row)
    history.append(s, DEMO, "kpi_appeal", appeal_id, "file", None, {"appeal_id": appeal_id,
                   "period_id": period, "person_id": person}, reason)  # fmt: skip
    if decision:
        for key, value in decision.items():
            setattr(row, key, value)
        row.updated_at = decision["decided_at"]
        history.append(s, DEMO, "kpi_appeal", appeal_id, str(decision["status"]), None,
                       {"appeal_id": appeal_id, "status": decision["status"]},
                       str(decision["answer"]))  # fmt: skip


def seed_appeals(app_url: str, today: datetime | None = None) -> str:
    """Add the demo's publications and appeals unless some publication exists already."""
    now = today or db.now()
    with db.session(app_url) as s:
        if s.scalar(sa.select(sa.func.count()).select_from(PeriodPublication)):
            return "考核期发布与申诉已存在 / publications and appeals already present"
        users = _accounts(s)
        office_id, office_person = users["appraisal_office"]
        published = {}
        for period, days in QUARTERS.items():
            at = (now - timedelta(days=days)).replace(hour=9, minute=0, second=0)
            published[period] = at
            s.add(PeriodPublication(period_id=period, published_at=at,
                                    published_by="appraisal_office",
                                    published_by_account_id=office_id))  # fmt: skip
            history.append(s, DEMO, "kpi_period_publication", period, "publish", None,
                           {"period_id": period, "published_at": at.isoformat()})  # fmt: skip

        def who(username: str) -> tuple[str, int, str]:
            account_id, person = users[username]
            return username, account_id, str(person)

        decided_by = {"decided_by": "appraisal_office", "decided_by_person": office_person,
                      "decided_by_account_id": office_id}  # fmt: skip
        q3 = published["2026Q3"]
        upheld_at = q3 + timedelta(days=9)
        staff_person = who("staff")[2]
        clerk_person = users["clerk"][1]
        # A small demo may bind clerk and reviewer to one person: never self-approved.
        reviewer_person = next(
            p for p in (users["reviewer"][1], users["dept_head"][1], office_person)
            if p and p != clerk_person
        )  # fmt: skip
        stamp = (upheld_at - timedelta(days=1)).isoformat(timespec="seconds")
        entry = {"entry_id": CORRECTION_ID, "person_id": staff_person, "item": "reward",
                 "value": 2.0, "entry_date": "2026-09-20",
                 "description": "申诉更正：2026年9月市院嘉奖一次（申诉 AP-DEMO000001）",
                 "entered_by": clerk_person, "reviewed_by": reviewer_person,
                 "review_status": "approved", "reviewed_at": stamp,
                 "updated_at": stamp}  # fmt: skip
        table = sa.table("manual_entries", *(sa.column(c) for c in entry))
        s.execute(sa.insert(table).values(**entry))
        history.append(s, DEMO, "manual_entries", CORRECTION_ID, "add", None, entry,
                       "appeal AP-DEMO000001")  # fmt: skip
        _appeal(s, "AP-DEMO000001", who("staff"), "2026Q3", "adjust",
                "2026年9月获市院嘉奖一次，奖惩加减分未计入，请予更正。", q3 + timedelta(days=4), q3,
                status="upheld", decided_at=upheld_at, correction_kind="entry",
                correction_id=CORRECTION_ID,
                answer="经核实，该嘉奖属实，已补录奖励加分2分（经审核），下次数据构建后重新计分。",
                **decided_by)  # fmt: skip
        q2 = published["2026Q2"]
        _appeal(s, "AP-DEMO000002", who("staff"), "2026Q2", None,
                "认为二季度等次评定偏低，办案数量较上季度明显增加。", q2 + timedelta(days=3), q2,
                status="dismissed", decided_at=q2 + timedelta(days=8),
                answer="经复核，二季度各项指标计分均有案件系统和考勤记录为据，名次和等次"
                "按细则确定，维持原结果。", **decided_by)  # fmt: skip
        _appeal(
            s,
            "AP-DEMO000003",
            who("liaison"),
            "2026Q3",
            "cases_closed",
            "有两件案件9月底已审结，未计入三季度办结数。",
            q3 + timedelta(days=6),
            q3,
        )
        _appeal(
            s,
            "AP-DEMO000004",
            who("reviewer"),
            "2026Q4",
            None,
            "四季度请假系组织安排的培训，不应影响等次。",
            now - timedelta(days=1),
            published["2026Q4"],
        )
        _appeal(
            s,
            "AP-DEMO000005",
            who("appraisal_office"),
            "2026Q4",
            None,
            "四季度重点工作完成情况未完全体现。",
            now - timedelta(days=2),
            published["2026Q4"],
        )
        audit.append(s, DEMO, "appeal_demo_seed", "ok", "kpi_appeal", 5)
    return (
        "已发布 2026Q1–Q4，年度未发布；申诉 5 件（成立 1、驳回 1、超期 1、待答复 2） / "
        "published 2026Q1–Q4 (the year is not); 5 appeals (1 upheld, 1 dismissed, 1 overdue, "
        "2 pending)"
    )
