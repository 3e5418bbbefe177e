"""Spec drafts: a liaison saves a draft of a department's spec, submits it, and another
account (the appraisal office, or the department's head) approves it — which writes the
file the next build reads — or sends it back with a reason.

One function per act; each checks the account's role, writes ``kpi_spec_draft`` and
appends ``kpi_record_history`` (before and after, text included) and the audit log in one
transaction. Nobody decides on their own draft: neither the same account nor another
account of the same person.

This module knows nothing of specs beyond their text: what a spec means, whether it is
valid and which specs an account may work on are the workbench's (``kpi_warehouse.
workbench``), which passes the counts of problems found and the spec ids allowed in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from kpi_warehouse.store import audit, db, history
from kpi_warehouse.store.accounts import AccountView
from kpi_warehouse.store.models import Base
from kpi_warehouse.store.roles import ROLE_IDS, Role

TABLE = "kpi_spec_draft"
DRAFT, SUBMITTED, APPROVED, REJECTED = "draft", "submitted", "approved", "rejected"
STATUSES = (DRAFT, SUBMITTED, APPROVED, REJECTED)
EDITABLE = (DRAFT, SUBMITTED, REJECTED)  # saving a submitted draft withdraws it

AUTHOR_ROLES = frozenset({Role.LIAISON, Role.APPRAISAL_OFFICE, Role.ADMIN})
APPROVER_ROLES = frozenset({Role.APPRAISAL_OFFICE, Role.DEPT_HEAD})
WORKBENCH_ROLES = AUTHOR_ROLES | APPROVER_ROLES
MAX_TEXT = 1_000_000  # the spec loader refuses larger files too


class SpecDraft(Base):
    __tablename__ = TABLE

    draft_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    spec_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(64))
    base_file: Mapped[str] = mapped_column(String(255))
    base_sha256: Mapped[str] = mapped_column(String(64))
    target_file: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    errors: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(128))
    author_account_id: Mapped[int | None] = mapped_column(Integer)
    author_person_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_by_account_id: Mapped[int | None] = mapped_column(Integer)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    written_sha256: Mapped[str | None] = mapped_column(String(64))


@dataclass(frozen=True)
class DraftView:
    draft_id: int
    spec_id: str
    version: str
    base_file: str
    base_sha256: str
    target_file: str
    text: str
    status: str
    errors: int
    warnings: int
    author: str
    author_account_id: int | None
    author_person_id: str | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    decided_by: str | None
    decided_by_account_id: int | None
    decided_at: datetime | None
    reason: str | None
    written_sha256: str | None


def _view(row: SpecDraft) -> DraftView:
    return DraftView(**{f: getattr(row, f) for f in DraftView.__dataclass_fields__})


def _record(view: DraftView) -> dict[str, object]:
    return asdict(view)


class NotAllowed(PermissionError):
    """The account may not do this (bilingual message)."""


class DraftError(ValueError):
    """The act cannot be done as asked (bilingual message)."""


@dataclass(frozen=True)
class DraftInput:
    """What a save writes: the text and what the workbench found out about it."""

    spec_id: str
    version: str
    base_file: str
    base_sha256: str
    target_file: str
    text: str
    errors: int
    warnings: int


def _roles(account: AccountView) -> frozenset[Role]:
    if account.disabled:
        return frozenset()
    return frozenset(Role(r) for r in account.roles if r in ROLE_IDS)


def may_author(account: AccountView) -> bool:
    return bool(_roles(account) & AUTHOR_ROLES)


def may_approve(account: AccountView) -> bool:
    return bool(_roles(account) & APPROVER_ROLES)


def may_use(account: AccountView) -> bool:
    return bool(_roles(account) & WORKBENCH_ROLES)


def _require(ok: bool, account: AccountView, zh: str, en: str) -> None:
    if not ok:
        raise NotAllowed(f"{account.username} {zh} / {account.username} {en}")


def _require_spec(account: AccountView, spec_id: str, allowed: Collection[str] | None) -> None:
    """``allowed``: the spec ids the account may work on (None: every spec)."""
    if allowed is not None and spec_id not in allowed:
        raise NotAllowed(
            f"{account.username} 无权处理考核细则 {spec_id}（不属于本部门）/ "
            f"{account.username} may not work on spec {spec_id} (not the department's)"
        )


def _is_author(account: AccountView, row: SpecDraft) -> bool:
    same_person = account.person_id is not None and account.person_id == row.author_person_id
    return account.account_id == row.author_account_id or same_person


def _get(s: Session, draft_id: int) -> SpecDraft:
    row = s.get(SpecDraft, draft_id)
    if row is None:
        raise DraftError(f"没有草稿 #{draft_id} / no draft #{draft_id}")
    return row


def save(
    account: AccountView,
    draft: DraftInput,
    allowed: Collection[str] | None,
    draft_id: int | None = None,
    url: str | None = None,
) -> DraftView:
    """Save a new draft (``draft_id`` None) or a new text of the author's own draft.
    Saving a submitted draft withdraws it; a rejected one becomes a draft again."""
    _require(may_author(account), account, "不能编写考核细则", "may not write specs")
    _require_spec(account, draft.spec_id, allowed)
    if len(draft.text.encode("utf-8")) > MAX_TEXT:
        raise DraftError("草稿超过 1 MB / the draft is over 1 MB")
    stamp = db.now()
    with db.session(url) as s:
        if draft_id is None:
            row = SpecDraft(
                **asdict(draft),
                status=DRAFT,
                author=account.username,
                author_account_id=account.account_id,
                author_person_id=account.person_id,
                created_at=stamp,
                updated_at=stamp,
            )
            s.add(row)
            s.flush()
            before = None
            act = "draft_create"
        else:
            row = _get(s, draft_id)
            _require(
                _is_author(account, row), account,
                f"不是草稿 #{draft_id} 的作者", f"is not the author of draft #{draft_id}",
            )  # fmt: skip
            if row.status not in EDITABLE:
                raise DraftError(
                    f"草稿 #{draft_id} 已批准，不能再修改：请另起草稿 / draft #{draft_id} is "
                    "approved and cannot change: start a new draft"
                )
            if draft.spec_id != row.spec_id:
                raise DraftError(
                    f"草稿 #{draft_id} 属于 {row.spec_id}，不能改为 {draft.spec_id} / draft "
                    f"#{draft_id} is of {row.spec_id}, not {draft.spec_id}"
                )
            before = _record(_view(row))
            for name, value in asdict(draft).items():
                setattr(row, name, value)
            row.status, row.updated_at, row.submitted_at = DRAFT, stamp, None
            act = "draft_save"
        after = _view(row)
        history.append(s, account.actor, TABLE, str(row.draft_id), act, before, _record(after))
        audit.append(s, account.actor, "spec_" + act, target=f"spec:{row.spec_id}#{row.draft_id}")
        return after


def submit(
    account: AccountView, draft_id: int, allowed: Collection[str] | None, url: str | None = None
) -> DraftView:
    """The author submits the draft for approval; a draft with errors is refused."""
    with db.session(url) as s:
        row = _get(s, draft_id)
        _require_spec(account, row.spec_id, allowed)
        _require(
            _is_author(account, row) and may_author(account), account,
            f"不是草稿 #{draft_id} 的作者", f"is not the author of draft #{draft_id}",
        )  # fmt: skip
        if row.status != DRAFT:
            raise DraftError(
                f"草稿 #{draft_id} 的状态是 {row.status}，只有草稿可以提交 / draft #{draft_id} is "
                f"{row.status}; only a draft can be submitted"
            )
        if row.errors:
            raise DraftError(
                f"草稿 #{draft_id} 还有 {row.errors} 个错误，改正后才能提交 / draft #{draft_id} "
                f"has {row.errors} error(s); fix them before submitting"
            )
        before = _record(_view(row))
        row.status, row.submitted_at = SUBMITTED, db.now()
        after = _view(row)
        history.append(s, account.actor, TABLE, str(draft_id), "submit", before, _record(after))
        audit.append(s, account.actor, "spec_submit", target=f"spec:{row.spec_id}#{draft_id}")
        return after


def _decide(
    account: AccountView,
    draft_id: int,
    allowed: Collection[str] | None,
    status: str,
    reason: str | None,
    url: str | None,
    write: Callable[[DraftView], str] | None = None,
) -> DraftView:
    verb_zh = "批准" if status == APPROVED else "退回"
    with db.session(url) as s:
        row = _get(s, draft_id)
        _require(
            may_approve(account), account,
            f"不能{verb_zh}考核细则（需考核办或部门负责人）",
            f"may not {'approve' if status == APPROVED else 'reject'} specs (appraisal office "
            "or department head only)",
        )  # fmt: skip
        _require_spec(account, row.spec_id, allowed)
        if _is_author(account, row):
            raise NotAllowed(
                f"不能{verb_zh}本人起草的草稿 #{draft_id} / you may not decide on your own "
                f"draft #{draft_id}"
            )
        if row.status != SUBMITTED:
            raise DraftError(
                f"草稿 #{draft_id} 的状态是 {row.status}，不是待审批 / draft #{draft_id} is "
                f"{row.status}, not submitted"
            )
        before = _record(_view(row))
        row.status, row.decided_at, row.reason = status, db.now(), reason
        row.decided_by, row.decided_by_account_id = account.username, account.account_id
        if write is not None:
            # The file is written last, inside the transaction: if writing fails, the
            # draft stays submitted.
            row.written_sha256 = write(_view(row))
        after = _view(row)
        act = "approve" if status == APPROVED else "reject"
        history.append(s, account.actor, TABLE, str(draft_id), act, before, _record(after), reason)
        audit.append(
            s, account.actor, f"spec_{act}", target=f"spec:{row.spec_id}#{draft_id}",
            detail={"file": row.target_file, "reason": reason},
        )  # fmt: skip
        return after


def approve(
    account: AccountView,
    draft_id: int,
    allowed: Collection[str] | None,
    write: Callable[[DraftView], str],
    url: str | None = None,
) -> DraftView:
    """Approve a submitted draft of someone else; ``write`` puts it in place (it returns the
    SHA-256 of what it wrote) within the transaction."""
    return _decide(account, draft_id, allowed, APPROVED, None, url, write)


def reject(
    account: AccountView,
    draft_id: int,
    reason: str,
    allowed: Collection[str] | None,
    url: str | None = None,
) -> DraftView:
    """Send a submitted draft back to its author with a reason."""
    if not reason or not reason.strip():
        raise DraftError("退回须填写原因 / a rejection needs a reason")
    return _decide(account, draft_id, allowed, REJECTED, reason.strip(), url)


def get(draft_id: int, url: str | None = None) -> DraftView:
    with db.session(url) as s:
        return _view(_get(s, draft_id))


def visible(
    account: AccountView,
    allowed: Collection[str] | None,
    status: str | None = None,
    url: str | None = None,
) -> list[DraftView]:
    """The drafts of the specs the account may work on, newest first."""
    if not may_use(account):
        return []
    query = sa.select(SpecDraft).order_by(SpecDraft.draft_id.desc())
    if allowed is not None:
        query = query.where(SpecDraft.spec_id.in_(sorted(allowed)))
    if status is not None:
        query = query.where(SpecDraft.status == status)
    with db.session(url) as s:
        return [_view(r) for r in s.scalars(query)]


def draft_history(draft_id: int, url: str | None = None) -> list[history.RecordHistory]:
    """Every act on a draft, oldest first (texts before and after in JSON)."""
    return history.of(TABLE, str(draft_id), url)
