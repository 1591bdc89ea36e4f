"""Closing an account through the pages: the caregiver asks, withdraws or reads why not yet;
staff of their region confirm or decline; everyone else gets 404 for a request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReadKind, Role, StaffRead
from buddies.models import MatchStatus
from events import services as event_services
from events.models import RSVP, HouseholdReply
from mydata import closure
from mydata.models import ClosureRequest, ClosureStatus
from notifications.models import Message
from peersupport import pagecache
from tests.accounts.factories import CaregiverFactory, make_staff
from tests.buddies.factories import BuddyProfileFactory, MatchFactory, NewCaregiverFactory
from tests.events.factories import EventFactory
from tests.notifications.factories import MessageFactory
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

CLOSE = reverse("mydata:close")
CLOSURES = reverse("mydata:closures")


def _confirm_url(request: ClosureRequest) -> str:
    return reverse("mydata:closure_confirm", args=[request.pk])


def _decline_url(request: ClosureRequest) -> str:
    return reverse("mydata:closure_decline", args=[request.pk])


def test_the_page_explains_what_is_erased_and_kept_and_suggests_a_download_first(client_for):
    page = client_for("caregiver").get(CLOSE).content.decode()
    assert "What is erased" in page and "What is kept, without your name" in page
    assert 'href="/my-data/"' in page


def test_asking_without_the_confirmation_box_shows_the_error_next_to_it_and_asks_nothing(client_for, caregiver):
    response = client_for("caregiver").post(CLOSE, {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tick the box to say you understand, or keep your account." in page
    assert 'href="#id_understood"' in page  # the error summary links to the box
    assert not ClosureRequest.objects.exists()
    assert not Message.objects.filter(kind="closure_requested").exists()


def test_asking_tells_their_social_worker_without_free_text(client_for, caregiver, social_worker):
    response = client_for("caregiver").post(CLOSE, {"understood": "on"})
    assert response.status_code == 302
    request = ClosureRequest.objects.get()
    assert (request.user, request.status) == (caregiver, ClosureStatus.REQUESTED)
    message = Message.objects.get(kind="closure_requested")
    assert message.recipient == social_worker
    assert caregiver.display_name in message.body and "/my-data/closures/" in message.body
    assert "Waiting for your social worker" in client_for("caregiver").get(CLOSE).content.decode()


def test_asking_twice_makes_one_request_and_one_message(caregiver):
    first = closure.closure_request(user=caregiver)
    second = closure.closure_request(user=caregiver)
    assert first.pk == second.pk
    assert ClosureRequest.objects.count() == 1
    assert Message.objects.filter(kind="closure_requested").count() == 1


def test_without_a_social_worker_every_social_worker_of_the_region_is_told(
    wellington, social_worker, social_worker_other_region
):
    colleague = make_staff(role=Role.SOCIAL_WORKER, regions=[wellington], email="colleague@example.org")
    caregiver = CaregiverFactory(region=wellington, social_worker=None).user
    closure.closure_request(user=caregiver)
    told = set(Message.objects.filter(kind="closure_requested").values_list("recipient", flat=True))
    assert told == {social_worker.pk, colleague.pk}


def test_staff_cannot_ask_to_be_erased(social_worker):
    with pytest.raises(closure.ClosureRefused):
        closure.closure_request(user=social_worker)
    assert not ClosureRequest.objects.exists()


def test_withdrawing_keeps_the_account_and_can_be_asked_again(client_for, caregiver):
    client = client_for("caregiver")
    client.post(CLOSE, {"understood": "on"})
    assert client.post(reverse("mydata:close_withdraw")).status_code == 302
    request = ClosureRequest.objects.get()
    assert request.status == ClosureStatus.WITHDRAWN
    client.post(reverse("mydata:close_withdraw"))  # twice: nothing more happens
    assert ClosureRequest.objects.get().status == ClosureStatus.WITHDRAWN
    client.post(CLOSE, {"understood": "on"})
    assert ClosureRequest.objects.filter(status=ClosureStatus.REQUESTED).count() == 1


def test_the_social_worker_sees_requests_of_their_region_only(client_for, caregiver, caregiver_other_region):
    mine = closure.closure_request(user=caregiver)
    other = closure.closure_request(user=caregiver_other_region)
    page = client_for("social_worker").get(CLOSURES).content.decode()
    assert _confirm_url(mine) in page and _confirm_url(other) not in page
    page = client_for("manager").get(CLOSURES).content.decode()
    assert _confirm_url(mine) in page and _confirm_url(other) in page


def test_a_social_worker_of_another_region_gets_404(client_for, caregiver):
    request = closure.closure_request(user=caregiver)
    client = client_for("social_worker_other_region")
    assert client.post(_confirm_url(request)).status_code == 404
    assert client.get(_decline_url(request)).status_code == 404
    assert client.post(_decline_url(request), {"reason": "No"}).status_code == 404
    assert ClosureRequest.objects.get().status == ClosureStatus.REQUESTED
    assert get_user_model().objects.filter(pk=caregiver.pk).exists()


def test_a_decided_request_is_404_for_its_decider_too(client_for, caregiver, social_worker):
    request = closure.closure_request(user=caregiver)
    closure.closure_withdraw(closure=request, user=caregiver)
    assert client_for("social_worker").post(_confirm_url(request)).status_code == 404
    assert get_user_model().objects.filter(pk=caregiver.pk).exists()


def test_the_requests_page_reads_the_same_queries_for_one_or_many(client_for, wellington):
    client = client_for("social_worker")
    closure.closure_request(user=CaregiverFactory(region=wellington).user)

    def more():
        for _ in range(8):
            closure.closure_request(user=CaregiverFactory(region=wellington).user)

    # session, user, authenticator (MFA), staff profile, regions subquery + the requests with
    # their caregivers and regions in one join
    assert_constant_queries(lambda: client.get(CLOSURES), more, expected=5)


def test_declining_needs_a_reason_next_to_the_field(client_for, caregiver):
    request = closure.closure_request(user=caregiver)
    response = client_for("social_worker").post(_decline_url(request), {"reason": ""})
    assert response.status_code == 200
    assert "Tell the caregiver why their account is not closed yet." in response.content.decode()
    assert ClosureRequest.objects.get().status == ClosureStatus.REQUESTED


def test_declining_tells_the_caregiver_and_shows_the_reason_on_their_page_only(client_for, caregiver, social_worker):
    request = closure.closure_request(user=caregiver)
    reason = "Your placement review is next week; let's talk after it."
    response = client_for("social_worker").post(_decline_url(request), {"reason": reason})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.decline_reason) == (
        ClosureStatus.DECLINED,
        social_worker,
        reason,
    )
    told = Message.objects.get(kind="closure_declined")
    assert told.recipient == caregiver and "placement review" not in told.body
    assert "/my-data/close/" in told.body
    page = client_for("caregiver").get(CLOSE).content.decode()
    assert "placement review is next week" in page and "Ask to close my account" in page


def test_confirming_erases_signs_out_everywhere_and_sends_a_last_email(client_for, caregiver, social_worker):
    address = caregiver.email
    request = closure.closure_request(user=caregiver)
    elsewhere = Client()
    elsewhere.force_login(caregiver)  # another browser
    assert elsewhere.get(CLOSE).status_code == 200

    response = client_for("social_worker").post(_confirm_url(request))

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=caregiver.pk).exists()
    assert elsewhere.get(CLOSE).status_code == 302  # to the sign-in page
    last = Message.objects.get(kind=closure.CLOSED_KIND)
    assert last.to == address and last.recipient is None
    assert caregiver.first_name not in last.body and caregiver.last_name not in last.body
    request.refresh_from_db()
    assert (request.status, request.user, request.decided_by) == (ClosureStatus.CLOSED, None, social_worker)


def test_the_last_address_is_forgotten_once_sent_and_doing_it_twice_changes_nothing(caregiver, social_worker):
    closure.closure_confirm(closure=closure.closure_request(user=caregiver), by=social_worker)
    last = Message.objects.get(kind=closure.CLOSED_KIND)
    assert closure.closed_addresses_forget() == 1  # not sent yet: kept
    assert Message.objects.get(pk=last.pk).to == caregiver.email

    Message.objects.filter(pk=last.pk).update(status="sent")
    assert closure.closed_addresses_forget() == 0
    first = Message.objects.values("to", "body", "subject", "status", "purged_at").get(pk=last.pk)
    assert closure.closed_addresses_forget() == 0
    assert Message.objects.values("to", "body", "subject", "status", "purged_at").get(pk=last.pk) == first
    assert (first["to"], first["body"], first["status"]) == ("", "", "sent")


def test_the_forget_task_run_twice_leaves_the_same_result(caregiver, social_worker):
    closure.closure_confirm(closure=closure.closure_request(user=caregiver), by=social_worker)
    last = Message.objects.get(kind=closure.CLOSED_KIND)
    Message.objects.filter(pk=last.pk).update(status="sent")
    assert closure.forget_closed_address.apply(args=[last.pk]).get() == 0
    once = Message.objects.values().get(pk=last.pk)
    assert closure.forget_closed_address.apply(args=[last.pk]).get() == 0
    assert Message.objects.values().get(pk=last.pk) == once


def test_a_place_at_an_upcoming_event_goes_to_the_waitlist(caregiver, social_worker, wellington):
    event = EventFactory(region=wellington, capacity=2)
    event_services.rsvp_submit(event=event, user=caregiver, going=True, household=HouseholdReply(adults=2))
    waiting = CaregiverFactory(region=wellington).user
    event_services.rsvp_submit(event=event, user=waiting, going=True, household=HouseholdReply(adults=1))
    assert RSVP.objects.get(user=waiting).waitlisted

    closure.closure_confirm(closure=closure.closure_request(user=caregiver), by=social_worker)

    assert list(event.rsvps.values_list("user", "waitlisted")) == [(waiting.pk, False)]
    assert Message.objects.filter(kind="waitlist_promoted", recipient=waiting).exists()


def test_cached_pages_about_her_are_not_shown_again(client_for, caregiver, social_worker, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    monkeypatch.setattr(pagecache, "clock", lambda: 1_800_000_000.0)
    client = client_for("social_worker")
    url = reverse("caregiver_list")
    assert caregiver.last_name in client.get(url).content.decode()
    request = closure.closure_request(user=caregiver)

    closure.closure_confirm(closure=request, by=social_worker)

    assert caregiver.last_name not in client.get(url).content.decode()


def test_staff_are_deactivated_from_the_admin_keeping_their_trail(client, superuser, social_worker, caregiver):
    StaffRead.objects.create(reader=social_worker, subject=caregiver, what=ReadKind.RECORD)
    theirs = Client()
    theirs.force_login(social_worker)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate_staff", "_selected_action": [social_worker.pk, caregiver.pk]},
    )
    assert response.status_code == 302
    social_worker.refresh_from_db()
    caregiver.refresh_from_db()
    assert not social_worker.is_active and caregiver.is_active  # caregivers are not touched
    assert StaffRead.objects.filter(reader=social_worker).count() == 1  # nothing erased
    assert theirs.get(CLOSURES).status_code == 302  # signed out


def test_an_expired_session_is_ended_too(caregiver, social_worker):
    old = SessionStore()
    old[SESSION_KEY] = str(caregiver.pk)
    old.create()
    Session.objects.filter(pk=old.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    closure.closure_confirm(closure=closure.closure_request(user=caregiver), by=social_worker)
    assert not Session.objects.filter(pk=old.session_key).exists()


def test_an_offer_to_a_buddy_who_leaves_passes_to_the_next_choice(caregiver, social_worker, wellington):
    new = NewCaregiverFactory(region=wellington).user
    BuddyProfileFactory(user=caregiver)
    offered = MatchFactory(new_caregiver=new, buddy=caregiver, status=MatchStatus.OFFERED, choice_rank=1)
    next_choice = MatchFactory(new_caregiver=new, status=MatchStatus.SUGGESTED, choice_rank=2)

    closure.closure_confirm(closure=closure.closure_request(user=caregiver), by=social_worker)

    offered.refresh_from_db()
    next_choice.refresh_from_db()
    assert (offered.status, offered.buddy) == (MatchStatus.WITHDRAWN, None)
    assert next_choice.status == MatchStatus.OFFERED
    assert Message.objects.filter(kind="buddy_offer", recipient=next_choice.buddy).exists()


def test_messages_naming_her_are_blanked_but_a_namesakes_own_are_sent(caregiver, social_worker, wellington):
    namesake = CaregiverFactory(region=wellington, user__first_name=caregiver.first_name).user
    greeting = f"Kia ora {caregiver.first_name}, see you Saturday."
    to_namesake = MessageFactory(recipient=namesake, channel="email", body=greeting)
    about_her = MessageFactory(
        recipient=CaregiverFactory(region=wellington).user,
        channel="email",
        body=f"Your buddy is {caregiver.first_name}.",
    )

    closure.closure_confirm(closure=closure.closure_request(user=caregiver), by=social_worker)

    to_namesake.refresh_from_db()
    about_her.refresh_from_db()
    assert (to_namesake.body, to_namesake.status) == (greeting, "pending")
    assert (about_her.body, about_her.to, about_her.status) == ("", "", "suppressed")
