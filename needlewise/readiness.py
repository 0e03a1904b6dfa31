"""Is this copy of NeedleWise fit to serve? The answer a load balancer or orchestrator asks for.

Streamlit's own ``/_stcore/health`` only says the web server runs; a copy whose database
password is wrong, whose database was never migrated, or whose code is older than the
schema is "healthy" there but cannot serve anyone. ``check`` opens the database, compares
its schema with the one this code expects and names the content this copy serves, so an
operator can tell copies apart during a deploy.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy.engine import make_url

from .config import Config, ConfigError
from .store import PoolLimits, StoreError
from .store.engine import check_connection, create, normalise_url, safe_url
from .store.migrate import status

# A readiness probe must answer within the balancer's timeout, not TCP's minutes.
CONNECT_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reason: str
    content: str
    schema: str | None = None

    def line(self) -> str:
        """The one line ``python -m needlewise ready`` prints."""
        if self.ready:
            return f"ready (schema {self.schema}, content {self.content})"
        return f"not ready: {self.reason} (content {self.content})"


def content_version(*folders: Path) -> str:
    """A short digest of every file's path (relative to its folder) and bytes: two copies
    with the same files report the same version whatever their clocks or checkout paths."""
    digest = hashlib.sha256()
    for folder in folders:
        found = []
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
            found += [Path(root, name) for name in files if not name.startswith(".")]
        digest.update(f"{folder.name}\0".encode())
        for path in sorted(found):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            digest.update(f"{path.relative_to(folder).as_posix()}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()[:12]


def check(config: Config) -> Readiness:
    """Ready only when the database answers and its schema is this code's head."""
    content = content_version(config.content_dir, config.quizzes_dir)
    url = normalise_url(config.database_url)
    try:
        parsed = make_url(url)
    except Exception:  # create() below names the problem
        parsed = None
    if parsed is not None and parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not Path(database).exists():
            return Readiness(
                False,
                f"the database file {database} does not exist yet; "
                "run `python -m needlewise migrate`",
                content,
            )
    elif parsed is not None and "connect_timeout" not in parsed.query:
        timed = parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_SECONDS)})
        url = timed.render_as_string(hide_password=False)
    try:
        engine = create(url, PoolLimits(size=1, overflow=0, timeout=CONNECT_TIMEOUT_SECONDS))
    except StoreError as exc:
        return Readiness(False, str(exc), content)
    try:
        check_connection(engine)
        schema = status(engine)
    except StoreError as exc:
        return Readiness(False, str(exc), content)
    except Exception as exc:  # any driver failure means "not ready"; the line says which
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return Readiness(False, f"{safe_url(url)}: {reason}", content)
    finally:
        engine.dispose()
    if schema.state != "current":
        return Readiness(False, schema.reason(), content)
    return Readiness(True, "", content, schema.found)


def serve(config_loader: Callable[[], Config], host: str, port: int) -> None:
    """Answer every GET with the readiness line: 200 when ready, 503 when not.

    For balancers that can only probe over HTTP (Caddy, HAProxy, cloud load balancers,
    Kubernetes ``httpGet``). The check runs at most once a second, however often it is asked.
    """
    lock = threading.Lock()
    last: list[tuple[float, Readiness]] = []

    def current() -> Readiness:
        with lock:
            if not last or time.monotonic() - last[0][0] >= 1.0:
                try:
                    result = check(config_loader())
                except ConfigError as exc:
                    result = Readiness(False, f"configuration error: {exc}", "unknown")
                last[:] = [(time.monotonic(), result)]
            return last[0][1]

    class Probe(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            result = current()
            body = (result.line() + "\n").encode()
            self.send_response(200 if result.ready else 503)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            """Probes arrive every few seconds; logging each would drown the log."""

    with ThreadingHTTPServer((host, port), Probe) as server:
        server.serve_forever()
