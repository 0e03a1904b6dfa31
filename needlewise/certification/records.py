"""Certificates: issued on completion, verifiable by anyone, expiring, revocable.

A certificate's code is 192 random bits (32 URL-safe characters): it cannot be guessed,
and the verification page answers only for the exact code, so codes cannot be listed.
What a certificate says is frozen in a snapshot when it is issued, its dates included:
they are calendar days in the clinic's time zone of that moment (kept in the snapshot),
and every page shows a certificate's dates from there, so the PDF, the trainee's page, the
verification page and the Certificates page name the same days.

A certificate is revoked only by an administrator, with a reason. When a sign-off it lists
is revoked afterwards, the certificate is not revoked with it: it stays valid, and every
page that shows it (the public verification page included) says it is under review and
which competency was withdrawn, until an administrator decides. A revoked certificate
stays revoked; what may follow it is a new certificate with a new code (see ``issuing``).

Each trainee's certificates are numbered in the order they were issued, and the database
holds one certificate per trainee and number: a new one takes the number after the latest
one its issuer read when deciding to issue it, so of two issues decided at the same moment
(the trainee's page in two tabs, or an administrator's re-issue and the trainee's page) the
second stores nothing (``IssuedMeanwhile``).
"""

from __future__ import annotations

import calendar
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit, clock, free_text
from ..access import ALL_PAGES
from ..accounts import User
from ..acting import ADMINISTERING, require
from ..display import local
from ..errors import CertificateError
from ..store.engine import transaction
from ..store.schema import certificates, users
from . import signoffs
from .signoffs import SignOff

CODE = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_CODE_INPUT = 200
# The page the trainee's own certificate is on: its part of the address is dropped to find
# the app's own address.
CERTIFICATE_PAGE = next(page.address for page in ALL_PAGES if page.key == "certificate")


def long_day(day: date | str) -> str:
    """A certificate's date (or its ISO text, as a snapshot keeps it), as every certificate
    page and the PDF print it: "02 December 2026"."""
    return f"{date.fromisoformat(day) if isinstance(day, str) else day:%d %B %Y}"


