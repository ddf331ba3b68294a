"""Fixtures shared by the page tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def coordinator(client, make_user):
    """The test client, logged in as a coordinator."""
    make_user("koord", "coordinator")
    client.login("koord")
    return client
