"""Drawing the app's charts, each converted to Vega-Lite once per distinct data.

``st.altair_chart`` validates the whole chart against the Vega-Lite schema and encodes it
again on every run: about 5 ms a chart, the largest part of a Gradebook rerun once its
facts are kept (bench/README.md). A chart of ``needlewise.charts`` is a pure function of
its builder, its data and its arguments, so the spec Streamlit makes of it is kept, keyed
by exactly those, and drawn with ``st.vega_lite_chart``: the element sent to the browser
is the same, byte for byte (tests/test_chart_view.py checks it against
``st.altair_chart``).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

# A few charts per page, for a few groups, quizzes and trainees at once.
KEPT = 64

_specs: OrderedDict[tuple, dict] = OrderedDict()
_lock = threading.Lock()


def draw(
    build: Callable[..., alt.Chart | alt.LayerChart], data: pd.DataFrame, *arguments: Hashable
) -> None:
    """Draw ``build(data, *arguments)`` across the page's width."""
    key = (
        build,
        arguments,
        tuple(data.columns),
        tuple(data.itertuples(index=False, name=None)),
    )
    with _lock:
        spec = _specs.get(key)
        if spec is not None:
            _specs.move_to_end(key)
    if spec is None:
        spec = _convert_altair_to_vega_lite_spec(build(data, *arguments))
        with _lock:
            _specs[key] = spec
            while len(_specs) > KEPT:
                _specs.popitem(last=False)
    # Streamlit moves the datasets out of the spec it is given: it gets its own copy.
    st.vega_lite_chart(copy.deepcopy(spec), width="stretch")
