"""The supervised practice logbook: treatments a trainee performs under supervision.

Invariants this package protects:

- It never stores client-identifying data: a client is a pseudonymous reference, and
  anything typed that looks like an e-mail address, a phone number or a person's name is
  refused with a message before it reaches the database.
- A depth above the clinic's limit cannot be saved, nor any depth at an area the course
  never needles (content/regions.yaml's ``not_treated``); an entry stored with one before
  that rule is flagged and can only be returned, never countersigned; so is an entry
  that does not record the client's consent.
- A supervisor never countersigns their own entry; an accepted entry is read-only; a
  return names its reason; every change is written to the audit log in the same
  transaction as the change itself.
"""

from __future__ import annotations

from ..errors import UserError


class LogbookError(UserError):
    """An entry or a review was refused; ``problems`` lists every reason at once."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(self.problems))
