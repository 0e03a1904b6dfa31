"""What every page needs to meet WCAG 2.2 AA that Streamlit does not do by itself.

``enhance`` runs once per script run from app.py: a visible focus ring, the invisible
frames that run the scroll and page-move scripts hidden and out of the tab order,
``autocomplete`` on the sign-in library's fields, and fixes for narrow screens (a figure
that scrolls rather than shrinking its labels out of reading, the sidebar closing once a
page is chosen in it where it covers the page). The other helpers draw content the
accessible way: a page title, a figure with its text alternative, a locked item as text, a
static note that is not announced as an alert, a script run in an invisible frame.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path

import streamlit as st

from ..figure_text import figure_label, figure_text, readable_width

ICON = Path(__file__).parent.parent / "assets" / "icon.svg"
SITE = "NeedleWise"
FIGURE_HINT = (
    "This figure is wider than your screen: swipe it sideways (or Tab to it and use the "
    "arrow keys) to see all of it."
)
# Focus ring: #0b3d91 is 10:1 on white and 9:1 on the sidebar's grey (WCAG 1.4.11, 2.4.7).
# A radio's or checkbox's input is visually hidden, so its label carries the ring.
_STYLE = """
<style>
:focus-visible, label:has(input:focus-visible) {
  outline: 3px solid #0b3d91 !important;
  outline-offset: 2px !important;
  border-radius: 2px;
}
/* Page links wrap instead of ending in "..." (WCAG 1.4.10). */
[data-testid="stPageLink"] p, [data-testid="stPageLink-NavLink"] span {
  white-space: normal !important;
  overflow: visible !important;
  text-overflow: clip !important;
}
/* The date field's day, month and year parts are targets of at least 24 px (WCAG 2.5.8). */
[role="spinbutton"][contenteditable] {
  display: inline-block;
  min-width: 24px;
  min-height: 24px;
  text-align: center;
}
/* On a phone or a tablet a course figure is not shrunk below the width at which its
   smallest label is 11 px (``figure_rule`` sets the width per figure): narrower than
   that, it keeps that width and scrolls sideways in its own box, with a line above it
   saying so; a diagram needs its two-dimensional layout (the exception in WCAG 1.4.10).
   The page script makes the box a named Tab stop, so arrow keys scroll it too. Screens
   wider than a landscape tablet's 1024 px show it whole, as the page's width allows. */
[data-testid="stElementContainer"]:has(.nw-figure-hint) { display: none; }
@media (max-width: 1024px) {
  [data-testid="stVerticalBlock"]:has(> [data-testid="stElementContainer"] .nw-figure-hint) {
    container: nw-figure / inline-size;
  }
}
</style>
"""
# The authenticator hard-codes autocomplete="off" on its forms (WCAG 1.3.5), and a
# script's frame one pixel high (``invisible_script``: the scroll and page-move scripts)
# would be announced by a screen reader and, drawn by a component, be a Tab stop (2.4.3).
_SCRIPT = """
<script>
(() => {
  if (window.__needlewiseA11y) return;
  window.__needlewiseA11y = true;
  const purposes = {
    "Username": "username", "Password": "current-password",
    "Current password": "current-password", "New password": "new-password",
    "Repeat new password": "new-password",
  };
  const hide = frame => {
    // Measuring forces a layout: only frames not yet hidden.
    if (!frame.hasAttribute("aria-hidden") && frame.getBoundingClientRect().height < 2) {
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
    }
  };
  const fix = () => {
    for (const frame of document.querySelectorAll("iframe")) hide(frame);
    // The library's forms are the ones that ask for the current password.
    const forms = [...document.querySelectorAll("[data-testid='stForm']")].filter(form =>
      form.querySelector("input[type=password][aria-label='Password'], " +
                         "input[type=password][aria-label='Current password']"));
    for (const input of forms.flatMap(form => [...form.querySelectorAll("input")])) {
      const name = input.getAttribute("aria-label") ||
        (input.labels && input.labels[0] ? input.labels[0].textContent.trim() : "");
      const purpose = purposes[name];
      if (purpose && input.autocomplete !== purpose) input.autocomplete = purpose;
    }
  };
  const groups = () => {
    for (const box of document.querySelectorAll("[class*='st-key-quiz_group-']")) {
      const name = box.querySelector(".nw-group-name");
      if (name && box.getAttribute("role") !== "group") {
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", name.textContent);
      }
    }
  };
  // A figure that scrolls sideways (see the style above) is a named Tab stop, so a
  // keyboard can scroll it (WCAG 2.1.1); one that fits is no stop at all.
  const scrollers = () => {
    for (const hint of document.querySelectorAll(".nw-figure-hint")) {
      const block = hint.closest("[data-testid='stVerticalBlock']");
      const box = block && block.querySelector("[data-testid='stImage']");
      const image = box && box.querySelector("img");
      if (!image) continue;
      if (box.scrollWidth > box.clientWidth + 1) {
        if (box.getAttribute("role") !== "region") {
          box.tabIndex = 0;
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", `${image.alt} (scrolls sideways)`);
        }
      } else if (box.hasAttribute("role")) {
        for (const name of ["tabindex", "role", "aria-label"]) box.removeAttribute(name);
      }
    }
  };
  // Streamlit 1.67 closes its sidebar after a page is chosen in it only when the browser
  // names itself a phone, not by the screen's width: on a tablet, a phone showing the
  // desktop site or a narrow window the menu stayed over the chosen page. Where it covers
  // the page, close it as its own button does, a frame after the click, once Streamlit's
  // own closing (for a phone) has landed, so that is never undone.
  document.addEventListener("click", event => {
    if (!event.target.closest("[data-testid='stSidebarNav'] a")) return;
    requestAnimationFrame(() => {
      const sidebar = document.querySelector("[data-testid='stSidebar']");
      const page = document.querySelector("[data-testid='stMain']");
      if (!sidebar || !page || sidebar.dataset.collapsed !== "false") return;
      const covers = sidebar.getBoundingClientRect().right > page.getBoundingClientRect().left + 1;
      const close = sidebar.querySelector("[data-testid='stSidebarCollapseButton'] button");
      if (covers && close) close.click();
    });
  });
  // A page arrives as dozens of small updates: look once per frame, before it is painted.
  let pending = false;
  const all = () => { pending = false; fix(); groups(); scrollers(); };
  const soon = () => { if (!pending) { pending = true; requestAnimationFrame(all); } };
  new MutationObserver(records => {
    // An invisible frame leaves the tab order as it arrives, before a key press can
    // reach it (a Tab pressed before the next frame was painted once landed on one).
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        if (node.tagName === "IFRAME") hide(node);
        else for (const frame of node.querySelectorAll("iframe")) hide(frame);
      }
    }
    soon();
  }).observe(document.body, {childList: true, subtree: true});
  // A figure's width is known once its image has loaded, and changes with the window's.
  document.addEventListener("load", event => {
    if (event.target.tagName === "IMG") soon();
  }, true);
  window.addEventListener("resize", soon);
  all();
})();
</script>
"""


def enhance() -> None:
    """Focus ring, reflow rules, and the fixes to the sign-in library's markup."""
    st.html(_STYLE + _SCRIPT, unsafe_allow_javascript=True)


