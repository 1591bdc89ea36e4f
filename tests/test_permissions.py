"""The permission matrix: every URL pattern, requested as every persona.

Add a row when you add a URL: ``test_every_url_has_a_row`` fails until you do.
Statuses: 200 shown, 302 redirected (anonymous → login, or a flow step),
403 the role lacks the action, 404 the object is outside what they may know,
405 wrong method, 409/410 see the view.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from buddies.models import Enquiry, MatchStatus
from directory import caremap
from events.models import Audience, CalendarFeed, ChecklistItem, EventInvitee
from feedback import services as feedback_services
from groups import services as group_services
from groups.models import GroupKind, MemberRole, MembershipStatus
from invitations import services
from mydata.models import ClosureRequest, DataExport, ExportStatus
from privacy import services as privacy_services
from privacy.models import Post, Thread
from tests.buddies.factories import ExperiencedCaregiverFactory, MatchFactory, NewCaregiverFactory
from tests.conftest import PERSONAS
from tests.directory.factories import CareMapEntryFactory, ListingFactory
from tests.events.factories import EventFactory, RSVPFactory
from tests.feedback.factories import InvitationFactory as SurveyInvitationFactory
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.invitations.factories import InvitationFactory

#                   anonymous, caregiver, caregiver_other_region, social_worker, social_worker_other_region, manager
PUBLIC = (200, 200, 200, 200, 200, 200)
SIGNED_IN = (302, 200, 200, 200, 200, 200)
STAFF = (302, 403, 403, 200, 200, 200)
CAREGIVERS = (302, 200, 200, 403, 403, 403)
# Objects in Wellington: the Wellington social worker and the national manager
# may see them; Auckland staff must not learn they exist.
WELLINGTON_STAFF = (302, 403, 403, 200, 404, 200)
WELLINGTON_STAFF_ACTION = (302, 403, 403, 302, 404, 302)
REDIRECTS = (302, 302, 302, 302, 302, 302)
POST_ONLY = (405, 405, 405, 405, 405, 405)
# Provider webhooks: no session needed or used; a request without the
# provider's signature or bearer token is refused whoever sends it.
UNSIGNED = (403, 403, 403, 403, 403, 403)

# Peer groups (a Wellington group; the Wellington caregiver is a member): members and
# the region's social worker see its members and meetings; other caregivers must not
# learn more than its public page (404); managers see health figures, not people (403).
GROUP_MEMBERS_ONLY = (302, 200, 404, 200, 404, 403)
GROUP_MANAGERS = (302, 403, 404, 200, 404, 403)
GROUP_MANAGERS_ACTION = (302, 403, 404, 302, 404, 403)
# Group discussion (privacy): members and the group's social workers; everyone else 404,
# managers too (they never read what members write). Moderation: facilitators and social workers.
DISCUSSION = (302, 200, 404, 200, 404, 404)
DISCUSSION_MODERATORS = (302, 404, 404, 200, 404, 404)
DISCUSSION_MODERATORS_ACTION = (302, 404, 404, 302, 404, 404)

# (url name, method, kwargs key, expected statuses in PERSONAS order)
MATRIX = [
    ("home", "GET", None, SIGNED_IN),
    # For load balancers: no login, and nothing personal in it (tests/peersupport/test_healthz.py).
    ("healthz", "GET", None, PUBLIC),
    # The accessibility statement and its report form: anyone, signed in or not (an empty report is refused).
    ("accessibility", "GET", None, PUBLIC),
    ("accessibility", "POST", None, PUBLIC),
    # The language switcher: anyone (an empty choice changes nothing and goes back).
    ("set_language", "POST", None, REDIRECTS),
    ("set_language", "GET", None, POST_ONLY),
    # Administrators only (superusers with MFA, tests/peersupport/test_operations.py); the rest 403.
    ("operations", "GET", None, (302, 403, 403, 403, 403, 403)),
    ("profile", "GET", None, CAREGIVERS),
    # Closing an account (tests/mydata/test_closure_views.py): caregivers ask (a POST without the
    # confirmation box shows the form again) and may withdraw; staff of the caregiver's region
    # decide, others 404 (the caregiver persona has an open request).
    ("mydata:close", "GET", None, CAREGIVERS),
    ("mydata:close", "POST", None, (302, 200, 200, 403, 403, 403)),
    ("mydata:close_withdraw", "POST", None, (302, 302, 302, 403, 403, 403)),
    ("mydata:close_withdraw", "GET", None, POST_ONLY),
    ("mydata:closures", "GET", None, STAFF),
    ("mydata:closure_confirm", "POST", "closure", WELLINGTON_STAFF_ACTION),
    ("mydata:closure_confirm", "GET", "closure", POST_ONLY),
    ("mydata:closure_decline", "GET", "closure", WELLINGTON_STAFF),
    ("mydata:closure_decline", "POST", "closure", WELLINGTON_STAFF),
    ("caregiver_list", "GET", None, STAFF),
    ("caregiver_detail", "GET", "caregiver", WELLINGTON_STAFF),
    # Issue 15: a caregiver's own record of staff reads; managers' review of them (social workers 403).
    ("who_looked", "GET", None, CAREGIVERS),
    ("staff_reads", "GET", None, (302, 403, 403, 403, 403, 200)),
    ("invitation_list", "GET", None, STAFF),
    ("invitation_create", "GET", None, STAFF),
    ("invitation_revoke", "POST", "invitation", WELLINGTON_STAFF_ACTION),
    ("invitation_revoke", "GET", "invitation", POST_ONLY),
    ("invitation_resend", "POST", "invitation", WELLINGTON_STAFF_ACTION),
    ("invitation_resend", "GET", "invitation", POST_ONLY),
    # Public: the invited person is not signed in; anyone signed in is asked to sign out first.
    ("invitation_accept", "GET", "invitation_link", (200, 409, 409, 409, 409, 409)),
    # Events: caregivers see their region's and national events; Auckland people
    # must not learn a Wellington event exists. Staff run events in their regions.
    ("event_list", "GET", None, SIGNED_IN),
    ("my_messages", "GET", None, CAREGIVERS),
    ("event_outbox", "GET", "event", WELLINGTON_STAFF),
    # Short links in texts only redirect; the event page then applies the rules above.
    ("event_short_link", "GET", "event", REDIRECTS),
    ("my_events", "GET", None, CAREGIVERS),
    ("calendar_feed_reset", "POST", None, (302, 302, 302, 403, 403, 403)),
    ("calendar_feed_reset", "GET", None, POST_ONLY),
    ("calendar_feed", "GET", "feed", PUBLIC),  # the secret token is the credential
    ("event_create", "GET", None, STAFF),
    ("event_detail", "GET", "event", (302, 200, 404, 200, 404, 200)),
    ("event_ics", "GET", "event", (302, 200, 404, 200, 404, 200)),
    ("rsvp_edit", "GET", "event", (302, 200, 404, 403, 403, 403)),
    ("rsvp_cancel", "POST", "event", (302, 302, 404, 403, 403, 403)),
    ("rsvp_cancel", "GET", "event", POST_ONLY),
    ("event_edit", "GET", "event", WELLINGTON_STAFF),
    ("event_cancel", "GET", "event", WELLINGTON_STAFF),
    ("event_rsvps", "GET", "event", WELLINGTON_STAFF),
    ("event_rsvps_csv", "GET", "event", WELLINGTON_STAFF),
    ("event_check_in", "GET", "event", WELLINGTON_STAFF),
    ("rsvp_check_in", "POST", "rsvp", WELLINGTON_STAFF_ACTION),
    ("rsvp_check_in", "GET", "rsvp", POST_ONLY),
    ("event_checklist", "GET", "event", WELLINGTON_STAFF),
    ("checklist_toggle", "POST", "checklist_item", WELLINGTON_STAFF_ACTION),
    ("checklist_toggle", "GET", "checklist_item", POST_ONLY),
    ("event_invitees", "GET", "invited_event", WELLINGTON_STAFF),
    ("follow_up_create", "POST", "invitee", WELLINGTON_STAFF_ACTION),
    ("follow_up_create", "GET", "invitee", POST_ONLY),
    # Buddies: a caregiver sees only their own suggestions and pairs; the Wellington social
    # worker sees the region's pairs but does not act for the pair; managers see figures only.
    ("buddy_home", "GET", None, CAREGIVERS),
    ("buddy_choose", "POST", None, (302, 302, 302, 403, 403, 403)),
    ("buddy_choose", "GET", None, POST_ONLY),
    ("buddy_different", "POST", None, (302, 302, 302, 403, 403, 403)),
    ("buddy_different", "GET", None, POST_ONLY),
    ("buddy_settings", "GET", None, CAREGIVERS),
    ("match_detail", "GET", "pair", (302, 200, 404, 200, 404, 403)),
    ("offer_respond", "POST", "offer", (302, 302, 404, 403, 404, 403)),
    ("offer_respond", "GET", "offer", POST_ONLY),
    ("check_in_create", "GET", "pair", (302, 200, 404, 403, 404, 403)),
    ("fit_check", "GET", "pair", (302, 200, 404, 403, 404, 403)),
    ("match_feedback", "GET", "pair", (302, 200, 404, 403, 404, 403)),
    ("match_end", "GET", "pair", (302, 200, 404, 200, 404, 403)),
    ("buddy_follow_up", "GET", None, (302, 403, 403, 200, 200, 403)),
    ("buddy_assign", "GET", "caregiver", (302, 403, 403, 200, 404, 403)),
    ("buddy_batch", "GET", None, (302, 403, 403, 200, 200, 403)),
    ("match_weights", "GET", None, (302, 403, 403, 403, 403, 200)),
    ("buddy_profile_edit", "GET", "caregiver", (302, 403, 403, 200, 404, 403)),
    ("buddy_list", "GET", None, (302, 403, 403, 200, 200, 403)),
    ("enquiry_list", "GET", None, (302, 403, 403, 200, 200, 403)),
    ("enquiry_create", "GET", None, (302, 403, 403, 200, 200, 403)),
    ("enquiry_detail", "GET", "enquiry", (302, 403, 403, 200, 404, 403)),
    # Directory: every current listing is open to everyone with a role here; a retired one
    # only to its curators (Wellington's social worker, the manager). Staff curate their
    # regions' listings (Auckland staff may see a Wellington listing, not edit it: 403).
    ("directory", "GET", None, SIGNED_IN),
    ("listing_detail", "GET", "listing", SIGNED_IN),
    ("listing_detail", "GET", "retired_listing", (302, 404, 404, 200, 404, 200)),
    ("listing_create", "GET", None, STAFF),
    ("listing_recheck", "GET", None, STAFF),
    ("listing_edit", "GET", "listing", (302, 403, 403, 200, 403, 200)),
    ("listing_edit", "GET", "retired_listing", WELLINGTON_STAFF),
    ("listing_retire", "POST", "listing", (302, 403, 403, 302, 403, 302)),
    ("listing_retire", "POST", "retired_listing", WELLINGTON_STAFF_ACTION),
    ("listing_retire", "GET", "listing", POST_ONLY),
    ("listing_checked", "POST", "listing", (302, 403, 403, 302, 403, 302)),
    ("listing_checked", "GET", "listing", POST_ONLY),
    # Social workers send to caregivers on their own caseload (the form offers only those).
    ("listing_send", "GET", "listing", (302, 403, 403, 200, 200, 403)),
    ("listing_send", "GET", "retired_listing", (302, 403, 403, 302, 404, 403)),
    ("training", "GET", None, CAREGIVERS),
    ("training_report", "GET", None, (302, 403, 403, 403, 403, 200)),
    # Care map: each caregiver's own (an empty POST shows the form's errors). Another caregiver's
    # entry is 404. The Wellington caregiver shares hers with her social worker, who alone may
    # read it; other social workers must not learn it exists (404); managers have no care map pages.
    ("caremap", "GET", None, CAREGIVERS),
    ("caremap", "POST", None, CAREGIVERS),
    ("caremap_entry_edit", "GET", "caremap_entry", (302, 200, 404, 403, 403, 403)),
    ("caremap_entry_remove", "POST", "caremap_entry", (302, 302, 404, 403, 403, 403)),
    ("caremap_entry_remove", "GET", "caremap_entry", POST_ONLY),
    ("caremap_share", "POST", None, (302, 302, 302, 403, 403, 403)),
    ("caremap_share", "GET", None, POST_ONLY),
    ("caremap_stop_sharing", "POST", None, (302, 302, 302, 403, 403, 403)),
    ("caremap_stop_sharing", "GET", None, POST_ONLY),
    ("caremap_shared", "GET", "caregiver", (302, 403, 403, 200, 404, 403)),
    # Feedback (issue 13): the one-click survey link is its own permission (a signed token naming
    # one invitation), so it opens for anyone holding it, signed in or not; a bad token is 404.
    ("survey_answer", "GET", "survey_link", PUBLIC),
    ("survey_answer", "GET", "survey_link_forged", (404, 404, 404, 404, 404, 404)),
    ("my_answers", "GET", None, CAREGIVERS),
    # Reports: staff, for their own regions (social workers) or all (the national manager).
    # Close-the-loop answers: the pair's coordinating social worker alone (the Auckland one
    # cannot see the pair: 404); caregivers and managers are not social workers (403).
    ("closing_answers", "GET", "ended_pair", (302, 403, 403, 200, 404, 403)),
    ("report", "GET", None, STAFF),
    ("report_csv", "GET", "report_table", STAFF),
    # Webhooks authenticate by signature (tests/notifications/test_webhook_*.py have the signed cases).
    ("webhook_twilio_inbound", "POST", None, UNSIGNED),
    ("webhook_twilio_inbound", "GET", None, POST_ONLY),
    ("webhook_twilio_status", "POST", None, UNSIGNED),
    ("webhook_twilio_status", "GET", None, POST_ONLY),
    ("webhook_notify_inbound", "POST", None, UNSIGNED),
    ("webhook_notify_inbound", "GET", None, POST_ONLY),
    ("webhook_notify_status", "POST", None, UNSIGNED),
    ("webhook_notify_status", "GET", None, POST_ONLY),
    ("group_list", "GET", None, SIGNED_IN),
    ("group_create", "GET", None, (302, 403, 403, 200, 200, 403)),
    ("group_detail", "GET", "group", (302, 200, 200, 200, 404, 200)),
    ("group_edit", "GET", "group", GROUP_MANAGERS),
    ("group_hosting", "POST", "group", (302, 302, 404, 403, 403, 403)),
    ("group_hosting", "GET", "group", POST_ONLY),
    ("group_members", "GET", "group", GROUP_MEMBERS_ONLY),
    ("group_meetings", "GET", "group", GROUP_MEMBERS_ONLY),
    # A member asking to join again is sent back to the group page.
    ("group_join", "GET", "group", (302, 302, 200, 403, 403, 403)),
    ("group_agreement", "GET", "group", (302, 200, 404, 403, 403, 403)),
    ("group_leave", "POST", "group", (302, 302, 302, 403, 403, 403)),
    ("group_leave", "GET", "group", POST_ONLY),
    ("group_requests", "GET", "group", GROUP_MANAGERS),
    ("membership_decide", "POST", "group_request", GROUP_MANAGERS_ACTION),
    ("membership_decide", "GET", "group_request", POST_ONLY),
    ("agreement_edit", "GET", "group", GROUP_MANAGERS),
    ("meeting_create", "GET", "group", GROUP_MANAGERS),
    ("meeting_manage", "GET", "group_meeting", GROUP_MANAGERS),
    ("meeting_edit", "GET", "group_meeting", GROUP_MANAGERS),
    ("meeting_edit", "POST", "group_meeting", GROUP_MANAGERS),
    ("facilitation_hand_over", "GET", "group", GROUP_MANAGERS),
    ("privacy_discussion", "GET", "group", DISCUSSION),
    ("privacy_thread_create", "GET", "group", DISCUSSION),
    ("privacy_guard_check", "POST", "group", DISCUSSION),
    ("privacy_guard_check", "GET", "group", POST_ONLY),
    ("privacy_thread", "GET", "discussion_thread", DISCUSSION),
    ("privacy_post_report", "GET", "discussion_post", DISCUSSION),
    ("privacy_moderation", "GET", "group", DISCUSSION_MODERATORS),
    ("privacy_moderate", "POST", "discussion_post", DISCUSSION_MODERATORS_ACTION),
    ("privacy_moderate", "GET", "discussion_post", POST_ONLY),
    ("privacy_retention", "GET", "group", DISCUSSION_MODERATORS),
    # Any caregiver may delete their own posts in a group they can see (none: nothing deleted).
    ("privacy_remove_my_posts", "POST", "group", (302, 302, 302, 403, 403, 403)),
    ("privacy_remove_my_posts", "GET", "group", POST_ONLY),
    ("privacy_protected_names", "GET", None, CAREGIVERS),
    ("privacy_protected_name_delete", "POST", "protected_name", (302, 302, 404, 403, 403, 403)),
    ("privacy_protected_name_delete", "GET", "protected_name", POST_ONLY),
    # A constellation: the caregiver persona is a satellite; only the hub answers requests.
    ("hub_requests", "GET", "constellation", GROUP_MEMBERS_ONLY),
    ("hub_request_answer", "POST", "hub_request", (302, 403, 404, 403, 404, 403)),
    ("hub_request_answer", "GET", "hub_request", POST_ONLY),
    # Your data (issue 15): a caregiver's own downloads. Someone else's is 404; after its 24 hours
    # it is 410 Gone (even before retention deletes it). Staff have no "Your data" pages (403).
    ("mydata:index", "GET", None, CAREGIVERS),
    ("mydata:index", "POST", None, (302, 302, 302, 403, 403, 403)),
    ("mydata:export_download", "GET", "data_export", (302, 200, 404, 403, 403, 403)),
    ("mydata:export_download", "GET", "data_export_expired", (302, 410, 404, 403, 403, 403)),
    ("mydata:export_page", "GET", "data_export", (302, 200, 404, 403, 403, 403)),
    ("mydata:export_page", "GET", "data_export_expired", (302, 410, 404, 403, 403, 403)),
    # allauth: sign-in, password reset and e-mail confirmation are public;
    # account management needs a session. Sign-up is closed (a page that says so).
    ("account_login", "GET", None, (200, 302, 302, 302, 302, 302)),
    ("account_logout", "POST", None, REDIRECTS),
    ("account_logout", "GET", None, (302, 200, 200, 200, 200, 200)),
    ("account_inactive", "GET", None, PUBLIC),
    ("account_signup", "GET", None, (200, 302, 302, 302, 302, 302)),
    ("account_reauthenticate", "GET", None, SIGNED_IN),
    ("account_email", "GET", None, SIGNED_IN),
    ("account_email_verification_sent", "GET", None, PUBLIC),
    ("account_change_password", "GET", None, SIGNED_IN),
    ("account_set_password", "GET", None, (302, 302, 302, 302, 302, 302)),
    ("account_reset_password", "GET", None, PUBLIC),
    ("account_reset_password_done", "GET", None, PUBLIC),
    ("account_reset_password_from_key", "GET", "reset_key", PUBLIC),
    ("account_reset_password_from_key_done", "GET", None, PUBLIC),
    ("account_confirm_login_code", "GET", None, REDIRECTS),
    ("account_confirm_email", "GET", "confirm_key", PUBLIC),
    ("mfa_index", "GET", None, SIGNED_IN),
    ("mfa_authenticate", "GET", None, REDIRECTS),
    # allauth's own rules below: MFA pages ask for a fresh password first (302),
    # pages about an authenticator the person does not have are 404.
    ("mfa_reauthenticate", "GET", None, (302, 302, 302, 200, 200, 200)),
    ("mfa_activate_totp", "GET", None, REDIRECTS),
    ("mfa_deactivate_totp", "GET", None, (302, 404, 404, 302, 302, 302)),
    ("mfa_view_recovery_codes", "GET", None, (302, 404, 404, 404, 404, 404)),
    ("mfa_generate_recovery_codes", "GET", None, REDIRECTS),
    ("mfa_download_recovery_codes", "GET", None, (302, 404, 404, 404, 404, 404)),
]

# Every Django admin URL: nobody but an MFA-protected superuser gets in. Others
# are sent to the admin login, which hands over to allauth
# (see test_admin_is_for_superusers_with_mfa below for the superuser and the 403).
ADMIN_PREFIX = "admin/"
ADMIN_LOGIN = "admin/login/"
ADMIN_LOGOUT = "admin/logout/"


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    """Yield (key, route, parameter names) for every URL pattern. The key is the
    qualified name, or the route for unnamed patterns."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield (name or route), route, list(pattern.pattern.regex.groupindex)


