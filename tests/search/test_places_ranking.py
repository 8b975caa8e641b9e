"""Places open now in the ranking: none open ranks below some, not telling between."""

from __future__ import annotations

import numpy as np

from navigator.search.ranking import OPEN_PLACES, places_bonus


def test_places_open_lift_none_open_lowers_unknown_is_neutral():
    bonus = places_bonus(np.array([3.0, 0.0, np.nan, 1.0]))
    assert bonus.tolist() == [OPEN_PLACES, -OPEN_PLACES, 0.0, OPEN_PLACES]
    assert places_bonus(np.array([])).tolist() == []