@dataclass(frozen=True)
class Certificate:
    id: int
    code: str
    user_id: int
    number: int  # the trainee's first, second, ... certificate
    issued_at: datetime
    expires_at: datetime
    snapshot: dict
    revoked_at: datetime | None
    revoke_reason: str | None
    # Why it is under review: a regrade re-marked a pass it rests on as a fail since.
    review_reason: str | None = None

    def status(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "valid"

    @property
    def zone(self) -> str:
        """The time zone its dates are in (certificates from before it was kept: UTC)."""
        return self.snapshot.get("time_zone") or "UTC"

    def day(self, at: datetime) -> date:
        """A stored time as a day of the certificate's time zone."""
        return local(at, self.zone).date()

    @property
    def issued_on(self) -> date:
        frozen = self.snapshot.get("issued_on")
        return date.fromisoformat(frozen) if frozen else self.day(self.issued_at)

    @property
    def completed_on(self) -> date:
        return date.fromisoformat(self.snapshot["completed_on"])

    @property
    def expires_on(self) -> date:
        return date.fromisoformat(self.snapshot["expires_on"])

    @property
    def revoked_on(self) -> date | None:
        return None if self.revoked_at is None else self.day(self.revoked_at)

    def lists(self, signoff: SignOff) -> bool:
        """Whether the certificate rests on this sign-off: it was in force when issued."""
        return (
            signoff.user_id == self.user_id
            and signoff.signed_at <= self.issued_at
            and (signoff.revoked_at is None or signoff.revoked_at > self.issued_at)
        )


@dataclass(frozen=True)
class Verification:
    """A certificate's standing, the same on every page that shows it."""

    status: str  # valid | expired | revoked | unknown | malformed
    certificate: Certificate | None = None
    # Sign-offs the certificate lists that were revoked after it was issued.
    withdrawn: tuple[SignOff, ...] = field(default=())

    @property
    def under_review(self) -> bool:
        return self.status == "valid" and (bool(self.withdrawn) or self.regraded)

    @property
    def regraded(self) -> bool:
        """A regrade re-marked a pass it rests on as a fail, and no one has decided yet."""
        return self.certificate is not None and self.certificate.review_reason is not None

    @property
    def label(self) -> str:
        """The status in a word or two, for tables and the trainee's page."""
        return "valid, under review" if self.under_review else self.status

    @property
    def message(self) -> str:
        if self.under_review:
            why = [
                "a practical competency it lists was withdrawn" if self.withdrawn else "",
                "a result it rests on was re-marked as not passed" if self.regraded else "",
            ]
            return (
                f"This certificate is valid but under review: {' and '.join(w for w in why if w)} "
                "after it was issued, and the clinic has yet to decide whether to revoke the "
                "certificate."
            )
        return {
            "valid": "This certificate is valid.",
            "expired": "This certificate has expired.",
            "revoked": "This certificate has been revoked by the clinic.",
            "unknown": "No certificate has this code.",
            "malformed": "That is not a certificate code: codes are 32 letters, digits, "
            "'-' or '_'.",
        }[self.status]

    @property
    def validity(self) -> str:
        """Until when it was or is valid, as a sentence."""
        certificate = self.certificate
        if certificate is None:
            return ""
        until = long_day(certificate.expires_on)
        if certificate.revoked_on is not None:
            return f"Revoked on {long_day(certificate.revoked_on)}; it was valid until {until}."
        if self.status == "expired":
            return f"Expired on {until}."
        return f"Valid until {until}."

    def competencies(self, titles: Mapping[str, str]) -> list[tuple[dict, date | None]]:
        """The competencies the certificate lists, each with the day its sign-off was
        revoked (None while it stands). ``titles`` maps the course's competency ids to
        titles, to place the sign-offs of certificates that kept only titles."""
        if self.certificate is None:
            return []
        revoked = {
            s.competency_id: self.certificate.day(s.revoked_at)
            for s in self.withdrawn
            if s.revoked_at is not None
        }
        by_title = {title: competency_id for competency_id, title in titles.items()}
        listed = []
        for item in self.certificate.snapshot.get("competencies", []):
            competency_id = item.get("competency_id") or by_title.get(item["title"])
            listed.append((item, revoked.get(competency_id) if competency_id else None))
        return listed


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the last day of the month when it has no such day)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _certificate(row) -> Certificate:
    return Certificate(
        id=row.id,
        code=row.code,
        user_id=row.user_id,
        number=row.number,
        issued_at=row.issued_at,
        expires_at=row.expires_at,
        snapshot=row.snapshot,
        revoked_at=row.revoked_at,
        revoke_reason=row.revoke_reason,
        review_reason=row.review_reason,
    )


def for_user(engine: Engine, user_id: int) -> list[Certificate]:
    """The trainee's certificates, the most recently issued first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(certificates)
            .where(certificates.c.user_id == user_id)
            # Their number, not the time: two servers' clocks may disagree.
            .order_by(certificates.c.number.desc())
        ).all()
    return [_certificate(row) for row in rows]


def latest(engine: Engine, user_id: int) -> Certificate | None:
    """The trainee's most recently issued certificate, whatever its standing."""
    return next(iter(for_user(engine, user_id)), None)


def held(engine: Engine, user_id: int, now: datetime | None = None) -> Certificate | None:
    """The trainee's valid certificate, if they hold one."""
    now = now or clock.now()
    return next((c for c in for_user(engine, user_id) if c.status(now) == "valid"), None)


class IssuedMeanwhile(CertificateError):
    """Another certificate was issued to the trainee after the issuer read their latest
    one; this one was not issued."""

    def __init__(self) -> None:
        super().__init__(
            "Another certificate was issued to this trainee at the same moment; this one "
            "was not issued."
        )


