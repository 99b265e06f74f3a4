"""Who is using the app: an identity from the province's OpenID Connect provider (Streamlit's st.login) mapped to a
stored user by e-mail, or a built-in account (danvan.store.accounts) whose session token lives in a cookie.

The core decides what a user may do (danvan.store.authz); this module only finds the user, draws the sign-in and
sign-out, and keeps pages from drawing what their user could not use anyway.
"""

from __future__ import annotations

import json
import os

import streamlit as st

from danvan.grammar.i18n import t
from danvan.store.accounts import SignInError, create_session, end_session, session_user, sign_in, user_for_email
from danvan.store.authz import User, allowed
from ui.store import query, reading, unit_index, writing
from ui.text import plain

COOKIE = "danvan_session"
COOKIE_MAX_AGE = 12 * 3600  # the store's sessions last 12 hours too
TOKEN = "_danvan_token"  # this browser session's token (session state is server-side only)
_COOKIE_PENDING = "_danvan_cookie"  # a cookie value (or "" to clear) the next sidebar draw writes
_SIGNED_OUT = "_danvan_signed_out"  # ignore the cookie this session's first request carried


def _secrets_section(name: str) -> dict:
    return dict(st.secrets.get(name) or {}) if st.secrets.load_if_toml_exists() else {}


def anonymous_read() -> bool:
    """Whether visitors who have not signed in may read (default: no). Env DANVAN_ANONYMOUS_READ=1 or
    `[danvan] anonymous_read = true` in .streamlit/secrets.toml."""
    env = os.environ.get("DANVAN_ANONYMOUS_READ")
    if env is not None:
        return env.strip().lower() in ("1", "true", "yes", "on")
    return bool(_secrets_section("danvan").get("anonymous_read", False))


def oidc_configured() -> bool:
    """An `[auth]` section in the secrets: the province's identity provider is plugged in."""
    return bool(_secrets_section("auth"))


def _oidc_email() -> str | None:
    if not (oidc_configured() and st.user.get("is_logged_in")):
        return None
    return str(st.user.get("email") or "")


def _cookie() -> str | None:
    """The session cookie of this browser session's first request (a reload); none outside a browser."""
    value = st.context.cookies.get(COOKIE) if st.runtime.exists() else None
    return value if isinstance(value, str) else None


def current_user() -> User | None:
    """The signed-in user, checked against the store on every run (a disabled account or an ended session stops
    at the next click): the built-in session first (this session's token, or the cookie a reload carried), then
    the OIDC identity by e-mail. None = nobody (or an OIDC identity the store does not know)."""
    state = st.session_state
    token = state.get(TOKEN) or (None if state.get(_SIGNED_OUT) else _cookie())
    if token:
        with reading() as cursor:
            user = session_user(cursor, token)
        if user is not None:
            state[TOKEN] = token
            return user
        state.pop(TOKEN, None)
    email = _oidc_email()
    if email:
        with reading() as cursor:
            return user_for_email(cursor, email)
    return None


def role_name(user: User, L: str) -> str:
    return t(f"role_{user.role}", L)


def scope_name(scope_key: str | None, L: str) -> str:
    """The scope's unit as people name it (the whole country when there is none)."""
    if scope_key is None:
        return t("scope_all", L)
    unit = unit_index().by_key.get(scope_key)
    return unit.name if unit else scope_key


# --------------------------------------------------------------------------------------------- cookie

def _write_cookie(value: str) -> None:
    """Set (or, with "", clear) the session cookie in the browser. Streamlit 1.67 reads cookies (st.context.cookies)
    but has no way to set one, so a script run in the page itself (st.html, not an iframe) writes it."""
    age = COOKIE_MAX_AGE if value else 0
    script = (f"document.cookie = {json.dumps(COOKIE)} + '=' + {json.dumps(value)} + "
              f"'; path=/; max-age={age}; SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');")
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


# --------------------------------------------------------------------------------------------- sign-in, sign-out