ALL_PATTERNS = list(_walk(get_resolver().url_patterns))


def test_every_url_has_a_row():
    declared = {row[0] for row in MATRIX}
    missing = [key for key, route, _ in ALL_PATTERNS if key not in declared and not route.startswith(ADMIN_PREFIX)]
    assert missing == [], f"URL patterns without a permission-matrix row: {missing}"
    unknown = declared - {key for key, _, _ in ALL_PATTERNS}
    assert unknown == set(), f"rows for URLs that no longer exist: {unknown}"


@pytest.fixture
def url_kwargs(personas, social_worker, wellington):
    invitation = InvitationFactory(region=wellington, invited_by=social_worker)
    link_invitation = InvitationFactory(region=wellington, invited_by=social_worker)
    caregiver = personas["caregiver"]
    event = EventFactory(region=wellington, created_by=social_worker)
    ChecklistItem.objects.create(event=event, label="Greeters arranged")
    rsvp = RSVPFactory(event=event, user=caregiver)
    invited = EventFactory(region=wellington, audience=Audience.INVITED, created_by=social_worker)
    EventInvitee.objects.create(event=invited, user=caregiver)
    feed = CalendarFeed.objects.create(user=caregiver)
    group = GroupFactory(region=wellington, social_worker=social_worker, created_by=social_worker)
    MembershipFactory(group=group, user=caregiver)
    group_request = MembershipFactory(group=group, status=MembershipStatus.REQUESTED, joined_at=None)
    starts = timezone.now() + timedelta(days=7)
    meeting = group_services.meeting_create(
        group=group, by=social_worker, starts_at=starts, ends_at=starts + timedelta(hours=2), venue_name="Café"
    )
    constellation = GroupFactory(
        region=wellington, kind=GroupKind.CONSTELLATION, social_worker=social_worker, created_by=social_worker
    )
    MembershipFactory(group=constellation, role=MemberRole.FACILITATOR)
    MembershipFactory(group=constellation, user=caregiver)
    hub_request = group_services.hub_request_create(
        group=constellation, satellite=caregiver, kind="advice", starts_on=timezone.localdate()
    )
    thread = Thread.objects.create(group=group, title="Respite tips", author=caregiver, last_post_at=timezone.now())
    post = Post.objects.create(thread=thread, author=MembershipFactory(group=group).user, body="Any tips?")
    protected_name = privacy_services.protected_name_add(user=caregiver, name="Moana")
    # The caregiver persona has an active buddy, and is themself offered as someone else's buddy.
    pair = MatchFactory(
        new_caregiver=caregiver, buddy=ExperiencedCaregiverFactory(region=wellington).user, status=MatchStatus.ACTIVE
    )
    offer = MatchFactory(
        new_caregiver=NewCaregiverFactory(region=wellington).user, buddy=caregiver, status=MatchStatus.OFFERED
    )
    ended_pair = MatchFactory(
        new_caregiver=NewCaregiverFactory(region=wellington).user,
        buddy=ExperiencedCaregiverFactory(region=wellington).user,
        status=MatchStatus.ENDED,
        assigned_by=social_worker,
    )
    enquiry = Enquiry.objects.create(
        region=wellington, first_name="Pita", household="couple", how_heard="event", recorded_by=social_worker
    )
    listing = ListingFactory(region=wellington)
    retired = ListingFactory(region=wellington, retired_at=timezone.now())
    entry = CareMapEntryFactory(owner=caregiver)
    caremap.share_start(owner=caregiver)  # with the Wellington social worker
    survey_invitation = SurveyInvitationFactory(survey__event=event, user=caregiver)
    document = {"schema": "peersupport-export/1", "person": {"name": "x"}, "sections": {}}
    now = timezone.now()
    data_export = DataExport.objects.create(
        user=caregiver,
        status=ExportStatus.READY,
        document=document,
        finished_at=now,
        expires_at=now + timedelta(hours=24),
    )
    data_export_expired = DataExport.objects.create(
        user=caregiver, status=ExportStatus.READY, document=document, finished_at=now - timedelta(hours=25),
        expires_at=now - timedelta(hours=1),
    )  # fmt: skip
    closure = ClosureRequest.objects.create(user=caregiver)
    return {
        "data_export": {"pk": data_export.pk},
        "data_export_expired": {"pk": data_export_expired.pk},
        "closure": {"pk": closure.pk},
        "caremap_entry": {"pk": entry.pk},
        "survey_link": {"token": feedback_services.invitation_token(survey_invitation)},
        "survey_link_forged": {"token": "MQ:1abcde:not-a-signature"},
        "report_table": {"table": "participation"},
        "constellation": {"pk": constellation.pk},
        "hub_request": {"pk": constellation.pk, "request_pk": hub_request.pk},
        "group": {"pk": group.pk},
        "group_request": {"pk": group.pk, "membership_pk": group_request.pk},
        "group_meeting": {"pk": group.pk, "meeting_pk": meeting.pk},
        "discussion_thread": {"pk": group.pk, "thread_pk": thread.pk},
        "discussion_post": {"pk": group.pk, "post_pk": post.pk},
        "protected_name": {"name_pk": protected_name.pk},
        "enquiry": {"pk": enquiry.pk},
        "pair": {"pk": pair.pk},
        "ended_pair": {"pk": ended_pair.pk},
        "offer": {"pk": offer.pk},
        "listing": {"pk": listing.pk},
        "retired_listing": {"pk": retired.pk},
        "event": {"pk": event.pk},
        "rsvp": {"pk": event.pk, "rsvp_pk": rsvp.pk},
        "checklist_item": {"pk": event.pk, "item_pk": event.checklist.first().pk},
        "invited_event": {"pk": invited.pk},
        "invitee": {"pk": invited.pk, "user_pk": caregiver.pk},
        "feed": {"token": feed.token},
        None: {},
        "caregiver": {"pk": personas["caregiver"].caregiver_profile.pk},
        "invitation": {"pk": invitation.pk},
        "invitation_link": {"uid": link_invitation.uid, "token": services.invitation_token(link_invitation)},
        "reset_key": {"uidb36": "1", "key": "not-a-real-key"},
        "confirm_key": {"key": "not-a-real-key"},
    }