def issue(
    engine: Engine,
    user: User,
    snapshot: dict,
    completed_on: datetime,
    validity_months: int,
    now: datetime | None = None,
    zone_name: str | None = None,
    *,
    after: Certificate | None = None,
    actor: User | None = None,
    why: str | None = None,
) -> Certificate:
    """A new certificate for the trainee, the next after ``after``: their latest certificate
    when the caller read it to decide to issue this one (None: they had none). Raises
    ``IssuedMeanwhile`` if another was issued to them since; nothing is stored or logged.

    Its dates are days in ``zone_name`` (the clinic's; UTC when none), and it is valid
    until the same time of day on the same day ``validity_months`` later there. The audit
    log names ``actor`` (an administrator's decision; the trainee when none) and ``why``."""
    now = now or clock.now()
    zone = zone_name or "UTC"
    number = 1 if after is None else after.number + 1
    code = secrets.token_urlsafe(24)
    expires = add_months(local(now, zone), validity_months)
    record = {
        **snapshot,
        "time_zone": zone,
        "issued_on": local(now, zone).date().isoformat(),
        "completed_on": local(completed_on, zone).date().isoformat(),
        "expires_on": expires.date().isoformat(),
    }
    try:
        with transaction(engine) as connection:
            connection.execute(
                certificates.insert().values(
                    code=code,
                    user_id=user.id,
                    number=number,
                    issued_at=now,
                    expires_at=expires.astimezone(UTC).replace(tzinfo=None),
                    snapshot=record,
                )
            )
            audit.record(
                connection,
                "certificate_issued" if actor is None else "certificate_reissued",
                actor=(actor or user).username,
                target=user.username,
                detail=f"expires {record['expires_on']}" + (f"; {why}" if why else ""),
                now=now,
            )
    except IntegrityError:
        if _highest_number(engine, user.id) < number:
            raise
        raise IssuedMeanwhile() from None
    return next(c for c in for_user(engine, user.id) if c.code == code)


def _highest_number(engine: Engine, user_id: int) -> int:
    with engine.connect() as connection:
        found = connection.execute(
            select(func.max(certificates.c.number)).where(certificates.c.user_id == user_id)
        ).scalar()
    return found or 0


def verify(engine: Engine, code: str, now: datetime | None = None) -> Verification:
    now = now or clock.now()
    cleaned = (code or "")[:MAX_CODE_INPUT].strip()
    if not CODE.match(cleaned):
        return Verification("malformed")
    with engine.connect() as connection:
        row = connection.execute(select(certificates).where(certificates.c.code == cleaned)).first()
    if row is None:
        return Verification("unknown")
    return standing(engine, _certificate(row), now)


def standing(engine: Engine, certificate: Certificate, now: datetime | None = None) -> Verification:
    """What the verification page says of this certificate (every page says the same)."""
    revoked = [s for s in signoffs.history(engine, certificate.user_id) if not s.active]
    return _standing(certificate, revoked, now or clock.now())


def standings(
    engine: Engine, found: list[tuple[Certificate, str]], now: datetime | None = None
) -> list[tuple[Certificate, Verification, str]]:
    """``standing`` for many certificates (with their holders), reading the revoked
    sign-offs once."""
    now = now or clock.now()
    revoked = signoffs.revoked(engine)
    return [(c, _standing(c, revoked.get(c.user_id, []), now), who) for c, who in found]


def _standing(certificate: Certificate, revoked: list[SignOff], now: datetime) -> Verification:
    withdrawn = tuple(s for s in revoked if certificate.lists(s))
    return Verification(certificate.status(now), certificate, withdrawn)


def resting_on(engine: Engine, signoff: SignOff, now: datetime | None = None) -> list[Certificate]:
    """The valid certificates that list this sign-off."""
    now = now or clock.now()
    return [
        c
        for c in for_user(engine, signoff.user_id)
        if c.status(now) == "valid" and c.lists(signoff)
    ]


def expiring(
    engine: Engine, within_days: int = 60, now: datetime | None = None
) -> list[tuple[Certificate, str]]:
    """Valid certificates that expire within the window, with the holder's username."""
    now = now or clock.now()
    with engine.connect() as connection:
        rows = connection.execute(
            select(certificates, users.c.username)
            .join(users, users.c.id == certificates.c.user_id)
            .where(
                certificates.c.revoked_at.is_(None),
                certificates.c.expires_at > now,
                certificates.c.expires_at <= now + timedelta(days=within_days),
            )
            .order_by(certificates.c.expires_at)
        ).all()
    return [(_certificate(row), row.username) for row in rows]


