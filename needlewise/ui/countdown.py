"""The live countdown of a timed attempt, run by the trainee's browser.

The browser counts down from the seconds left at the last page run (so a wrong clock on
the trainee's computer does not matter) and shows the deadline in the browser's own time
zone. One fragment rerun, scheduled just after the deadline, reruns the page so the server
hands the attempt in; nothing else reruns, so answers being typed are never reset.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import streamlit as st

from ..attempts import GRACE

WARN_SECONDS = 300
_RAN = "_nw_countdown_armed"

_SCRIPT = """
<div id="nw-countdown" role="timer" aria-live="polite"
     style="font-family: 'Source Sans Pro', sans-serif; font-size: 1rem; padding: 0.5rem 0.75rem;
            border-radius: 0.5rem; background: #eef4fb; color: #0b3c6b;"></div>
<script>
const data = __DATA__;
const box = document.getElementById("nw-countdown");
const end = performance.now() + data.left * 1000;
const deadline = new Date(data.deadline).toLocaleTimeString(undefined,
  {hour: "2-digit", minute: "2-digit", timeZoneName: "short"});
function tick() {
  const left = Math.max(0, Math.round((end - performance.now()) / 1000));
  const clock = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
  if (left === 0) {
    box.style.background = "#fdecea"; box.style.color = "#7a1010";
    box.textContent = "Time is up (deadline " + deadline + "). Answers given after the " +
      "deadline are not counted; your attempt is handed in with the answers saved in time.";
    return;
  }
  if (left <= data.warn) {
    box.style.background = "#fff4e0"; box.style.color = "#6b4100";
    box.textContent = "Only " + clock + " left (deadline " + deadline + "). " +
      "Your answers are saved as you go; submit before time runs out.";
  } else {
    box.textContent = "Time left: " + clock + " (deadline " + deadline + ")";
  }
  setTimeout(tick, 1000);
}
tick();
</script>
"""


def warn_seconds(limit_minutes: float) -> int:
    """Warn five minutes before the end, or at the last fifth of a short time limit."""
    return int(min(WARN_SECONDS, limit_minutes * 60 / 5))


def show(deadline: datetime, seconds_left: float, limit_minutes: float) -> None:
    data = {
        "deadline": deadline.replace(tzinfo=UTC).isoformat(),
        "left": round(seconds_left),
        "warn": warn_seconds(limit_minutes),
    }
    with st.container(key="nw_countdown"):
        st.iframe(_SCRIPT.replace("__DATA__", json.dumps(data)), height=64, alt="Time left")
    _hand_in_when_due(seconds_left)


def _hand_in_when_due(seconds_left: float) -> None:
    wait = timedelta(seconds=seconds_left) + GRACE + timedelta(seconds=1)

    @st.fragment(run_every=wait)
    def hand_in() -> None:
        # The first run is part of the page run; the timed one comes after the deadline.
        if st.session_state.get(_RAN) == seconds_left:
            st.rerun(scope="app")
        st.session_state[_RAN] = seconds_left

    hand_in()
