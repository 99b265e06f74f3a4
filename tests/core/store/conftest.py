"""A connection to a private copy of the seeded store, for store tests that write."""

import pytest

from danvan.store import db


@pytest.fixture
def con(writable_db):
    with db.connect(writable_db) as connection:
        yield connection
