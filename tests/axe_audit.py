"""axe-core in the browser: the page's critical and serious accessibility violations, with
the few that lie in markup Streamlit draws and the project cannot change left out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .builders import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
# Rules broken only by markup Streamlit draws and the project cannot change. Each entry:
# rule id -> (the framework's element the offence must lie inside, reason and upstream
# issue). The same rule anywhere else on the page still fails the test.
NAV = "[data-testid='stSidebarNavItems']"
FRAMEWORK: dict[str, tuple[str, str]] = {
    "list": (
        NAV,
        "Streamlit 1.67 draws st.navigation's section headers as <div>s directly inside the "
        "sidebar's <ul>; upstream: streamlit/streamlit#8399 (accessibility of the page "
        "Streamlit generates; no narrower issue found)",
    ),
    "listitem": (
        NAV,
        "the sidebar's page links are <li>s inside those section <div>s rather than the <ul> "
        "(same markup, same upstream issue streamlit/streamlit#8399)",
    ),
}
# For each offending element: the framework region it lies in, if that region is the one
# its rule is excused for.
_EXCUSED = """
([selector, region]) => {
  const el = document.querySelector(selector);
  return !!(el && region && el.closest(region));
}
"""


def axe_script() -> Path:
    if not AXE.exists():
        reason = f"axe-core is not installed ({AXE} is missing; run `npm ci`)"
        if os.environ.get("NEEDLEWISE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the accessibility test is required here but {reason}")
        pytest.skip(reason)
    return AXE


def audit(page, where: str) -> list[str]:
    """axe-core's critical and serious violations on the open page, framework-owned ones
    left out, as one readable line per offending element."""
    page.wait_for_timeout(400)  # charts and components draw after the script finishes
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: tags, resultTypes: ['violations']})", TAGS
    )
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in ("critical", "serious"):
            continue
        region = FRAMEWORK.get(violation["id"], (None, ""))[0]
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if page.evaluate(_EXCUSED, [str(node["target"][-1]), region]):
                continue
            found.append(f"{where}: {violation['id']} ({violation['impact']}) at {target}")
    return found
