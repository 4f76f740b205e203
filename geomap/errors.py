"""The geomap error tree.

Every error derives from :class:`GeomapError` and from the matching builtin,
so callers can catch either.  Messages say what was expected, what was
received and what to do next.
"""

from __future__ import annotations

from geopy.exc import GeocoderQueryError


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class IngestError(GeomapError, ValueError):
    """Raised when an input cannot be read as articles at all (strict mode)."""


class GazetteerNotFound(GeomapError, FileNotFoundError):
    """Raised when the gazetteer index is missing and cannot be built."""


class GazetteerCorrupt(GeomapError, RuntimeError):
    """Raised when the gazetteer index exists but cannot be read."""


class GazetteerQueryError(GeomapError, GeocoderQueryError):
    """Raised for an invalid geocoding query (e.g. an empty string)."""


class RuleError(GeomapError, ValueError):
    """Raised when a bundled or user rule/lexicon file is malformed (gives file:line)."""


class OutputExistsError(GeomapError, FileExistsError):
    """Raised when an output file exists and ``--overwrite`` was not given."""


class StoreError(GeomapError, RuntimeError):
    """Raised when the event store cannot be opened or written."""
