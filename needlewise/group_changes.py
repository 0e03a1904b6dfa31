"""What the Groups page says about renaming or deleting a group: the question before a
delete, which cannot be undone, and what each change did.

A group's name is as an admin typed it; ``shown`` turns it into the text the page shows
(the page passes ``needlewise.ui.plain.plain``, so Markdown shows the name as itself).
Names are compared as typed, never as shown.
"""

from __future__ import annotations

from collections.abc import Callable

from .cohorts import Cohort
from .display import plural

Shown = Callable[[str], str]


def delete_question(group: Cohort, shown: Shown = str) -> tuple[str, str]:
    """What deleting ``group`` will do, said before it is done, and its confirm button's
    label: its members leave the group, their accounts and work stay."""
    name = shown(group.name)
    return (
        f"Delete the group '{name}'? Its {plural(group.trainees, 'trainee')} and "
        f"{plural(group.instructors, 'instructor')} are taken out of it; their accounts and "
        "everything they did are kept.",
        f"Delete '{name}'",
    )


def renamed(before: Cohort, after: Cohort, shown: Shown = str) -> str:
    """What renaming ``before`` to ``after`` did; the same name again changes nothing."""
    if after.name == before.name:
        return f"The group is already called '{shown(after.name)}'; nothing changed."
    return f"Group renamed to '{shown(after.name)}'."


def deleted(group: Cohort, shown: Shown = str) -> str:
    """What deleting ``group`` did."""
    return f"Group '{shown(group.name)}' deleted; its members are kept."
