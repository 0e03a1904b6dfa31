"""The two kinds of failure NeedleWise reports, and the user errors of each area.

A ``UserError`` is something the person acting can put right: its message is written for
them, says what is wrong and what to do, and holds nothing they may not see, so pages show
it as it is and the command line prints it and exits 1. An ``OperatorError`` is for
whoever runs the server (a database that does not answer, a configuration that cannot be
read): pages do not catch it, and the command line exits 2.

Areas whose errors carry more than a message define their class beside their code, on
this base (``settings.SettingsError``, ``attempts.AttemptError``, ``logbook.LogbookError``,
``pass_marks.StandardSettingError``, ``time_extensions.ExtensionError``,
``stats.StatsError``, ``quiz.formats.FormatError``).
"""

from __future__ import annotations


class UserError(Exception):
    """A request that cannot be carried out; the message says why, safe to show as it is."""


class OperatorError(Exception):
    """The installation cannot work as configured; only whoever runs it can fix this."""


class NotAllowed(UserError):
    """The person acting does not hold the role this needs."""


class AccountError(UserError):
    """An account, invitation or password request that cannot be carried out."""


class CohortError(UserError):
    """A group (cohort) cannot be created or changed as asked."""


class SignOffError(UserError):
    """A practical competency cannot be signed off or revoked as asked."""


class CertificateError(UserError):
    """A certificate cannot be revoked as asked."""


class ReviewError(UserError):
    """A daily-review answer names a card the trainee does not have."""
