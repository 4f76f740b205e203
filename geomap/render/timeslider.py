"""The date range slider: one from/to control driving every event layer and the control layer.

The engine filters markers, uncertainty circles and the heat map to the
selected range; events without a date always stay visible.  The control layer
shows the latest control snapshot on or before the range's end date.
"""

from __future__ import annotations

from geomap.render.layers import EngineCall


class TimeSlider(EngineCall):
    """Adds the slider (only drawn when the events span more than one day)."""

    def __init__(self) -> None:
        super().__init__("timeSlider")
        self._name = "TimeSlider"
