"""Who is signed in: the session's account, its expiry, and signing in and out.

The signed-in account lives in Streamlit's server-side session state (a browser cannot
set it). Every run re-reads the account from the store, so a disabled account or a
changed role takes effect at once; a session ends after IDLE_HOURS without a run or
MAX_HOURS after signing in. A new browser tab or a reload starts a new session (sign in
again) unless single sign-on is configured, whose cookie signs the account in again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

from kpi_warehouse.store import accounts
from kpi_warehouse.store.accounts import AccountView, SignIn, SignInResult
from kpi_warehouse.store.scope import Scope, scope_for

IDLE_HOURS = 8
MAX_HOURS = 12
SESSION_KEY = "auth.session"
SCOPE_KEY = "auth.scope"
NOTICE_KEY = "auth.notice"  # message for the sign-in page: "expired", "signed_out"


@dataclass
class SignedIn:
    account_id: int
    via: str  # password / sso
    signed_in_at: float
    last_seen: float


def _clock() -> float:
    return time.time()


def start(result: SignInResult, via: str) -> None:
    """Keep a successful sign-in in the session."""
    assert result.outcome is SignIn.OK and result.account is not None
    now = _clock()
    st.session_state[SESSION_KEY] = SignedIn(result.account.account_id, via, now, now)
    st.session_state.pop(NOTICE_KEY, None)


def end(reason: str) -> None:
    """Forget the session's account (and say why on the sign-in page)."""
    signed = st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(SCOPE_KEY, None)
    st.session_state[NOTICE_KEY] = reason
    if signed is not None:
        account = accounts.active(signed.account_id)
        if account is not None:
            accounts.sign_out(account, reason)
        if signed.via == "sso":  # also leave the provider's session, or it signs in again
            st.logout()


def current_account() -> AccountView | None:
    """The signed-in, still active account; None (and the session ended) otherwise."""
    signed: SignedIn | None = st.session_state.get(SESSION_KEY)
    if signed is None:
        return None
    now = _clock()
    if now - signed.last_seen > IDLE_HOURS * 3600 or now - signed.signed_in_at > MAX_HOURS * 3600:
        end("expired")
        return None
    account = accounts.active(signed.account_id)
    if account is None:
        end("disabled")
        return None
    signed.last_seen = now
    st.session_state[SCOPE_KEY] = scope_for(account)
    return account


def current_scope() -> Scope | None:
    """The scope of this run's account (set by :func:`current_account`)."""
    return st.session_state.get(SCOPE_KEY)
