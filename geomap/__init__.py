"""geomap: offline conflict-news geoparsing, event extraction, territorial control and maps.

Only curated re-exports live here; nothing is loaded or registered at import time.
"""

from geomap.types import Article, Candidate, ControlChange, Event, Mention, Place, Problem, Resolution

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Candidate",
    "ControlChange",
    "Event",
    "Mention",
    "Place",
    "Problem",
    "Resolution",
    "__version__",
]
