"""The Gradebook rounds whole columns at once (issue 17); that must be the one rounding rule
of ``display.rounded``, cell for cell."""

from __future__ import annotations

import math
import random

import pandas as pd

from needlewise import display


def test_the_column_rounding_agrees_with_the_scalar_rule_cell_for_cell():
    rng = random.Random(12)
    values = [rng.uniform(0, 100) for _ in range(20_000)]
    # Tenths exactly, float noise just under a tenth, thirds, the ends and missing grades.
    values += [n / 10 for n in range(1001)] + [80.59999999, 79.96, 200 / 3, 0.0, 100.0]
    values += [math.nextafter(n / 10, 0) for n in range(1001)] + [None, float("nan")]
    column = pd.Series(values, dtype=float)
    together = display.rounded_column(column)
    one_by_one = [display.rounded(v) for v in column.tolist()]
    assert len(together) == len(one_by_one)
    for value, fast, slow in zip(column.tolist(), together.tolist(), one_by_one, strict=True):
        if slow is None:
            assert math.isnan(fast), value
        else:
            assert fast == slow, value


def test_the_rule_rounds_down_to_one_place_without_losing_a_tenth_to_float_noise():
    assert display.rounded(79.96) == 79.9
    assert display.rounded(80.59999999) == 80.6  # float noise, not a lower grade
    assert display.rounded(80.5999) == 80.5
    assert display.rounded(80.6) == 80.6
    assert display.rounded(200 / 3) == 66.6
    assert display.rounded(None) is None
    assert display.rounded_column(pd.Series([79.96, None, 100.0])).tolist()[::2] == [79.9, 100.0]