def invisible_script(code: str) -> None:
    """Run ``code`` for the page (it reaches it as ``window.parent``) in a frame one pixel
    high that is no Tab stop; ``enhance`` hides it from screen readers as it arrives."""
    st.iframe(f"<script>{code}</script>", height=1, tab_index=-1, alt="Page script")


def page_title(title: str) -> None:
    """The browser tab's title: what this page is, then the site (WCAG 2.4.2)."""
    st.set_page_config(page_title=f"{title} · {SITE}")


def figure(path: Path | str, caption: str = "") -> None:
    """A course figure with its SVG's title as ``alt`` and its description as text. Where
    its box is narrower than the figure's readable width (``figure_rule``) it is shown at
    that width, scrolling sideways under a line that says so."""
    text = figure_text(Path(path), fallback=caption)
    width = math.ceil(readable_width(Path(path)))
    with st.container():
        if width:
            # The rule after the text: a sanitised fragment that starts with <style> loses it.
            st.html(
                f'<p class="nw-figure-hint nw-fits-{width}"><span aria-hidden="true">↔</span> '
                f"{FIGURE_HINT}</p>{figure_rule(width)}"
            )
        st.image(str(path), caption=caption or None, alt=text.title, width="stretch")
    describe(text.description)


def figure_rule(width: int) -> str:
    """The style that keeps a figure ``width`` px wide, scrolling with its hint shown, in
    a figure box (the ``nw-figure`` container of ``_STYLE``) narrower than that."""
    block = (
        '[data-testid="stVerticalBlock"]:has(> [data-testid="stElementContainer"] '
        f".nw-fits-{width})"
    )
    return f"""<style>
@container nw-figure (width < {width}px) {{
  {block} [data-testid="stElementContainer"]:has(.nw-figure-hint) {{ display: block; }}
  {block} [data-testid="stImage"] {{ overflow-x: auto; }}
  {block} [data-testid="stImageContainer"] {{ width: max-content; align-items: flex-start; }}
  {block} [data-testid="stImage"] img {{ width: {width}px !important; max-width: none !important; }}
  /* The caption stays in view while the figure scrolls under it. */
  {block} [data-testid="stImageCaption"] {{ position: sticky; left: 0; }}
}}
</style>"""


def drawn_svg(svg: str, caption: str = "") -> None:
    """An SVG the app draws (the depth cross-section), as an image whose ``alt`` is the
    SVG's own accessible name (its aria-label, which an image would otherwise hide)."""
    root_label = figure_label(svg)
    st.image(svg, caption=caption or None, alt=root_label, width="stretch")
    describe(figure_text(svg.encode()).description)


@contextmanager
def group(key: str, name: str) -> Iterator[None]:
    """Controls that answer one question together, named by it (WCAG 1.3.1). Streamlit has
    no grouping element; the page script gives this container ``role=group`` and the name,
    which it reads from the hidden label drawn first inside."""
    with st.container(key=f"quiz_group-{css_safe(key)}"):
        st.html(f'<span class="nw-group-name" hidden>{escape(name)}</span>')
        yield


def css_safe(key: str) -> str:
    """``key`` as Streamlit writes it in an element's ``st-key-`` class: anything but
    letters, digits, ``_`` and ``-`` (a question id's dots) becomes ``-``."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", key)


def describe(description: str) -> None:
    if description:
        with st.expander("Figure description"):
            st.write(description)


def locked(label: str, reason: str | None = None) -> None:
    """A lesson or quiz the trainee cannot open yet: text, not a link that does nothing,
    with why on the next line of the same element (the course page draws many)."""
    st.markdown(f":material/lock: {label} (locked)" + (f"  \n{reason}" if reason else ""))


def locked_list(labels: list[str]) -> None:
    """Several locked lessons as one list: one element instead of one per lesson."""
    if labels:
        st.markdown("\n".join(f"- :material/lock: {label} (locked)" for label in labels))


def note(body: str, icon: str | None = None) -> None:
    """Static text set apart in a bordered box, without the alert role that would make a
    screen reader announce it as the page loads (WCAG 4.1.3)."""
    with st.container(border=True):
        st.markdown(f"{icon} {body}" if icon else body)
