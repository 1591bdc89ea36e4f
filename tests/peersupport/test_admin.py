"""Every admin page opens, and every change form saves back unchanged.

One row of each model with an admin is made through the services, as the site
would make it; a newly registered admin fails here until the fixture has a row.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import Language, ReadKind, Topic
from accounts.reads import record_read
from buddies.models import Enquiry, MatchStatus, MatchWeights
from directory import services as directory_services
from directory.models import Listing, ListingKind
from events import services as event_services
from events.models import EventInvitee, EventKind, EventStatus, FollowUpMethod, FollowUpOutcome, HouseholdReply
from groups import services as group_services
from groups.models import Attendance, GroupKind, MeetingPlace
from notifications.models import PhoneNumberStatus
from privacy import services as privacy_services
from tests.adminforms import form_errors, form_values
from tests.buddies.factories import BuddyProfileFactory, ExperiencedCaregiverFactory, MatchFactory
from tests.invitations.factories import InvitationFactory

ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def rows(superuser, caregiver, social_worker, manager, wellington):
    """A row of every model the admin shows (users, profiles, regions and the
    superuser's authenticator come from the personas)."""
    Group.objects.create(name="Volunteers")
    Language.objects.create(name="Te reo Māori")
    Topic.objects.create(name="Respite care")
    InvitationFactory(region=wellington, invited_by=social_worker)
    day = timezone.localdate() + timedelta(days=14)
    starts = timezone.make_aware(datetime.combine(day, time(10)))
    event = event_services.event_create(
        created_by=social_worker,
        title="Coffee morning",
        kind=EventKind.COFFEE_MORNING,
        region=wellington,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue_name="Community hall",
        capacity=20,
        status=EventStatus.PUBLISHED,
    )
    event_services.rsvp_submit(event=event, user=caregiver, going=True, household=HouseholdReply(adults=2))
    EventInvitee.objects.create(event=event, user=caregiver)
    event_services.follow_up_log(
        event=event,
        caregiver=caregiver,
        method=FollowUpMethod.CALL,
        outcome=FollowUpOutcome.COMING,
        note="",
        by=social_worker,
    )
    PhoneNumberStatus.objects.create(phone="+64215550101", opted_out_at=timezone.now())
    group = group_services.group_create(
        created_by=social_worker,
        name="Porirua coffee group",
        kind=GroupKind.COFFEE,
        region=wellington,
        area="Porirua",
        meeting_place=MeetingPlace.CAFE,
        weekday=5,
        meets_at=time(18, 30),
    )
    membership = group_services.membership_request(group=group, user=caregiver)
    group_services.membership_approve(membership=membership, by=social_worker)
    meeting = group_services.meeting_create(
        group=group, by=social_worker, starts_at=starts, ends_at=starts + timedelta(hours=2), venue_name="Café"
    )
    group_services.meeting_roles_set(meeting=meeting, roles={"host": caregiver})
    Attendance.objects.create(meeting=meeting, user=caregiver, attended=True, recorded_by=social_worker)
    buddy = BuddyProfileFactory(user=ExperiencedCaregiverFactory(region=wellington).user, ambassador=True).user
    MatchFactory(new_caregiver=caregiver, buddy=buddy, status=MatchStatus.ACTIVE)
    MatchWeights.objects.create()
    privacy_services.retention_set(group=group, months=12)
    privacy_services.thread_create(
        group=group, author=caregiver, title="Hello", body="Tama starts kindy soon, any tips?", confirmed=True
    )
    Enquiry.objects.create(
        region=wellington, first_name="Pita", household="couple", how_heard="event", recorded_by=social_worker
    )
    course = directory_services.listing_save(
        listing=Listing(
            kind=ListingKind.COURSE, name="Safe caring", summary="The core course.", region=wellington, phone="0800"
        ),
        topics=[],
        saved_by=social_worker,
    )
    directory_services.training_record(user=caregiver, listing=course, completed_on=timezone.localdate())
    record_read(reader=social_worker, subject=caregiver, what=ReadKind.RECORD)
    # The superuser signed in with it (allauth's admin cannot save a never-used authenticator).
    Authenticator.objects.filter(user=superuser).update(last_used_at=timezone.now())


def _may(model_admin, permission: str, user, obj=None) -> bool:
    request = RequestFactory().get("/admin/")
    request.user = user
    if permission == "add":
        return model_admin.has_add_permission(request)
    return model_admin.has_change_permission(request, obj)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_admin_pages_open_and_change_forms_save_back_unchanged(client, superuser, rows, model):
    model_admin = admin.site._registry[model]
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"add a {model._meta.label} row to the rows fixture in {__file__}"
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    client.force_login(superuser)

    assert client.get(reverse(f"{info}_changelist")).status_code == 200
    add = client.get(reverse(f"{info}_add"))
    assert add.status_code == (200 if _may(model_admin, "add", superuser) else 403)
    change_url = reverse(f"{info}_change", args=[obj.pk])
    page = client.get(change_url)
    assert page.status_code == 200

    response = client.post(change_url, form_values(page))
    if _may(model_admin, "change", superuser, obj):
        assert response.status_code == 302, form_errors(response)
    else:
        assert response.status_code == 403
