"""Asking, confirming and withdrawing at the same moment (real PostgreSQL, real threads):
one request per person, erased once, and a withdrawn request is never erased."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from mydata import closure
from mydata.models import ClosureRequest, ClosureStatus
from notifications.models import Message
from tests.races import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI sets DATABASE_URL)"
)


@pytest.mark.django_db(transaction=True)
def test_asking_three_times_at_once_makes_one_request_and_one_message(caregiver):
    errors = run_together([lambda: closure.closure_request(user=caregiver) for _ in range(3)])
    assert errors == []
    assert ClosureRequest.objects.filter(user=caregiver).count() == 1
    assert Message.objects.filter(kind="closure_requested").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_confirms_and_a_withdrawal_at_once_settle_on_one_outcome(caregiver, social_worker, manager):
    request = closure.closure_request(user=caregiver)
    errors = run_together(
        [
            lambda: closure.closure_confirm(closure=request, by=social_worker),
            lambda: closure.closure_confirm(closure=request, by=manager),
            lambda: closure.closure_withdraw(closure=request, user=caregiver),
        ]
    )
    assert errors == []
    request.refresh_from_db()
    exists = get_user_model().objects.filter(pk=caregiver.pk).exists()
    closed_emails = Message.objects.filter(kind=closure.CLOSED_KIND).count()
    if request.status == ClosureStatus.CLOSED:
        assert (exists, closed_emails) == (False, 1)
    else:
        assert request.status == ClosureStatus.WITHDRAWN
        assert (exists, closed_emails) == (True, 0)
