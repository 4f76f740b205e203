"""Folium elements that hand the event data to the map engine and create its layers.

Each class renders one short script line calling the engine (``geomap.js``);
the layers are real folium ``Layer`` objects, so folium's ``LayerControl``
lists them under their names (``Airstrike``, ``Control``, ...).
"""

from __future__ import annotations

from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template


class EngineData(MacroElement):
    """Starts the engine with the map and its data (events, types, control, options).

    The data sits in a ``<script type="application/json">`` element (parsed with
    ``JSON.parse``, much faster than a JS literal of the same size).
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <script type="application/json" id="{{ this.get_name() }}">{{ this.payload }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            geomap.init({{ this._parent.get_name() }}, {{ this.get_name()|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, payload: str):
        super().__init__()
        self._name = "GeomapData"
        self.payload = payload  # already script-safe JSON (popups.script_json)


class EventTypeLayer(Layer):
    """One overlay per event type (markers, clusters and uncertainty circles)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = geomap.eventLayer({{ this.key|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, key: str, name: str):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "EventLayer"
        self.key = key


class ControlLayer(Layer):
    """The territorial control overlay (zones per side, towns with their holder)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = geomap.controlLayer();
        {% endmacro %}
        """
    )

    def __init__(self, name: str = "Control"):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "ControlLayer"


class HeatLayer(Layer):
    """Event density heat map (the engine's own canvas layer), off by default."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = geomap.heatLayer();
        {% endmacro %}
        """
    )

    def __init__(self, name: str = "Heat map"):
        super().__init__(name=name, overlay=True, control=True, show=False)
        self._name = "HeatLayer"


class BasemapLayer(Layer):
    """The offline Natural Earth basemap as a base layer."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = geomap.basemapLayer({{ this.geojson }});
        {% endmacro %}
        """
    )

    def __init__(self, geojson: str, *, name: str = "Offline basemap (Natural Earth)", show: bool = True):
        super().__init__(name=name, overlay=False, control=True, show=show)
        self._name = "BasemapLayer"
        self.geojson = geojson  # script-safe JSON text


class EngineCall(MacroElement):
    """A parameterless engine call such as ``geomap.legend()``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geomap.{{ this.function }}();
        {% endmacro %}
        """
    )

    def __init__(self, function: str):
        super().__init__()
        self._name = "GeomapCall"
        self.function = function
