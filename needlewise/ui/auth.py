"""streamlit-authenticator on credentials built from the database each run.

One ``Authenticate`` is created per script run, in ``app.py`` (through ``resolve``),
before navigation runs. Everything it changes (failed sign-ins, a new password) is
written back to the database; nothing is ever written to a file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

import jwt
import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import CredentialsError, LoginError, ResetError

from .. import accounts, passwords, settings
from ..accounts import User
from . import context as context_module
from .context import Context, set_user

_SIGN_IN = "_nw_sign_in"
_FLASH = "_nw_flash"
# The cookie is written and deleted by a browser component, which only acts if the run
# that renders it finishes; after a rerun it is rendered again in the next run.
_COOKIE = "_nw_cookie_action"
_COOKIE_THIS_RUN = "_nw_cookie_action_this_run"
LOCKED = "Maximum number of login attempts exceeded"


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


@dataclass
class SignIn:
    authenticator: stauth.Authenticate
    credentials: dict
    baseline: dict[str, int]


FLASH_SECONDS = 15


def flash(message: str) -> None:
    """A message for the next page the visitor sees.

    It lasts a few seconds rather than one run, because the cookie component reruns the
    page once as it loads, which would otherwise wipe the message before it is read.
    """
    st.session_state[_FLASH] = (message, time.monotonic())


def take_flash() -> str | None:
    found = st.session_state.get(_FLASH)
    if found is None:
        return None
    message, created = found
    if time.monotonic() - created > FLASH_SECONDS:
        del st.session_state[_FLASH]
        return None
    return message


def _create(context: Context) -> SignIn:
    config = context.config
    username = st.session_state.get("username")
    signed_in = st.session_state.get("authentication_status") is True and username
    credentials = accounts.credentials(
        context.engine, config.max_failed_sign_ins, only=username if signed_in else None
    )
    user = credentials["usernames"].get(username or "", {})
    extra = {}
    if config.login_sleep_time is not None:
        extra["login_sleep_time"] = config.login_sleep_time
    authenticator = stauth.Authenticate(
        credentials,
        cookie_name=config.cookie_name,
        cookie_key=config.cookie_key or settings.cookie_key(context.engine),
        cookie_expiry_days=config.cookie_expiry_days,
        validator=PolicyValidator(username or "", user.get("email", "")),
        auto_hash=False,
        **extra,
    )
    baseline = {
        name: entry.get("failed_login_attempts", 0)
        for name, entry in credentials["usernames"].items()
    }
    sign_in = SignIn(authenticator, credentials, baseline)
    st.session_state[_SIGN_IN] = sign_in
    return sign_in


def current() -> SignIn:
    return st.session_state[_SIGN_IN]


def resolve(context: Context) -> tuple[str, User | None]:
    """Who is visiting: ``setup``, ``signed_out``, ``must_change_password`` or ``signed_in``."""
    # Created even before set-up: the cookie component's first answer reruns the page,
    # and that rerun must not fall on the run that writes the new admin's cookie.
    sign_in = _create(context)
    if accounts.count_users(context.engine) == 0:
        set_user(None)
        return "setup", None
    pending = st.session_state.pop(_COOKIE, None)
    st.session_state[_COOKIE_THIS_RUN] = pending
    if pending == "delete":
        sign_in.authenticator.cookie_controller.delete_cookie()
    authenticated = st.session_state.get("authentication_status") is True
    if pending == "set" and authenticated:
        sign_in.authenticator.cookie_controller.set_cookie()
    token = st.context.cookies.get(context.config.cookie_name)
    cookie_present = isinstance(token, str) and bool(token)
    if not authenticated and cookie_present and not st.session_state.get("logout"):
        try:
            sign_in.authenticator.login(location="unrendered")
        except (LoginError, jwt.PyJWTError):
            _clear_session()
        if st.session_state.get("authentication_status") is not True:
            flash("Your saved sign-in has expired or is no longer valid; please sign in again.")
        authenticated = st.session_state.get("authentication_status") is True
    if not authenticated:
        set_user(None)
        return "signed_out", None
    user = accounts.get(context.engine, st.session_state.get("username") or "")
    if user is None or user.disabled:
        sign_out(sign_in)
        flash("This account has been disabled. Ask your clinic administrator if this is a mistake.")
        return "signed_out", None
    st.session_state["roles"] = list(user.roles)
    st.session_state["name"] = user.name
    set_user(user)
    if user.must_change_password:
        return "must_change_password", user
    return "signed_in", user


def carry_cookie_action() -> None:
    """Hand this run's cookie write or delete to the next run, before leaving this one
    early (a page switch), since the component only acts when its run finishes."""
    pending = st.session_state.get(_COOKIE_THIS_RUN)
    if pending is not None:
        st.session_state[_COOKIE] = pending


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
    accounts.record_sign_in(context_module.current().engine, user.username)
    st.session_state[_COOKIE] = "set"


def _clear_session() -> None:
    for key in ("name", "username", "authentication_status", "email", "roles"):
        st.session_state[key] = None


def sign_out(sign_in: SignIn | None = None) -> None:
    """Sign out and forget the cookie (deleted in the browser on the next run)."""
    sign_in = sign_in or current()
    if st.session_state.get("authentication_status"):
        sign_in.authenticator.logout(location="unrendered")
    st.session_state[_COOKIE] = "delete"
    set_user(None)


def sign_in_form(context: Context) -> None:
    """The sign-in form, with lock-outs counted in the database."""
    sign_in = current()
    config = context.config
    engine = context.engine

    def on_success(details: dict) -> None:
        found = accounts.get(engine, details["username"])
        if found is None or found.disabled:
            raise DisabledAccount

    locked_message = (
        "This account is locked after too many failed sign-ins. Try again in "
        f"{config.lockout_minutes:g} minutes, or ask an administrator to unlock it."
    )
    try:
        sign_in.authenticator.login(
            location="main",
            max_login_attempts=config.max_failed_sign_ins,
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
    except LoginError as exc:
        st.error(locked_message if LOCKED in str(exc) else str(exc))
        return
    for username, entry in sign_in.credentials["usernames"].items():
        if entry.get("failed_login_attempts", 0) > sign_in.baseline.get(username, 0):
            locked_until = accounts.record_failed_sign_in(
                engine,
                username,
                max_failures=config.max_failed_sign_ins,
                lockout=timedelta(minutes=config.lockout_minutes),
            )
            if locked_until is not None:
                st.session_state["authentication_status"] = None
                st.error(locked_message)
                return
    status = st.session_state.get("authentication_status")
    if status is True:
        accounts.record_sign_in(engine, st.session_state["username"])
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
        accounts.store_password_hash(context_module.current().engine, user.username, new_hash)
        return True
    return False
