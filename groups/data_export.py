"""The person's peer groups: memberships, roles at meetings, attendance and hub requests.

Other members are never named: who decided a request to join or recorded attendance appears
by role ("a social worker", "another caregiver").
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Correction, ExportSection, iso, register_export, role_of

from .models import Attendance, HubRequest, MeetingRole, Membership


def export(user) -> dict:
    """One query per list, each with its related rows joined in."""
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("group", "agreement_version", "decided_by")
        .order_by("requested_at", "pk")
    )
    roles = MeetingRole.objects.filter(user=user).select_related("meeting__group", "meeting__event")
    attendance = Attendance.objects.filter(user=user).select_related("meeting__group", "meeting__event", "recorded_by")
    asked = HubRequest.objects.filter(satellite=user).select_related("group", "answered_by").order_by("created_at")
    # Requests this person answered as a hub: their answer only; the request is the asker's.
    answered = HubRequest.objects.filter(answered_by=user).select_related("group").order_by("answered_at")
    return {
        "memberships": [
            {
                "group": m.group.name,
                "status": m.get_status_display(),
                "role": m.get_role_display(),
                "request_message": m.request_message,
                "agreement_version": m.agreement_version.number if m.agreement_version else None,
                "agreement_accepted_at": iso(m.agreement_accepted_at),
                "willing_to_host": m.willing_to_host,
                "requested_at": iso(m.requested_at),
                "joined_at": iso(m.joined_at),
                "ended_at": iso(m.ended_at),
                "decided_by": role_of(user, m.decided_by),
            }
            for m in memberships
        ],
        "meeting_roles": [
            {"group": r.meeting.group.name, "meeting_at": iso(r.meeting.event.starts_at), "role": r.get_role_display()}
            for r in sorted(roles, key=lambda r: r.meeting.event.starts_at)
        ],
        "attendance": [
            {
                "group": a.meeting.group.name,
                "meeting_at": iso(a.meeting.event.starts_at),
                "attended": a.attended,
                "recorded_by": role_of(user, a.recorded_by),
                "recorded_at": iso(a.recorded_at),
            }
            for a in sorted(attendance, key=lambda a: a.meeting.event.starts_at)
        ],
        "hub_requests": [
            {
                "group": h.group.name,
                "kind": h.get_kind_display(),
                "starts_on": iso(h.starts_on),
                "ends_on": iso(h.ends_on),
                "message": h.message,
                "status": h.get_status_display(),
                "answer": h.answer,
                "answered_by": role_of(user, h.answered_by),
                "answered_at": iso(h.answered_at),
                "created_at": iso(h.created_at),
            }
            for h in asked
        ],
        "hub_answers_given": [
            {"group": h.group.name, "answer": h.answer, "answered_at": iso(h.answered_at)} for h in answered
        ],
    }


register_export(
    ExportSection(
        key="groups",
        order=40,
        title=_("Your peer groups"),
        description=_(
            "The groups you joined or asked to join, your roles at meetings, whether you came, and "
            "your requests to a hub home. Other members are not named."
        ),
        export=export,
        models=("groups.Membership", "groups.MeetingRole", "groups.Attendance", "groups.HubRequest"),
        excluded={
            "groups.Group": "A group's own record (name, schedule); its link to a person is the staff member "
            "who runs or created it, which is not data about a caregiver. Group names appear in the rows above.",
            "groups.AgreementVersion": "The group's agreement text, written by staff for every member; the version "
            "the person accepted is in their membership row.",
        },
        corrections=(
            Correction(label=_("Leave a group or change whether you can host"), url_name="group_list"),
            Correction(
                label=_("Attendance and meeting roles"),
                ask=_("Ask the group's facilitator or your social worker."),
            ),
        ),
        labels={
            "memberships": _("Memberships"),
            "group": _("Group"),
            "status": _("Status"),
            "role": _("Role"),
            "request_message": _("Your message when you asked to join"),
            "agreement_version": _("Group agreement version accepted"),
            "agreement_accepted_at": _("Agreement accepted"),
            "willing_to_host": _("Willing to host"),
            "requested_at": _("Asked to join"),
            "joined_at": _("Joined"),
            "ended_at": _("Left or declined"),
            "decided_by": _("Decided by"),
            "meeting_roles": _("Roles at meetings"),
            "meeting_at": _("Meeting"),
            "attendance": _("Attendance"),
            "attended": _("Came"),
            "recorded_by": _("Recorded by"),
            "recorded_at": _("Recorded"),
            "hub_requests": _("Your requests to the hub home"),
            "kind": _("What you needed"),
            "starts_on": _("From"),
            "ends_on": _("Until"),
            "message": _("Details"),
            "answer": _("Answer"),
            "answered_by": _("Answered by"),
            "answered_at": _("Answered"),
            "created_at": _("Asked"),
            "hub_answers_given": _("Your answers as the hub home"),
        },
    )
)
