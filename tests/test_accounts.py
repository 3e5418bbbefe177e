"""Accounts in the store: argon2 hashes, roles and bindings, lock-out, the append-only
audit log, and the `kpi user` / `kpi audit` verbs."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from kpi_warehouse.store import accounts, audit, db, org_settings
from kpi_warehouse.store.accounts import AccountError, SignIn
from kpi_warehouse.store.audit import Actor
from kpi_warehouse.store.passwords import PasswordRejected
from tests.store_helpers import run_kpi, store_env

OPERATOR = Actor("cli:test")
PASSWORD = "correct horse 42"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("KPI_APP_URL", url)
    return url


def trail(**filters) -> list[tuple]:
    """(actor, action, outcome, target) of the audit log, oldest first."""
    return [(e.actor, e.action, e.outcome, e.target) for e in reversed(audit.events(**filters))]


def test_password_is_stored_as_an_argon2id_hash(store: str):
    accounts.add(OPERATOR, "alice", ["staff"], PASSWORD, person_id="P1")
    with db.engine().connect() as con:
        stored = con.execute(sa.text("SELECT password_hash FROM kpi_account")).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_several_roles_with_person_unit_and_procuratorate(store: str):
    view = accounts.add(
        OPERATOR, "Wang.Li", ["staff", "leader", "analyst"], PASSWORD,
        person_id="P7", org_unit_id="PRC-D1-gongsu", procuratorate_id="PRC-D1",
    )  # fmt: skip
    assert view.username == "wang.li"  # names are case-insensitive, kept in lower case
    assert view.roles == ("analyst", "leader", "staff")
    found = accounts.find("WANG.LI")
    assert (found.person_id, found.org_unit_id, found.procuratorate_id) == (
        "P7",
        "PRC-D1-gongsu",
        "PRC-D1",
    )


@pytest.mark.parametrize(
    ("name", "roles", "password", "error"),
    [
        ("bob", ["boss"], PASSWORD, ValueError),
        ("bob", [], PASSWORD, ValueError),
        ("bob", ["staff"], "short", PasswordRejected),
        ("bobbybobby", ["staff"], "BobbyBobby", PasswordRejected),
        ("b", ["staff"], PASSWORD, AccountError),
        ("bob smith", ["staff"], PASSWORD, AccountError),
    ],
)
def test_bad_accounts_are_refused(store: str, name, roles, password, error):
    with pytest.raises(error):
        accounts.add(OPERATOR, name, roles, password, person_id="P1")
    assert accounts.list_all() == []


def test_duplicate_names_are_refused(store: str):
    accounts.add(OPERATOR, "alice", ["staff"], PASSWORD, person_id="P1")
    with pytest.raises(AccountError):
        accounts.add(OPERATOR, "ALICE", ["admin"], PASSWORD)
    assert [a.roles for a in accounts.list_all()] == [("staff",)]


def test_five_failures_lock_for_fifteen_minutes(store: str, monkeypatch: pytest.MonkeyPatch):
    accounts.add(OPERATOR, "alice", ["staff"], PASSWORD, person_id="P1")
    start = datetime(2026, 5, 4, 9, 0, 0)
    clock = {"now": start}
    monkeypatch.setattr(db, "now", lambda: clock["now"])

    outcomes = [accounts.sign_in("alice", f"wrong {i}").outcome for i in range(4)]
    assert outcomes == [SignIn.BAD_CREDENTIALS] * 4
    fifth = accounts.sign_in("alice", "wrong 5")
    assert fifth.outcome is SignIn.LOCKED
    assert fifth.locked_until == start + timedelta(minutes=15)
    # While locked even the right password is refused, without being checked.
    clock["now"] = start + timedelta(minutes=14, seconds=59)
    assert accounts.sign_in("alice", PASSWORD).outcome is SignIn.LOCKED
    clock["now"] = start + timedelta(minutes=15, seconds=1)
    signed = accounts.sign_in("alice", PASSWORD)
    assert signed.outcome is SignIn.OK and signed.account is not None
    assert signed.account.username == "alice"
    # The count starts again from zero: four more failures do not lock.
    assert [accounts.sign_in("alice", "x").outcome for _ in range(4)] == [
        SignIn.BAD_CREDENTIALS
    ] * 4
    assert accounts.sign_in("alice", PASSWORD).outcome is SignIn.OK
    assert trail(action="account_locked") == [("alice", "account_locked", "ok", "alice")]


def test_new_password_lifts_the_lock(store: str):
    accounts.add(OPERATOR, "alice", ["staff"], PASSWORD, person_id="P1")
    for i in range(5):
        accounts.sign_in("alice", f"wrong {i}")
    assert accounts.find("alice").locked()
    accounts.set_password(OPERATOR, "alice", "another horse 7")
    assert accounts.sign_in("alice", PASSWORD).outcome is SignIn.BAD_CREDENTIALS
    assert accounts.sign_in("alice", "another horse 7").outcome is SignIn.OK


def test_disabled_accounts_and_unknown_names(store: str):
    accounts.add(OPERATOR, "alice", ["staff"], PASSWORD, person_id="P1")
    accounts.set_disabled(OPERATOR, "alice", True)
    # Only the right password learns that the account is disabled.
    assert accounts.sign_in("alice", "wrong password").outcome is SignIn.BAD_CREDENTIALS
    assert accounts.sign_in("alice", PASSWORD).outcome is SignIn.DISABLED
    assert accounts.active(accounts.find("alice").account_id) is None
    assert accounts.sign_in("nobody", PASSWORD).outcome is SignIn.BAD_CREDENTIALS
    accounts.set_disabled(OPERATOR, "alice", False)
    assert accounts.sign_in("alice", PASSWORD).outcome is SignIn.OK
    assert trail() == [
        ("cli:test", "account_add", "ok", "alice"),
        ("cli:test", "account_disable", "ok", "alice"),
        ("alice", "sign_in", "failed", None),
        ("alice", "sign_in", "disabled", None),
        ("nobody", "sign_in", "failed", None),
        ("cli:test", "account_enable", "ok", "alice"),
        ("alice", "sign_in", "ok", None),
    ]


def test_set_roles_keeps_or_replaces_bindings(store: str):
    accounts.add(OPERATOR, "carol", ["staff"], PASSWORD, person_id="P3", org_unit_id="U1")
    view = accounts.set_roles(OPERATOR, "carol", ["dept_head", "staff"])
    assert (view.roles, view.person_id, view.org_unit_id) == (("dept_head", "staff"), "P3", "U1")
    view = accounts.set_roles(OPERATOR, "carol", ["leader"], org_unit_id="", procuratorate_id="C")
    assert (view.roles, view.person_id, view.org_unit_id, view.procuratorate_id) == (
        ("leader",),
        "P3",
        None,
        "C",
    )
    [change] = [e for e in audit.events(action="account_set_role")][:1]
    assert '"before": {"org_unit": "U1"' in change.detail


def test_sso_subject_maps_to_an_account(store: str):
    accounts.add(OPERATOR, "dave", ["analyst"], None, procuratorate_id="C", sso_subject="d@x.cn")
    assert accounts.sign_in_sso("d@x.cn").account.username == "dave"
    assert accounts.sign_in_sso("e@x.cn").outcome is SignIn.BAD_CREDENTIALS
    # An SSO-only account has no password to guess.
    assert accounts.sign_in("dave", "anything at all").outcome is SignIn.BAD_CREDENTIALS


def test_audit_log_is_append_only(store: str):
    audit.record(OPERATOR, "export", target="query.csv", rows=3)
    with db.engine().connect() as con:
        for statement in ("UPDATE kpi_audit_log SET actor = 'x'", "DELETE FROM kpi_audit_log"):
            with pytest.raises(sa.exc.DatabaseError, match="append-only"):
                con.execute(sa.text(statement))
            con.rollback()
    assert trail() == [("cli:test", "export", "ok", "query.csv")]


def test_publication_setting_defaults_on_and_is_audited(store: str):
    assert org_settings.withheld_procuratorates() == ()
    org_settings.set_publish_unit_results(OPERATOR, "PRC-D2", False)
    org_settings.set_publish_unit_results(OPERATOR, "PRC-D3", False)
    org_settings.set_publish_unit_results(OPERATOR, "PRC-D3", True)
    assert org_settings.withheld_procuratorates() == ("PRC-D2",)
    assert [t[3] for t in trail(action="setting_change")] == ["PRC-D2", "PRC-D3", "PRC-D3"]


def test_store_url_follows_the_pipeline_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from kpi_warehouse.config import settings

    monkeypatch.delenv("KPI_APP_URL", raising=False)
    monkeypatch.delenv("KPI_DATA_DIR", raising=False)
    assert db.app_url() == settings().app_url
    monkeypatch.setenv("KPI_DATA_DIR", str(tmp_path))
    assert db.app_url() == settings().app_url == f"sqlite:///{tmp_path}/sources/app.sqlite"
    monkeypatch.setenv("KPI_APP_URL", "postgresql+psycopg://u@h/db")
    assert db.app_url() == settings().app_url


def test_user_and_audit_commands(tmp_path: Path):
    env = store_env(tmp_path)
    add = run_kpi(
        env, "user", "add", "bob", "--role", "leader", "--role", "analyst",
        "--procuratorate", "PRC-D1", "--person", "P00021", "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    assert "bob (analyst leader)" in add.stdout
    missing = run_kpi(env, "user", "add", "eve", "--role", "dept_head", "--password-stdin",
                      stdin=PASSWORD + "\n")  # fmt: skip
    assert missing.returncode == 0
    assert "role dept_head needs --org-unit" in missing.stderr
    assert run_kpi(env, "user", "add", "bob", "--role", "staff", "--password-stdin",
                   stdin=PASSWORD + "\n").returncode == 1  # fmt: skip
    assert run_kpi(env, "user", "set-role", "eve", "--role", "dept_head",
                   "--org-unit", "PRC-D1-gongsu").returncode == 0  # fmt: skip
    assert run_kpi(env, "user", "passwd", "bob", "--password-stdin",
                   stdin="a new horse 99\n").returncode == 0  # fmt: skip
    assert run_kpi(env, "user", "disable", "eve").returncode == 0

    listing = run_kpi(env, "user", "list").stdout.splitlines()
    assert listing[0].split()[:5] == ["username", "roles", "person", "org_unit", "procuratorate"]
    bob = next(line for line in listing if line.split()[0] == "bob")
    assert bob.split()[:5] == ["bob", "analyst", "leader", "P00021", "PRC-D1"]
    eve = next(line for line in listing if line.split()[0] == "eve")
    assert "PRC-D1-gongsu" in eve and "停用/disabled" in eve

    url = f"sqlite:///{tmp_path}/sources/app.sqlite"
    assert accounts.sign_in("bob", "a new horse 99", url=url).outcome is SignIn.OK
    assert accounts.sign_in("eve", PASSWORD, url=url).outcome is SignIn.DISABLED

    log = run_kpi(env, "audit", "--user", "bob", "--csv").stdout.splitlines()
    assert log[0] == "at_utc,actor,action,outcome,target,rows,detail"
    actions = [line.split(",")[1:5] for line in log[1:]]
    user = actions[0][0]
    assert user.startswith("cli:")
    assert actions == [
        [user, "account_add", "ok", "bob"],
        [user, "account_passwd", "ok", "bob"],
        ["bob", "sign_in", "ok", ""],
    ]
    tomorrow = (datetime.now() + timedelta(days=2)).date().isoformat()
    assert "no audit events" in run_kpi(env, "audit", "--since", tomorrow).stdout


def test_demo_accounts_one_per_role_bound_to_city_people():
    from kpi_warehouse.demo.accounts import StaffRow, demo_accounts
    from kpi_warehouse.store.roles import ROLE_IDS

    roster = [
        StaffRow("P1", "PRC-CITY-office", "检察长", "on_post"),
        StaffRow("P2", "PRC-CITY-office", "主任", "on_post"),
        StaffRow("P3", "PRC-CITY-political", "科员", "on_post"),
        StaffRow("P4", "PRC-CITY-gongsu", "处长", "on_post"),
        StaffRow("P5", "PRC-CITY-gongsu", "检察官", "long_leave"),
        StaffRow("P6", "PRC-CITY-gongsu", "检察官助理", "on_post"),
        StaffRow("P7", "PRC-CITY-gongsu", "书记员", "on_post"),
        StaffRow("P8", "PRC-CITY-research", "科员", "on_post"),
        StaffRow("P9", "PRC-D1-gongsu", "科长", "on_post"),
    ]
    got = {a.username: (a.role, a.person_id, a.org_unit_id, a.procuratorate_id)
           for a in demo_accounts(roster)}  # fmt: skip
    assert sorted(got) == sorted(ROLE_IDS)
    assert got == {
        "admin": ("admin", None, None, None),
        "leader": ("leader", "P1", None, "PRC-CITY"),
        "dept_head": ("dept_head", "P4", "PRC-CITY-gongsu", None),
        "staff": ("staff", "P6", None, None),  # on post before the one on long leave
        "clerk": ("clerk", "P7", None, None),
        "reviewer": ("reviewer", "P4", None, None),  # no deputy: the head reviews
        "liaison": ("liaison", "P5", "PRC-CITY-gongsu", None),
        "registry_owner": ("registry_owner", "P2", "PRC-CITY-office", None),
        "appraisal_office": ("appraisal_office", "P3", None, "PRC-CITY"),
        "analyst": ("analyst", "P8", None, "PRC-CITY"),
    }