def all_certificates(engine: Engine) -> list[tuple[Certificate, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(certificates, users.c.username)
            .join(users, users.c.id == certificates.c.user_id)
            .order_by(certificates.c.issued_at.desc())
        ).all()
    return [(_certificate(row), row.username) for row in rows]


def revoke(
    engine: Engine, code: str, reason: str, actor: User, now: datetime | None = None
) -> None:
    require(actor, ADMINISTERING, "revoke a certificate")
    now = now or clock.now()
    reason = free_text.clean(
        reason, "reason for revoking this certificate", error=CertificateError, minimum=3
    )
    with transaction(engine) as connection:
        result = connection.execute(
            update(certificates)
            .where(certificates.c.code == code, certificates.c.revoked_at.is_(None))
            .values(revoked_at=now, revoked_by=actor.id, revoke_reason=reason)
        )
        if result.rowcount != 1:
            raise CertificateError("That certificate does not exist or is already revoked.")
        audit.record(
            connection,
            "certificate_revoked",
            actor=actor.username,
            detail=f"{code[:8]}…: {reason}",
            now=now,
        )


def put_under_review(
    connection: Connection, user_id: int, handed_in: datetime, reason: str, now: datetime
) -> list[str]:
    """Inside the caller's transaction (a regrade's): the trainee's valid certificates
    issued after ``handed_in`` (so resting on the pass handed in then, which a regrade has
    just re-marked as a fail) are under review, with ``reason``; their codes. Nothing is
    revoked: an administrator decides."""
    found = update(certificates).where(
        certificates.c.user_id == user_id,
        certificates.c.revoked_at.is_(None),
        certificates.c.expires_at > now,
        certificates.c.issued_at >= handed_in,
        certificates.c.review_reason.is_(None),
    )
    codes = list(
        connection.execute(
            found.values(review_reason=reason).returning(certificates.c.code)
        ).scalars()
    )
    for code in codes:
        audit.record(
            connection,
            "certificate_under_review",
            actor="regrade",
            detail=f"{code[:8]}…: {reason}",
            now=now,
        )
    return codes


def keep(engine: Engine, code: str, note: str, actor: User, now: datetime | None = None) -> None:
    """An administrator decides that a certificate under review after a regrade stands:
    it is no longer shown as under review for that reason (``note`` says why, in the audit
    log)."""
    require(actor, ADMINISTERING, "decide that a certificate stands")
    now = now or clock.now()
    note = free_text.clean(
        note, "reason for keeping this certificate", error=CertificateError, minimum=3
    )
    with transaction(engine) as connection:
        result = connection.execute(
            update(certificates)
            .where(
                certificates.c.code == code,
                certificates.c.revoked_at.is_(None),
                certificates.c.review_reason.is_not(None),
            )
            .values(review_reason=None)
        )
        if result.rowcount != 1:
            raise CertificateError(
                "That certificate is not under review after a regrade (revoked, or decided "
                "already)."
            )
        audit.record(
            connection,
            "certificate_review_closed",
            actor=actor.username,
            detail=f"{code[:8]}…: {note}",
            now=now,
        )


def verify_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/verify?code={code}"


def app_root(page_url: str, page: str = CERTIFICATE_PAGE) -> str:
    """The app's own address (scheme, host and any base path it is served under) from the
    address of its page ``page`` in the visitor's browser, which ends in that page's name
    (except when it is the landing page, at the app's own address)."""
    parts = urlsplit(page_url)
    path = parts.path.rstrip("/")
    if path == page or path.endswith("/" + page):
        path = path[: -len(page)].rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def verify_address(public_url: str | None, page_url: str | None, fallback: str, code: str) -> str:
    """The address printed on a certificate and in its QR code: on the configured public
    address, else on the app's own address as the visitor reached the certificate page
    (``page_url``), else on ``fallback``; never under the certificate page itself, where
    Streamlit has no page to show."""
    base = public_url or (app_root(page_url) if page_url else fallback)
    return verify_url(base, code)
