"""Shared fixtures.  The whole suite runs with the network blocked."""

from __future__ import annotations

import socket

import pytest

pytest_plugins = ["tests.gazetteer_fixture"]  # the session-wide ``gazetteer`` fixture


class NetworkBlocked(RuntimeError):
    """Raised when a test tries to open a network connection."""


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (host.startswith("127.") or host in {"localhost", "::1"})


@pytest.fixture(autouse=True)
def _block_network(monkeypatch, request):
    """Make every socket connect fail loudly (``socket.create_connection`` goes through it too).

    Unix sockets stay open; loopback TCP only for tests marked ``loopback``
    (a local Dask cluster talks to itself over 127.0.0.1).
    """
    real_connect = socket.socket.connect
    allow_loopback = request.node.get_closest_marker("loopback") is not None

    def guarded_connect(self, address):
        if self.family == getattr(socket, "AF_UNIX", object()):
            return real_connect(self, address)
        if allow_loopback and _is_loopback(address):
            return real_connect(self, address)
        raise NetworkBlocked(f"network access attempted in a test: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    yield


def pytest_report_header(config):
    """Print which gazetteer build the suite runs against (built on first use when absent)."""
    import json

    from geomap.gazetteer import default_path

    manifest = default_path().with_suffix(".manifest.json")
    if not manifest.exists():
        return f"gazetteer: not built yet (will be built at {default_path()})"
    build_id = json.loads(manifest.read_text(encoding="utf-8")).get("build_id", "unknown")
    return f"gazetteer: {default_path()} build {build_id}"
