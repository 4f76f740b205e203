"""The suite itself must be unable to reach the network."""

import socket

import pytest

from tests.conftest import NetworkBlocked


def test_socket_connect_is_blocked():
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_loopback_is_blocked_without_marker():
    with socket.socket() as sock, pytest.raises(NetworkBlocked):
        sock.connect(("127.0.0.1", 9))
