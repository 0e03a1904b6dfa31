"""streamlit-authenticator on credentials built from the database each run.

One ``Authenticate`` is created per script run, in ``app.py`` (through ``resolve``),
before navigation runs. Everything it changes (a new password) is written back to the
database; nothing is ever written to a file.

Two parts of the widget are NeedleWise's own. The "stay signed in" cookie carries the
account's session version (``session_token``) and is checked against the database on
every run, so it can be revoked; a malformed one counts as no cookie. And the password
check of the sign-in form goes through ``sign_in_guard`` first, which counts the attempt
before the password is checked and answers unknown accounts exactly like real ones.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.models import cookie_model
from streamlit_authenticator.utilities import CredentialsError, LoginError, ResetError

from .. import accounts, clock, passwords, session_token, settings, sign_in_guard, sign_ins
from ..accounts import User
from . import browser_cookie
from . import context as context_module
from .context import Context, set_user
from .credentials import for_authenticator

_SIGN_IN = "_nw_sign_in"
_FLASH = "_nw_flash"
# The cookie is written and deleted by a script in the page, which only acts if the run
# that renders it finishes; after a rerun it is rendered again in the next run.
_COOKIE = "_nw_cookie_action"
# The account's session version this session signed in with.
_VERSION = "_nw_session_version"
# The signed-in account and its credentials, reused while ``sign_ins.stamp`` is unchanged.
_ACCOUNT = "_nw_account"
_COOKIE_THIS_RUN = "_nw_cookie_action_this_run"


class PolicyValidator(stauth.Validator):
    """The widget's password rules, replaced by NeedleWise's own."""

    def __init__(self, username: str = "", email: str = ""):
        super().__init__()
        self.username = username
        self.email = email

    def validate_password(self, password: str) -> bool:
        return not passwords.problems(password, self.username, self.email)

    def diagnose_password(self, password: str) -> str:
        return "Choose another password: " + "; ".join(
            passwords.problems(password, self.username, self.email)
        )


class DisabledAccount(Exception):
    pass


class TooSoon(Exception):
    """Failed sign-ins from this client or at this account: the attempt must wait."""

    def __init__(self, wait_seconds: float):
        seconds = math.ceil(wait_seconds)
        super().__init__(
            "Too many failed sign-ins from here or for this account. Wait "
            f"{seconds} second{'s' if seconds != 1 else ''}, then try again."
        )


class NoCookieComponent:
    """Stands in for the sign-in library's cookie manager, which drew a component on every
    run to read all cookies; it answered once after each page load and so reran the page,
    and a click made before the rerun was lost (a lesson link clicked just after a reload
    left the trainee on Course). The cookie is read from the request instead
    (``st.context.cookies``) and written by ``browser_cookie``."""

    def __init__(self, key: str = "init") -> None:
        self.cookies: dict[str, object] = {}


# The library builds its cookie manager inside ``Authenticate``; this is the one it builds.
cookie_model.stx = SimpleNamespace(CookieManager=NoCookieComponent)


class VersionedCookie:
    """Stands in for the widget's cookie controller.

    The widget never signs anyone in from the cookie (``get_cookie`` finds nothing):
    ``resolve`` does, after checking the token's session version against the database.
    The cookie it writes carries that version.
    """

    def __init__(self, key: str, name: str, days: float):
        self._key, self._name, self._days = key, name, days
        self._written = self._deleted = False

    def get_cookie(self) -> None:
        return None

    def set_cookie(self) -> None:
        username, version = st.session_state.get("username"), st.session_state.get(_VERSION)
        if self._days == 0 or self._written or not username or version is None:
            return
        now = clock.now()
        token = session_token.encode(username, version, self._key, self._days, now)
        self._written = True
        browser_cookie.write(self._name, token, now + timedelta(days=self._days))

    def delete_cookie(self) -> None:
        if not self._deleted:
            self._deleted = True
            browser_cookie.delete(self._name)


@dataclass
class SignIn:
    authenticator: stauth.Authenticate
    credentials: dict
    cookie_key: str


FLASH_SECONDS = 15


def flash(message: str, page: str | None = None) -> None:
    """A message for the next page the visitor sees, or, with ``page``, for that page only.

    A message for any page lasts a few seconds rather than one run, because the component
    that writes or deletes the cookie reruns the page once when it has, which would
    otherwise wipe the message before it is read. A message for one page is shown once,
    there, and dropped as soon as another page asks for its messages: it never turns up
    stale elsewhere.
    """
    st.session_state[_FLASH] = (message, time.monotonic(), page)


def take_flash(page: str | None = None) -> str | None:
    """The message waiting for this page: with ``page``, only one set for that page."""
    found = st.session_state.get(_FLASH)
    if found is None:
        return None
    message, created, target = found
    if target is not None:
        del st.session_state[_FLASH]
        return message if target == page else None
    if page is not None:
        return None  # a message for "the next page" belongs to the sign-in pages
    if time.monotonic() - created > FLASH_SECONDS:
        del st.session_state[_FLASH]
        return None
    return message


def _create(context: Context, credentials: dict | None = None) -> SignIn:
    config = context.config
    username = st.session_state.get("username")
    signed_in = st.session_state.get("authentication_status") is True and username
    if credentials is None:
        credentials = for_authenticator(context.engine, only=username if signed_in else None)
    user = credentials["usernames"].get(username or "", {})
    extra = {}
    if config.login_sleep_time is not None:
        extra["login_sleep_time"] = config.login_sleep_time
    key = config.cookie_key or settings.cookie_key(context.engine)
    authenticator = stauth.Authenticate(
        credentials,
        cookie_name=config.cookie_name,
        cookie_key=key,
        cookie_expiry_days=config.cookie_expiry_days,
        validator=PolicyValidator(username or "", user.get("email", "")),
        auto_hash=False,
        **extra,
    )
    authenticator.cookie_controller = VersionedCookie(
        key, config.cookie_name, config.cookie_expiry_days
    )
    sign_in = SignIn(authenticator, credentials, key)
    st.session_state[_SIGN_IN] = sign_in
    return sign_in


def current() -> SignIn:
    return st.session_state[_SIGN_IN]


def _still_current(context: Context) -> tuple[User, dict] | None:
    """This session's account and credentials from an earlier run, if one indexed query
    shows the account row unchanged since (same session version, name, email, flags)."""
    cached = st.session_state.get(_ACCOUNT)
    username = st.session_state.get("username")
    if cached is None or st.session_state.get("authentication_status") is not True:
        return None
    user = cached[0]
    if user.username != username:
        return None
    found = sign_ins.stamp(context.engine, username)
    return cached if found == sign_ins.stamp_of(user) else None


def resolve(context: Context) -> tuple[str, User | None]:
    """Who is visiting: ``setup``, ``signed_out``, ``must_change_password`` or ``signed_in``."""
    cached = _still_current(context)
    if cached is None:
        st.session_state.pop(_ACCOUNT, None)
    # A cached account was found in the database this run, so set-up is long done.
    if cached is None and accounts.count_users(context.engine) == 0:
        set_user(None)
        return "setup", None
    sign_in = _create(context, cached[1] if cached else None)
    cookies = sign_in.authenticator.cookie_controller
    pending = st.session_state.pop(_COOKIE, None)
    st.session_state[_COOKIE_THIS_RUN] = pending
    if pending == "delete":
        cookies.delete_cookie()
    authenticated = st.session_state.get("authentication_status") is True
    if pending == "set" and authenticated:
        cookies.set_cookie()
    if not authenticated and not st.session_state.get("logout"):
        authenticated = _sign_in_from_cookie(context, sign_in)
    if not authenticated:
        set_user(None)
        return "signed_out", None
    user: User | None
    if cached is not None and cached[0].username == st.session_state.get("username"):
        user = cached[0]
    else:
        user = accounts.get(context.engine, st.session_state.get("username") or "")
    ended = _why_ended(None if user is None else sign_ins.stamp_of(user))
    if ended:
        sign_out(sign_in, everywhere=False)
        flash(ended)
        return "signed_out", None
    assert user is not None  # an account that is gone has ended the session
    st.session_state["roles"] = list(user.roles)
    st.session_state["name"] = user.name
    set_user(user)
    st.session_state[_ACCOUNT] = (user, sign_in.credentials)
    if user.must_change_password:
        return "must_change_password", user
    return "signed_in", user


def _why_ended(stamp: tuple | None) -> str | None:
    """Why this signed-in session has ended, given its account's ``sign_ins.stamp`` as the
    database has it now (None: the account is gone); None while the session holds."""
    if stamp is None or stamp[1]:  # gone, or disabled
        return "This account has been disabled. Ask your clinic administrator if this is a mistake."
    version = stamp[0]
    # A session simulated in tests has no version yet; every real sign-in records one.
    if st.session_state.setdefault(_VERSION, version) != version:
        return (
            "You have been signed out: this account signed out elsewhere, or its password "
            "or roles changed. Please sign in again."
        )
    return None


def still_signed_in(context: Context) -> bool:
    """Whether this session's sign-in still holds, checked as ``resolve`` checks it, from
    one indexed read: for what runs before ``resolve`` (a widget's callback) or without it
    (a fragment's rerun) and must not act for a session that ended elsewhere. The next
    full run signs the session out and says why."""
    username = st.session_state.get("username")
    if st.session_state.get("authentication_status") is not True or not username:
        return False
    return _why_ended(sign_ins.stamp(context.engine, username)) is None


def _sign_in_from_cookie(context: Context, sign_in: SignIn) -> bool:
    """Sign in from a valid, current cookie; forget any other cookie. True if signed in."""
    token = st.context.cookies.get(context.config.cookie_name)
    if not isinstance(token, str) or not token:
        return False
    claims = session_token.decode(token, sign_in.cookie_key, clock.now())
    user = accounts.get(context.engine, claims.username) if claims else None
    if (
        claims is None
        or user is None
        or user.disabled
        or user.session_version != claims.session_version
    ):
        sign_in.authenticator.cookie_controller.delete_cookie()
        flash("Your saved sign-in has expired or is no longer valid; please sign in again.")
        return False
    st.session_state["email"] = user.email
    st.session_state["name"] = user.name
    st.session_state["roles"] = list(user.roles)
    st.session_state["username"] = user.username
    st.session_state["authentication_status"] = True
    st.session_state[_VERSION] = user.session_version
    return True


def carry_cookie_action() -> None:
    """Hand this run's cookie write or delete to the next run, before leaving this one
    early (a page switch), since the component only acts when its run finishes."""
    pending = st.session_state.get(_COOKIE_THIS_RUN)
    if pending is not None:
        st.session_state[_COOKIE] = pending


def keep_session(version: int) -> None:
    """After this session changed the account's password: keep it signed in under the new
    session version (every other session ended) and rewrite its cookie on the next run."""
    st.session_state[_VERSION] = version
    st.session_state[_COOKIE] = "set"


def start_session(user: User) -> None:
    """Sign in someone who proved who they are on this very page (the set-up form), as
    the sign-in form does: session keys now, the cookie on the next run."""
    st.session_state.update(
        authentication_status=True,
        username=user.username,
        name=user.name,
        email=user.email,
        roles=list(user.roles),
        logout=None,
    )
    st.session_state[_VERSION] = user.session_version
    sign_ins.record_sign_in(context_module.current().engine, user.username)
    st.session_state[_COOKIE] = "set"


def _clear_session() -> None:
    for key in ("name", "username", "authentication_status", "email", "roles"):
        st.session_state[key] = None


def sign_out(sign_in: SignIn | None = None, *, everywhere: bool = True) -> None:
    """Sign out and forget the cookie (deleted in the browser on the next run).

    ``everywhere`` (the sign-out button) also ends the account's other sessions and
    makes every copy of its cookie worthless.
    """
    sign_in = sign_in or current()
    username = st.session_state.get("username")
    if everywhere and username:
        sign_ins.end_sessions(context_module.current().engine, username)
    if st.session_state.get("authentication_status"):
        sign_in.authenticator.logout(location="unrendered")
    st.session_state[_COOKIE] = "delete"
    st.session_state.pop(_VERSION, None)
    st.session_state.pop(_ACCOUNT, None)
    set_user(None)


def _guarded_check(context: Context):
    """The form's password check: counted first, then the same work for every name."""
    config = context.config
    policy = sign_in_guard.Policy(
        free=config.max_failed_sign_ins, longest_wait=timedelta(minutes=config.lockout_minutes)
    )
    peer = st.context.ip_address
    headers = st.context.headers
    client = sign_in_guard.client_address(
        peer if isinstance(peer, str) else None,
        headers if isinstance(headers, Mapping) else {},
    )

    def check(username: str, password: str) -> bool:
        verdict = sign_in_guard.begin(context.engine, username, client, policy)
        if not verdict.allowed:
            raise TooSoon(verdict.wait_seconds)
        stored = accounts.password_hash(context.engine, username)
        if passwords.verify_account(password, stored):
            sign_in_guard.succeeded(context.engine, username, client)
            return True
        reason = "wrong password" if stored is not None else "no such account"
        sign_in_guard.failed(context.engine, username, client, reason)
        return False

    return check


def sign_in_form(context: Context) -> None:
    """The sign-in form; failed attempts slow down further ones (see sign_in_guard)."""
    sign_in = current()
    engine = context.engine
    model = sign_in.authenticator.authentication_controller.authentication_model
    model.check_credentials = _guarded_check(context)

    def on_success(details: dict) -> None:
        found = accounts.get(engine, details["username"])
        if found is None or found.disabled:
            raise DisabledAccount
        st.session_state[_VERSION] = found.session_version

    try:
        sign_in.authenticator.login(
            location="main",
            key="sign_in",
            fields={
                "Form name": "Sign in",
                "Username": "Username",
                "Password": "Password",
                "Login": "Sign in",
            },
            callback=on_success,
        )
    except DisabledAccount:
        _clear_session()
        st.error(
            "This account has been disabled. Ask your clinic administrator if this is a mistake."
        )
        return
    except (TooSoon, LoginError) as exc:
        st.error(str(exc))
        return
    status = st.session_state.get("authentication_status")
    if status is True:
        sign_ins.record_sign_in(engine, st.session_state["username"])
        st.session_state[_COOKIE] = "set"
        st.rerun()
    elif status is False:
        st.error("That username or password is not right.")


def change_password_form(user: User, *, key: str) -> bool:
    """The widget's password form; the new hash is saved to the database. True on success."""
    sign_in = current()
    try:
        changed = sign_in.authenticator.reset_password(
            user.username,
            key=key,
            fields={
                "Form name": "Change password",
                "Current password": "Current password",
                "New password": "New password",
                "Repeat password": "Repeat new password",
                "Reset": "Change password",
            },
        )
    except CredentialsError:
        st.error("The current password is not right.")
        return False
    except ResetError as exc:
        st.error(str(exc))
        return False
    if changed:
        new_hash = sign_in.credentials["usernames"][user.username]["password"]
        engine = context_module.current().engine
        # Other sessions and copied cookies end; this one continues with a new cookie.
        st.session_state[_VERSION] = accounts.store_password_hash(engine, user.username, new_hash)
        st.session_state[_COOKIE] = "set"
        return True
    return False