CASES = [
    pytest.param(name, method, kwargs_key, persona, expected[i], id=f"{name}-{method}-{persona}")
    for name, method, kwargs_key, expected in MATRIX
    for i, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("name", "method", "kwargs_key", "persona", "expected"), CASES)
def test_permission_matrix(client_for, url_kwargs, name, method, kwargs_key, persona, expected):
    client = client_for(persona)
    url = reverse(name, kwargs=url_kwargs[kwargs_key])
    response = client.post(url) if method == "POST" else client.get(url)
    assert response.status_code == expected, f"{persona} {method} {url}"
    if persona == "anonymous" and expected == 302 and name in _LOGIN_REQUIRED:
        assert response["Location"].startswith(reverse("account_login"))


_LOGIN_REQUIRED = {
    "home",
    "mydata:index",
    "profile",
    "caregiver_list",
    "caregiver_detail",
    "who_looked",
    "staff_reads",
    "invitation_list",
    "invitation_create",
    "operations",
    "directory",
    "training",
    "caremap",
    "caremap_shared",
}


def _admin_url(route: str, params: list[str]) -> str:
    path = "/" + route
    # Turn the pattern into a concrete path: any object id will do, because
    # access is refused before the object is looked up. The two regex routes
    # first: "<[^>]+>" would otherwise eat their group names.
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "accounts", path)
    path = re.sub(r"\(\?P<url>\.\*\)", "anything/", path)
    path = re.sub(r"<[^>]+>", "1", path)
    return path.replace("^", "").replace("$", "")


