"""The database's guarantees for care map entries."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from directory.models import CareMapKind
from tests.directory.factories import CareMapEntryFactory, ListingFactory


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "cousin"},
        {"ring": "far"},
        {"label": ""},
        {"kind": CareMapKind.PERSON, "group_id": 7},
    ],
    ids=["unknown kind", "unknown ring", "empty label", "group link on a person"],
)
def test_the_database_refuses(caregiver, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        CareMapEntryFactory(owner=caregiver, **fields)


def test_an_entry_links_to_one_thing_at_most(caregiver, wellington):
    listing = ListingFactory(region=wellington)
    with pytest.raises(IntegrityError), transaction.atomic():
        CareMapEntryFactory(owner=caregiver, kind=CareMapKind.GROUP, group_id=3, listing=listing)
    assert CareMapEntryFactory(owner=caregiver, kind=CareMapKind.GROUP, group_id=3).group_id == 3