def _sign_in(username: str, password: str, L: str) -> None:
    if not username or not password:
        st.error(t("auth_need_both", L))
        return
    try:
        with writing(L) as cursor:  # a failure is recorded (slows and locks); a success starts a session
            user = sign_in(cursor, username, password)
            token = create_session(cursor, user)
    except SignInError as exc:
        st.error(plain(exc))
        return
    state = st.session_state
    state[TOKEN] = state[_COOKIE_PENDING] = token
    state.pop(_SIGNED_OUT, None)
    st.rerun()


def sign_in_panel(L: str) -> None:
    """The province's sign-in button (when configured) and the built-in account form."""
    email = _oidc_email()
    if email is not None:  # signed in at the province, but no stored user has that e-mail
        st.error(t("auth_unknown_email", L, email=plain(email)) if email else t("auth_no_email", L))
        if st.button(t("auth_sign_out", L), key="auth_oidc_out"):
            st.logout()
        return
    if oidc_configured():
        if st.button(t("auth_oidc", L), type="primary", key="auth_oidc"):
            st.login()
        st.caption(t("auth_or_local", L))
    if not query("admin_count").item():  # a fresh store (`make run`): say how the first administrator is made
        st.warning(t("auth_no_admin", L))
    with st.form("auth_form", clear_on_submit=True):  # the password never stays in session state
        username = st.text_input(t("auth_username", L), key="auth_username")
        password = st.text_input(t("auth_password", L), type="password", key="auth_password")
        submitted = st.form_submit_button(t("auth_submit", L))
    if submitted:
        _sign_in(username.strip(), password, L)


def sign_out(user: User) -> None:
    """End the built-in session (the token is dead even if the cookie lingers) and clear the cookie; an OIDC
    identity signs out through Streamlit (its cookie, then the provider's end-session page)."""
    state = st.session_state
    token = state.pop(TOKEN, None)
    if token:
        with writing() as cursor:
            end_session(cursor, token)
    state[_SIGNED_OUT] = True
    state[_COOKIE_PENDING] = ""
    if user.source == "oidc" or _oidc_email():
        st.logout()
    else:
        st.rerun()


def sidebar(user: User | None, L: str) -> None:
    """Who is signed in (name, role, scope) and the sign-out button; writes a cookie the last sign-in asked for."""
    pending = st.session_state.pop(_COOKIE_PENDING, None)
    with st.sidebar:
        if pending is not None:
            _write_cookie(pending)
        if user is None:
            return
        st.markdown(t("auth_signed_in_as", L, name=plain(user.display_name or user.username)))
        st.caption(t("auth_role_scope", L, role=role_name(user, L), scope=plain(scope_name(user.scope_key, L))))
        if st.button(t("auth_sign_out", L), key="auth_sign_out"):
            sign_out(user)


# --------------------------------------------------------------------------------------------- pages

def require(action: str, L: str) -> User | None:
    """The page's user if they may `action`; otherwise the page shows the sign-in (or a refusal) and stops.
    Reading needs no user when anonymous reading is on (then None is returned)."""
    user = current_user()
    if user is None:
        if action == "read" and anonymous_read():
            return None
        st.info(t("auth_prompt", L))
        sign_in_panel(L)
        st.stop()
    if not allowed(user, action):
        st.error(t("auth_not_allowed", L, user=plain(user.username), role=role_name(user, L),
                   action=t(f"authz_action_{action}", L)))
        st.stop()
    return user


def unit_choice(label: str, key: str, L: str, none_label: str, current: str | None = None) -> str | None:
    """A unit of either era picked by typing part of its name (the selectbox searches its options); None = the
    `none_label` choice (the whole country, or any unit)."""
    units = unit_index().units
    names = {u.unit_key: u.name for u in units}
    label_of = {u.unit_key: f"{u.name} — {t(f'level_short_{u.level}', L)}"
                            f"{', ' + names[u.parent_key] if u.parent_key in names else ''} ({t(f'era_{u.era}', L)})"
                for u in units}
    options = [""] + sorted(label_of, key=lambda k: (label_of[k].lower(), k))
    chosen = st.selectbox(label, options, index=options.index(current) if current in label_of else 0, key=key,
                          format_func=lambda k: label_of.get(k, none_label))
    return chosen or None
