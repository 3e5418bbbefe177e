"""Sign-in, sessions, and what each role sees or is refused on the pages (AppTest on the
synthetic snapshot; tests/dashboard/signin_helpers.py has the accounts)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from apptest_text import link_targets, metric_values, page_text
from signin_helpers import PASSWORD, sign_in

from dashboards import session
from kpi_warehouse.store import accounts, audit
from kpi_warehouse.store.audit import Actor

OVERVIEW = None
DEPARTMENT = "views/department.py"
PERSON = "views/person.py"
EVIDENCE = "views/evidence.py"
AUDIT = "views/audit_log.py"
REFUSED = ["无权查看 / not permitted"]


def refused(at) -> bool:
    return [e.value for e in at.error] == REFUSED and not at.metric and not at.dataframe


def fresh_account(url: str, roles: list[str], **bindings: str) -> str:
    name = f"u{uuid.uuid4().hex[:8]}"
    accounts.add(Actor("test"), name, roles, PASSWORD, url=url, **bindings)
    return name


def test_nothing_shows_before_sign_in(synthetic_snapshot: Path, app_test):
    at = app_test(PERSON, user=None, period="2026Q1", person="P001")
    assert not at.exception
    assert [t.value for t in at.title] == ["登录"]
    assert not at.metric and not at.sidebar.page_link
    assert "张伟" not in page_text(at)


def test_wrong_password_then_right(synthetic_snapshot: Path, app_test):
    at = app_test(user=None)
    sign_in(at, "admin", "not the password")
    assert [e.value for e in at.error] == ["用户名或密码错误。"]
    sign_in(at, "admin")
    assert "考核总览" in page_text(at)
    assert "当前用户：admin（系统管理员）" in [c.value for c in at.sidebar.caption]


def test_five_failures_lock_the_account(synthetic_snapshot: Path, app_test, dashboard_store_url):
    name = fresh_account(dashboard_store_url, ["staff"], person_id="P002")
    at = app_test(user=None)
    for _ in range(4):
        sign_in(at, name, "wrong password!")
    assert [e.value for e in at.error] == ["用户名或密码错误。"]
    sign_in(at, name, "wrong password!")
    assert at.error[0].value.startswith("登录失败次数过多，账户已锁定至 ")
    sign_in(at, name)  # the right password does not help while locked
    assert at.error[0].value.startswith("登录失败次数过多")


def test_idle_session_expires(synthetic_snapshot: Path, app_test):
    at = app_test()
    assert "考核总览" in page_text(at)
    signed = at.session_state[session.SESSION_KEY]
    signed.last_seen -= session.IDLE_HOURS * 3600 + 1
    at.run()
    assert [t.value for t in at.title] == ["登录"]
    assert "会话已过期，请重新登录。" in page_text(at)


def test_disabled_account_is_signed_out_at_once(synthetic_snapshot: Path, app_test,
                                               dashboard_store_url):  # fmt: skip
    name = fresh_account(dashboard_store_url, ["admin"])
    at = app_test(user=name)
    assert "考核总览" in page_text(at)
    accounts.set_disabled(Actor("test"), name, True, url=dashboard_store_url)
    at.run()
    assert [t.value for t in at.title] == ["登录"]
    assert "该账户已停用，请联系管理员。" in page_text(at)


def test_sign_out(synthetic_snapshot: Path, app_test):
    at = app_test()
    at.sidebar.button(key="auth.signout").click().run()
    assert [t.value for t in at.title] == ["登录"]
    assert "已退出登录。" in page_text(at)


def test_staff_sees_own_scorecard_and_department_totals(synthetic_snapshot: Path, app_test):
    at = app_test(PERSON, user="staff_p002", period="2026Q1")
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["李娜"]  # their own, chosen by default
    assert metric_values(at)["总分"] == "85"
    at = app_test(DEPARTMENT, user="staff_p002", period="2026Q1", org_unit="PRC-C-gongsu")
    assert not at.error
    text = page_text(at)
    for name in ("张伟", "李娜", "王强"):  # the published ranking of the department
        assert name in text
    # Only their own name links to a scorecard.
    assert [link for link in link_targets(at) if link in ("张伟", "李娜", "王强")] == ["李娜"]
    overview = app_test(user="staff_p002", period="2026Q1")
    assert metric_values(overview)["参评人数"] == "3"  # their department only


@pytest.mark.parametrize(
    ("page", "params", "detail"),
    [
        (PERSON, {"period": "2026Q1", "person": "P001"}, "链接中的人员不在您的查看范围内。"),
        (PERSON, {"period": "2026Q1", "person": "P005"}, "链接中的人员不在您的查看范围内。"),
        (DEPARTMENT, {"period": "2026Q1", "org_unit": "PRC-D1-gongsu"},
         "链接中的部门不在您的查看范围内。"),
        (EVIDENCE, {"indicator_score_id": "S-P001-CASE"}, "链接中的指标得分不在您的查看范围内。"),
        (OVERVIEW, {"period": "2030Q1"}, "链接中的考核期间不存在或不在您的查看范围内。"),
        (OVERVIEW, {"procuratorate": "PRC-D1"}, "链接中的检察院不在您的查看范围内。"),
        (AUDIT, {}, "您的角色无权使用此页面。"),
    ],
)  # fmt: skip
def test_staff_links_outside_scope_are_refused(synthetic_snapshot: Path, app_test, page, params,
                                               detail):  # fmt: skip
    at = app_test(page, user="staff_p002", **params)
    assert not at.exception
    assert refused(at), [e.value for e in at.error]
    assert detail in page_text(at)
    assert "张伟" not in page_text(at) and "陈静" not in page_text(at)
    [event] = audit.events(user="staff_p002", action="access_denied", limit=1)
    assert event.outcome == "denied"


def test_department_head_scope(synthetic_snapshot: Path, app_test):
    at = app_test(PERSON, user="head_c", period="2026Q1", person="P003")
    assert not at.error and metric_values(at)["总分"] == "78.25"
    [event] = audit.events(user="head_c", action="scorecard_view", limit=1)
    assert (event.target, event.detail) == ("person:P003", '{"period": "2026Q1"}')
    own = app_test(PERSON, user="head_c", period="2026Q1", person="P001")
    assert not own.error
    assert audit.events(user="head_c", action="scorecard_view", limit=5)[0].target != "person:P001"
    assert refused(app_test(PERSON, user="head_c", period="2026Q1", person="P005"))
    assert refused(app_test(DEPARTMENT, user="head_c", period="2026Q1", org_unit="PRC-C-office"))


def test_leader_sees_the_procuratorate_only(synthetic_snapshot: Path, app_test):
    at = app_test(user="leader_c", period="2026Q1")
    assert metric_values(at)["参评人数"] == "4"  # 张伟, 李娜, 王强, 赵敏
    assert set(link_targets(at)) == {"第一检察部", "办公室"}
    # The synthetic snapshot records no procuratorate above another: PRC-D1 is not below.
    assert refused(app_test(DEPARTMENT, user="leader_c", period="2026Q1",
                            org_unit="PRC-D1-gongsu"))  # fmt: skip


def test_admin_reads_the_audit_log(synthetic_snapshot: Path, app_test):
    app_test(PERSON, user="head_c", period="2026Q1", person="P002")
    at = app_test(AUDIT)
    assert not at.exception and not at.error
    text = page_text(at)
    assert "审计日志" in text and "scorecard_view" in text and "person:P002" in text
