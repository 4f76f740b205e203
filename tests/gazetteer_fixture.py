"""The full gazetteer index, shared by every gazetteer/geocoder test of one run.

The index at the default location is reused when present (and current); otherwise
it is built once per test run (about a minute).  ``tests/conftest.py`` makes the
``gazetteer`` fixture available to every test module.
"""

from __future__ import annotations

import pytest

from geomap.gazetteer import Gazetteer

_SHARED: dict[str, Gazetteer] = {}


def shared_gazetteer() -> Gazetteer:
    """Open (building at most once per process) the default gazetteer index."""
    if "default" not in _SHARED:
        _SHARED["default"] = Gazetteer.open(progress=False)
    return _SHARED["default"]


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The full default gazetteer index (built on first use)."""
    return shared_gazetteer()
