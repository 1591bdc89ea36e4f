"""Closing an account erases the person from every table and keeps the counts reports need."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from accounts.personal_data import person_linked_models
from events.models import RSVP
from feedback.models import Invitation as SurveyInvitation
from feedback.models import Response
from groups.models import Attendance, Membership
from mydata import closure
from mydata.models import ClosureRequest, ClosureStatus
from notifications.models import Message
from tests.mydata.erasure_everything import fill_everything, shared_things
from tests.mydata.walk import findings

# Models whose links to people are staff's only (created by, checked by): a caregiver never
# has a row there, so the everything-helper writes none.
STAFF_ONLY = {
    "accounts.StaffProfile",
    "events.Event",
    "events.ChecklistItem",
    "groups.Group",  # created by staff; the hub's contact is filled in (a text, not a link)
    "directory.Listing",
    "mydata.ClosureRequest",  # written as declined (the link goes when it is closed)
    "notifications.PhoneNumberStatus",  # found by number, not a link
    "buddies.Enquiry",
    "admin.LogEntry",  # by staff, about her account (found by object id)
}


def _counts(shared) -> dict:
    return {
        "past heads": shared.past_event.rsvps.confirmed().heads(),
        "past replies": RSVP.objects.filter(event=shared.past_event).count(),
        "survey responses": Response.objects.filter(survey=shared.survey).count(),
        "survey invitations": SurveyInvitation.objects.filter(survey=shared.survey).count(),
        "survey score total": sum(
            a.value or 0 for r in Response.objects.filter(survey=shared.survey) for a in r.answers.all()
        ),
        "attendance": Attendance.objects.filter(meeting=shared.meeting, attended=True).count(),
        "memberships": Membership.objects.filter(group=shared.group).count(),
        "messages": Message.objects.count(),
    }


@pytest.fixture
def two_people(wellington, social_worker):
    shared = shared_things(region=wellington, social_worker=social_worker)
    leaving = fill_everything(
        tag="Leaving", number="1001", region=wellington, social_worker=social_worker, shared=shared
    )
    staying = fill_everything(
        tag="Staying",
        number="2002",
        region=wellington,
        social_worker=social_worker,
        shared=shared,
        meeting_role="note_taker",
    )
    return shared, leaving, staying


def test_the_helper_fills_in_every_person_linked_model(two_people):
    _shared, leaving, _staying = two_people
    user_model = get_user_model()
    empty = []
    for model in person_linked_models():
        label = model._meta.label
        if label in STAFF_ONLY or model is user_model:
            continue
        links = [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is user_model]
        if not any(model._default_manager.filter(**{name: leaving.user}).exists() for name in links):
            empty.append(label)
    assert empty == []


def test_after_closure_no_table_holds_anything_of_hers(two_people, social_worker):
    shared, leaving, staying = two_people
    pk = leaving.user.pk
    assert findings(user_pk=pk, values=leaving.values)  # the walk sees her before
    request = closure.closure_request(user=leaving.user)

    closure.closure_confirm(closure=request, by=social_worker)

    # Only the last email, still waiting to go to her captured address, holds it.
    left = findings(user_pk=pk, values=leaving.values)
    last = Message.objects.get(kind=closure.CLOSED_KIND)
    assert left == [f"notifications.Message.to #{last.pk}: {leaving.values[2]}"]
    Message.objects.filter(pk=last.pk).update(status="sent")
    closure.closed_addresses_forget()
    assert findings(user_pk=pk, values=leaving.values) == []


def test_the_other_persons_data_and_the_report_counts_stay(two_people, social_worker):
    shared, leaving, staying = two_people
    staying_before = findings(user_pk=staying.user.pk, values=staying.values)
    before = _counts(shared)

    closure.closure_confirm(closure=closure.closure_request(user=leaving.user), by=social_worker)

    after = _counts(shared)
    # Her reply to the upcoming event went, the rest is counted as before (plus the outbox's
    # new rows: the request to the social worker and her last email).
    assert {k: v for k, v in after.items() if k != "messages"} == {k: v for k, v in before.items() if k != "messages"}
    assert after["messages"] == before["messages"] + 2
    assert findings(user_pk=staying.user.pk, values=staying.values) == staying_before


def test_closing_twice_erases_once(two_people, social_worker):
    _shared, leaving, _staying = two_people
    request = closure.closure_request(user=leaving.user)
    first = closure.closure_confirm(closure=request, by=social_worker)
    rows_after_first = {m._meta.label: m._default_manager.count() for m in person_linked_models()}

    second = closure.closure_confirm(closure=request, by=social_worker)

    assert first.status == second.status == ClosureStatus.CLOSED
    assert first.closed_at == second.closed_at
    assert {m._meta.label: m._default_manager.count() for m in person_linked_models()} == rows_after_first
    assert Message.objects.filter(kind=closure.CLOSED_KIND).count() == 1
    assert not get_user_model().objects.filter(pk=leaving.user.pk).exists()
    assert ClosureRequest.objects.get(pk=request.pk).user_id is None
