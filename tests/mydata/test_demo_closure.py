"""The check in the issue, on the demo data: carer@example.org asks, her social worker
confirms, and a search of every table finds none of her personal fields."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from mydata import closure
from notifications.models import Message
from tests.mydata.walk import findings


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True  # seed_demo refuses without it (published passwords)


def _local(phone: str) -> str:
    """+64210000001 → "021 000 0001": how a person types it into free text."""
    digits = "0" + phone.removeprefix("+64")
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def test_demo_carer_leaves_nothing_behind(db):
    call_command("seed_demo", stdout=io.StringIO())
    carer = get_user_model().objects.select_related("caregiver_profile").get(email="carer@example.org")
    profile = carer.caregiver_profile
    values = [carer.email, carer.get_full_name(), profile.phone, _local(profile.phone)]
    values += [v for v in (profile.cultural_identity,) if v]
    assert findings(user_pk=carer.pk, values=values)

    request = closure.closure_request(user=carer)
    done = closure.closure_confirm(closure=request, by=profile.social_worker)
    assert done.status == "closed"
    Message.objects.filter(kind=closure.CLOSED_KIND).update(status="sent")
    closure.closed_addresses_forget()

    left = findings(user_pk=carer.pk, values=values)
    assert left == [], "\n".join(left)
    # Her first name on its own too (the hub's contact, a buddy's messages, the discussion): found
    # only in the account of the other demo caregiver who shares it.
    namesake = [
        f
        for f in findings(user_pk=carer.pk, values=[carer.first_name])
        if not f.startswith(("accounts.User.", "account.EmailAddress."))
    ]
    assert namesake == []
    assert get_user_model().objects.filter(first_name=carer.first_name).count() == 1
