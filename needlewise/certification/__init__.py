"""Certification: from a trainee's signed-off competencies to a verifiable certificate.

- ``signoffs``: practical competencies an instructor signs off (and revokes with a reason).
- ``rules``: the course's completion rule, what a trainee has done and what is missing.
- ``issuing``: brings a trainee's record together and issues the certificate once the
  rule is met.
- ``records``: stored certificates: issued, verified by code, expiring, revoked.
- ``pdf``: the certificate as a tagged PDF with its verification QR code.
"""
