"""Account services: one function per act, each checking, writing and auditing in one
transaction. The CLI (`kpi user ...`) and the dashboard's sign-in both call these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kpi_warehouse.store import audit, db, passwords
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.models import Account, AccountRole
from kpi_warehouse.store.roles import parse_roles

MAX_FAILURES = 5
LOCK_MINUTES = 15
USERNAME = re.compile(r"^[\w.@-]{2,64}$")
KEEP = "__keep__"  # set_roles: leave this binding as it is


class AccountError(ValueError):
    """An account act that cannot be done (unknown name, duplicate, bad role ...)."""


@dataclass(frozen=True)
class AccountView:
    """An account as the rest of the product sees it (no password hash)."""

    account_id: int
    username: str
    roles: tuple[str, ...]
    person_id: str | None
    org_unit_id: str | None
    procuratorate_id: str | None
    sso_subject: str | None
    disabled: bool
    locked_until: datetime | None
    last_signin_at: datetime | None

    def locked(self, at: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (at or db.now())

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.account_id)


class SignIn(StrEnum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"  # unknown name or wrong password: one answer
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class SignInResult:
    outcome: SignIn
    account: AccountView | None = None
    locked_until: datetime | None = None


def _view(a: Account) -> AccountView:
    return AccountView(
        a.account_id,
        a.username,
        a.role_ids,
        a.person_id,
        a.org_unit_id,
        a.procuratorate_id,
        a.sso_subject,
        bool(a.disabled),
        a.locked_until,
        a.last_signin_at,
    )


def normalise(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise AccountError(
            "用户名须为 2–64 个字母、数字或 . _ - @ / a username is 2–64 letters, digits or . _ - @"
        )
    return name


def _get(s: Session, username: str) -> Account:
    account = s.scalar(sa.select(Account).where(Account.username == normalise(username)))
    if account is None:
        raise AccountError(f"没有账户 {username} / no account named {username}")
    return account


def _bindings(a: Account) -> dict[str, object]:
    return {
        "roles": list(a.role_ids),
        "person": a.person_id,
        "org_unit": a.org_unit_id,
        "procuratorate": a.procuratorate_id,
        "sso_subject": a.sso_subject,
    }


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def add(
    actor: Actor,
    username: str,
    roles: list[str],
    password: str | None,
    person_id: str | None = None,
    org_unit_id: str | None = None,
    procuratorate_id: str | None = None,
    sso_subject: str | None = None,
    url: str | None = None,
) -> AccountView:
    """Create an account; a password, a single sign-on subject, or both."""
    name = normalise(username)
    parsed = parse_roles(roles)
    if password is None and not sso_subject:
        raise AccountError("需要密码或单点登录标识 / a password or an SSO subject is required")
    if password is not None:
        passwords.check_rule(name, password)
    with db.session(url) as s:
        if s.scalar(sa.select(Account.account_id).where(Account.username == name)):
            raise AccountError(f"账户 {name} 已存在 / account {name} already exists")
        stamp = db.now()
        account = Account(
            username=name,
            password_hash=passwords.hash_password(password) if password is not None else None,
            person_id=_clean(person_id),
            org_unit_id=_clean(org_unit_id),
            procuratorate_id=_clean(procuratorate_id),
            sso_subject=_clean(sso_subject),
            disabled=False,
            failed_signins=0,
            created_at=stamp,
            updated_at=stamp,
            roles=[AccountRole(role=r.value) for r in parsed],
        )
        s.add(account)
        s.flush()
        audit.append(s, actor, "account_add", target=name, detail=_bindings(account))
        return _view(account)


def set_roles(
    actor: Actor,
    username: str,
    roles: list[str],
    person_id: str | None = KEEP,
    org_unit_id: str | None = KEEP,
    procuratorate_id: str | None = KEEP,
    sso_subject: str | None = KEEP,
    url: str | None = None,
) -> AccountView:
    """Replace the account's roles; bindings given (not KEEP) are replaced too ('' clears)."""
    parsed = parse_roles(roles)
    with db.session(url) as s:
        account = _get(s, username)
        before = _bindings(account)
        account.roles = [AccountRole(role=r.value) for r in parsed]
        for field, value in (
            ("person_id", person_id),
            ("org_unit_id", org_unit_id),
            ("procuratorate_id", procuratorate_id),
            ("sso_subject", sso_subject),
        ):
            if value != KEEP:
                setattr(account, field, _clean(value))
        account.updated_at = db.now()
        s.flush()
        audit.append(
            s,
            actor,
            "account_set_role",
            target=account.username,
            detail={"before": before, "after": _bindings(account)},
        )
        return _view(account)


