"""The sign-in page: username and password, or single sign-on when it is configured.

Single sign-on uses Streamlit's ``st.login`` (OpenID Connect), configured in
``.streamlit/secrets.toml`` (``[auth]``, never committed). The identity's claim named by
``[kpi] sso_claim`` (default ``email``) must equal an account's ``--sso-subject``.
"""

from __future__ import annotations

from datetime import UTC

import streamlit as st

from dashboards import session
from dashboards.i18n import t
from kpi_warehouse.store import accounts
from kpi_warehouse.store.accounts import SignIn

MESSAGES = {
    SignIn.BAD_CREDENTIALS: "auth.bad",
    SignIn.DISABLED: "auth.disabled",
}


def sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def sso_claim() -> str:
    try:
        return str(st.secrets.get("kpi", {}).get("sso_claim", "email"))
    except Exception:
        return "email"


def _local_time(value) -> str:
    return value.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def _password_form() -> None:
    with st.form("signin", clear_on_submit=False):
        username = st.text_input(t("auth.username"), key="signin.username")
        password = st.text_input(t("auth.password"), type="password", key="signin.password")
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if not submitted:
        return
    if not username.strip() or not password:
        st.error(t("auth.missing"))
        return
    result = accounts.sign_in(username, password)
    st.session_state.pop("signin.password", None)
    if result.outcome is SignIn.OK:
        session.start(result, "password")
        st.rerun()
    elif result.outcome is SignIn.LOCKED:
        st.error(t("auth.locked", until=_local_time(result.locked_until)))
    else:
        st.error(t(MESSAGES[result.outcome]))


def _single_sign_on() -> None:
    user = st.user
    if not user.is_logged_in:
        if st.button(t("auth.sso"), icon=":material/key:"):
            st.login()
        return
    subject = str(user.get(sso_claim()) or "")
    result = accounts.sign_in_sso(subject) if subject else None
    if result is not None and result.outcome is SignIn.OK:
        session.start(result, "sso")
        st.rerun()
    key = "auth.disabled" if result and result.outcome is SignIn.DISABLED else "auth.sso_unmapped"
    st.error(t(key, subject=subject))
    if st.button(t("auth.sso_signout")):
        st.logout()


def render() -> None:
    """The whole sign-in page (shown instead of any other page until signed in)."""
    st.title(t("auth.title"))
    notice = st.session_state.get(session.NOTICE_KEY)
    if notice in ("expired", "signed_out", "disabled"):
        st.info(t(f"auth.notice.{notice}"))
    if sso_configured():
        _single_sign_on()
        st.divider()
    _password_form()
