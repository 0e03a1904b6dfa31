"""Configuration from environment variables and Streamlit-style secrets.

Precedence: environment variable, then the secrets file, then the built-in default.
The app passes ``st.secrets.to_dict()``; the command line reads the same
``.streamlit/secrets.toml`` itself so both talk to the same database.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import OperatorError


def _project_root() -> Path:
    """The source checkout NeedleWise runs from; for an installed package (which sits among
    other packages, without app.py beside it), the folder the command is started in."""
    checkout = Path(__file__).resolve().parent.parent
    return checkout if (checkout / "app.py").is_file() else Path.cwd()


ROOT = _project_root()
DEFAULT_DATABASE_URL = "sqlite:///data/needlewise.db"
MIN_COOKIE_KEY_BYTES = 32
MAKE_COOKIE_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'
# Values from the project's own examples and the sign-in library's defaults: anyone can
# read them, so a cookie signed with one can be forged by anyone.
PLACEHOLDER_COOKIE_KEYS = frozenset(
    {
        "replace-with-a-long-random-string",
        "a long random string",
        "paste-the-output-of-the-command-here",
        "some_key",
        "some_signature_key",
        "abcdef",
        "changeme",
        "secret",
    }
)
COOKIE_KEY_PLACES = "NEEDLEWISE_COOKIE_KEY or [auth] cookie_key"
# Hosts of the example public_url values shown in the project's examples.
PLACEHOLDER_PUBLIC_HOSTS = frozenset({"your-clinic.streamlit.app"})


class ConfigError(OperatorError):
    """A setting has a value that cannot work; the message says which and why."""


@dataclass(frozen=True)
class Setting:
    """A configured value and where it was set (an environment variable or a secrets key)."""

    value: Any
    where: str


@dataclass(frozen=True)
class Config:
    database_url: str
    content_dir: Path
    quizzes_dir: Path
    cookie_key: str | None
    cookie_name: str
    cookie_expiry_days: float
    max_failed_sign_ins: int
    lockout_minutes: float
    login_sleep_time: float | None
    public_url: str | None
    db_pool_size: int = 5
    db_max_overflow: int = 5
    db_pool_timeout: float = 30.0


def read_secrets_file(cwd: Path | None = None) -> dict[str, Any]:
    """Merge ~/.streamlit/secrets.toml and ./.streamlit/secrets.toml, as Streamlit does."""
    return read_secrets_files(
        [
            Path.home() / ".streamlit" / "secrets.toml",
            (cwd or Path.cwd()) / ".streamlit" / "secrets.toml",
        ]
    )


def read_secrets_files(paths: list[Path]) -> dict[str, Any]:
    """Merge the secrets files that exist, in order; a folder of secrets is Streamlit's to read.

    A file that exists but cannot be read or parsed raises ``ConfigError``: running on the
    defaults instead would put the data in a local file the host may wipe.
    """
    merged: dict[str, Any] = {}
    for path in paths:
        if path.is_dir() or not (path.exists() or path.is_symlink()):
            continue
        try:
            merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"the secrets file {path} is not valid TOML ({exc})") from None
        except OSError as exc:
            raise ConfigError(
                f"the secrets file {path} cannot be read ({exc.strerror or exc})"
            ) from None
    return merged


def load(secrets: dict[str, Any] | None = None, env: dict[str, str] | None = None) -> Config:
    env = dict(os.environ if env is None else env)
    secrets = secrets or {}
    auth = secrets.get("auth", {}) if isinstance(secrets.get("auth"), dict) else {}
    connection = secrets.get("connections", {}).get("needlewise", {})

    def pick(env_name: str, table: str, key: str, default: Any) -> Setting:
        """The value in force and where it was set, so a message can name that place."""
        if env.get(env_name):
            return Setting(env[env_name], env_name)
        found = {"": secrets, "auth": auth, "connections.needlewise": connection}[table].get(key)
        if found is not None:
            return Setting(
                found, f"[{table}] {key} in the secrets" if table else f"{key} in the secrets"
            )
        return Setting(default, f"{env_name} (default)")

    return Config(
        database_url=resolve_sqlite_path(
            str(
                pick(
                    "NEEDLEWISE_DATABASE_URL", "connections.needlewise", "url", DEFAULT_DATABASE_URL
                ).value
            )
        ),
        content_dir=Path(env.get("NEEDLEWISE_CONTENT_DIR") or ROOT / "content"),
        quizzes_dir=Path(env.get("NEEDLEWISE_QUIZZES_DIR") or ROOT / "quizzes"),
        cookie_key=check_cookie_key(pick("NEEDLEWISE_COOKIE_KEY", "auth", "cookie_key", None)),
        cookie_name=str(
            pick("NEEDLEWISE_COOKIE_NAME", "auth", "cookie_name", "needlewise_auth").value
        ),
        cookie_expiry_days=_number(
            pick("NEEDLEWISE_COOKIE_EXPIRY_DAYS", "auth", "cookie_expiry_days", 30), minimum=0
        ),
        max_failed_sign_ins=int(
            _number(
                pick("NEEDLEWISE_MAX_FAILED_SIGN_INS", "auth", "max_failed_sign_ins", 5),
                minimum=1,
            )
        ),
        lockout_minutes=_number(
            pick("NEEDLEWISE_LOCKOUT_MINUTES", "auth", "lockout_minutes", 15), minimum=0
        ),
        login_sleep_time=(
            _number(
                Setting(env["NEEDLEWISE_LOGIN_SLEEP_TIME"], "NEEDLEWISE_LOGIN_SLEEP_TIME"),
                minimum=0,
            )
            if env.get("NEEDLEWISE_LOGIN_SLEEP_TIME")
            else None
        ),
        public_url=check_public_url(pick("NEEDLEWISE_PUBLIC_URL", "", "public_url", None)),
        db_pool_size=int(
            _number(
                pick("NEEDLEWISE_DB_POOL_SIZE", "connections.needlewise", "pool_size", 5),
                minimum=1,
            )
        ),
        db_max_overflow=int(
            _number(
                pick("NEEDLEWISE_DB_MAX_OVERFLOW", "connections.needlewise", "max_overflow", 5),
                minimum=0,
            )
        ),
        db_pool_timeout=_number(
            pick("NEEDLEWISE_DB_POOL_TIMEOUT", "connections.needlewise", "pool_timeout", 30),
            minimum=1,
        ),
    )


def check_cookie_key(key: Any) -> str | None:
    """The configured cookie-signing key, refused when anyone could guess it.

    ``key`` is a ``Setting`` (which names where it was set) or the bare value."""
    setting = key if isinstance(key, Setting) else Setting(key, COOKIE_KEY_PLACES)
    if setting.value is None:
        return None
    value = str(setting.value)
    if value.strip().lower() in PLACEHOLDER_COOKIE_KEYS:
        raise ConfigError(
            f"the cookie key ({setting.where}) is the example "
            "value from the documentation, so anyone could forge a sign-in cookie with it. "
            f"Make a real one with: {MAKE_COOKIE_KEY}"
        )
    if len(value.encode("utf-8")) < MIN_COOKIE_KEY_BYTES:
        raise ConfigError(
            f"the cookie key ({setting.where}) is "
            f"{len(value.encode('utf-8'))} bytes long; it must be at least "
            f"{MIN_COOKIE_KEY_BYTES} random bytes, or sign-in cookies can be forged. "
            f"Make one with: {MAKE_COOKIE_KEY}"
        )
    return value


def check_public_url(setting: Setting) -> str | None:
    """The app's public address, refused when it is an example from the documentation:
    certificates would send their readers to a domain anyone could claim."""
    if setting.value is None:
        return None
    value = str(setting.value)
    host = (urlsplit(value.strip()).hostname or "").lower()
    if host in PLACEHOLDER_PUBLIC_HOSTS:
        raise ConfigError(
            f"the public address ({setting.where}) is the example {value!r} from the "
            "documentation; certificates would send their readers to a site anyone could "
            "claim. Set it to the address people use to reach this app, or leave it out"
        )
    return value


def resolve_sqlite_path(url: str) -> str:
    """Relative SQLite paths are taken from the project folder, wherever the app is started."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/"):
        rest = url[len(prefix) :]
        path, _, query = rest.partition("?")
        if path and path != ":memory:":
            absolute = (ROOT / path).as_posix()
            return prefix + absolute + (f"?{query}" if query else "")
    return url


def _number(setting: Setting, minimum: float) -> float:
    try:
        number = float(setting.value)
    except (TypeError, ValueError):
        raise ConfigError(f"{setting.where} must be a number, not {setting.value!r}") from None
    if number < minimum:
        raise ConfigError(f"{setting.where} must be at least {minimum:g}, not {number:g}")
    return number