def _admin_expected(route: str, persona: str, url: str) -> tuple[int, str | None]:
    """(status, Location) of a GET by a persona; none of them is admin staff.

    The admin login hands an anonymous visitor over to allauth and refuses anyone
    signed in; the admin's logout sends a non-staff request back to the admin index
    (the same for a GET, whatever the method); every other admin URL redirects to
    the admin login with the URL as ``next``.
    """
    if route == ADMIN_LOGIN:
        if persona == "anonymous":
            return 302, reverse("account_login") + "?" + urlencode({"next": url})
        return 403, None
    if route == ADMIN_LOGOUT:
        return 302, reverse("admin:index")
    return 302, reverse("admin:login") + "?" + urlencode({"next": url}, safe="/")


ADMIN_CASES = [
    pytest.param(route, persona, id=f"{route}-{persona}")
    for key, route, params in ALL_PATTERNS
    if route.startswith(ADMIN_PREFIX)
    for persona in PERSONAS
]


@pytest.mark.parametrize(("route", "persona"), ADMIN_CASES)
def test_admin_urls_refuse_everyone_but_superusers(client_for, route, persona):
    params = next(p for k, r, p in ALL_PATTERNS if r == route)
    url = _admin_url(route, params)
    response = client_for(persona).get(url)
    assert (response.status_code, response.get("Location")) == _admin_expected(route, persona, url), url


def test_admin_is_for_superusers_with_mfa(client, superuser, caregiver):
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
    for path in ["/admin/accounts/caregiverprofile/", "/admin/events/event/", "/admin/notifications/message/"]:
        assert client.get(path).status_code == 200, path