def set_password(actor: Actor, username: str, password: str, url: str | None = None) -> None:
    """A new password; it also lifts a lock."""
    with db.session(url) as s:
        account = _get(s, username)
        passwords.check_rule(account.username, password)
        account.password_hash = passwords.hash_password(password)
        account.failed_signins = 0
        account.locked_until = None
        account.updated_at = db.now()
        audit.append(s, actor, "account_passwd", target=account.username)


def set_disabled(actor: Actor, username: str, disabled: bool, url: str | None = None) -> None:
    with db.session(url) as s:
        account = _get(s, username)
        account.disabled = disabled
        account.updated_at = db.now()
        action = "account_disable" if disabled else "account_enable"
        audit.append(s, actor, action, target=account.username)


def unlock(actor: Actor, username: str, url: str | None = None) -> None:
    with db.session(url) as s:
        account = _get(s, username)
        account.failed_signins = 0
        account.locked_until = None
        account.updated_at = db.now()
        audit.append(s, actor, "account_unlock", target=account.username)


def list_all(url: str | None = None) -> list[AccountView]:
    with db.session(url) as s:
        return [_view(a) for a in s.scalars(sa.select(Account).order_by(Account.username))]


def find(username: str, url: str | None = None) -> AccountView:
    with db.session(url) as s:
        return _view(_get(s, username))


def active(account_id: int, url: str | None = None) -> AccountView | None:
    """The account as it is now, or None when it is gone or disabled (sessions re-check)."""
    with db.session(url) as s:
        account = s.get(Account, account_id)
        return None if account is None or account.disabled else _view(account)


def _signed_in(s: Session, account: Account, via: str, at: datetime) -> SignInResult:
    account.failed_signins = 0
    account.locked_until = None
    account.last_signin_at = at
    audit.append(s, Actor(account.username, account.account_id), "sign_in", detail={"via": via})
    return SignInResult(SignIn.OK, _view(account))


def sign_in(username: str, password: str, url: str | None = None) -> SignInResult:
    """Check a password. Five failures in a row lock the account for LOCK_MINUTES."""
    try:
        name = normalise(username)
    except AccountError:
        name = username.strip().lower()[:64]
    at = db.now()
    with db.session(url) as s:
        account = s.scalar(sa.select(Account).where(Account.username == name))
        if account is None:
            passwords.verify(None, password)
            audit.append(s, Actor(name), "sign_in", "failed", detail={"reason": "unknown"})
            return SignInResult(SignIn.BAD_CREDENTIALS)
        actor = Actor(account.username, account.account_id)
        if account.locked_until is not None and account.locked_until > at:
            audit.append(s, actor, "sign_in", "locked")
            return SignInResult(SignIn.LOCKED, locked_until=account.locked_until)
        if account.locked_until is not None:  # the lock has run out: a fresh count
            account.locked_until = None
            account.failed_signins = 0
        if not passwords.verify(account.password_hash, password):
            account.failed_signins += 1
            audit.append(s, actor, "sign_in", "failed", detail={"failures": account.failed_signins})
            if account.failed_signins >= MAX_FAILURES:
                account.locked_until = at + timedelta(minutes=LOCK_MINUTES)
                audit.append(
                    s, actor, "account_locked", target=account.username,
                    detail={"until": account.locked_until.isoformat()},
                )  # fmt: skip
                return SignInResult(SignIn.LOCKED, locked_until=account.locked_until)
            return SignInResult(SignIn.BAD_CREDENTIALS)
        if account.disabled:
            audit.append(s, actor, "sign_in", "disabled")
            return SignInResult(SignIn.DISABLED)
        if passwords.needs_rehash(account.password_hash or ""):
            account.password_hash = passwords.hash_password(password)
        return _signed_in(s, account, "password", at)


def sign_in_sso(subject: str, url: str | None = None) -> SignInResult:
    """Map an identity from the single sign-on provider to the account linked to it."""
    at = db.now()
    with db.session(url) as s:
        account = s.scalar(sa.select(Account).where(Account.sso_subject == subject.strip()))
        if account is None:
            audit.append(
                s, Actor(f"sso:{subject}"), "sign_in", "failed", detail={"reason": "unmapped"}
            )
            return SignInResult(SignIn.BAD_CREDENTIALS)
        if account.disabled:
            audit.append(s, Actor(account.username, account.account_id), "sign_in", "disabled")
            return SignInResult(SignIn.DISABLED)
        return _signed_in(s, account, "sso", at)


def sign_out(account: AccountView, reason: str = "user", url: str | None = None) -> None:
    audit.record(account.actor, "sign_out", detail={"reason": reason}, url=url)
