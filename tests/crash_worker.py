"""Submits attempts in a loop until killed; used by the crash-safety test.

Run as: python -m tests.crash_worker DATABASE_URL COURSE_ROOT
"""

from __future__ import annotations

import sys
from pathlib import Path

from needlewise import accounts, attempts
from needlewise.acting import Operator
from needlewise.content import load_content
from needlewise.quiz.scoring import correct_response
from needlewise.store import open_store


def main(url: str, root: str) -> None:
    engine = open_store(url)
    content = load_content(Path(root) / "content", Path(root) / "quizzes")
    loaded = content.quizzes["m1-quiz"]
    answers = {q.id: correct_response(q) for _, q in loaded.quiz.leaves()}
    number = 0
    while True:
        number += 1
        user = accounts.create_user(
            engine,
            f"crash{number:05d}",
            "Crash Test",
            f"crash{number:05d}@example.com",
            "crash test pass 1",
            ["trainee"],
            actor=Operator("test"),
            must_change_password=False,
        )
        attempt = attempts.start_or_resume(engine, user.id, loaded, 80)
        attempts.save_many(engine, attempt.id, user.id, answers)
        attempts.submit(engine, attempt.id, user.id)
        print(number, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
