"""The person's buddy settings, their pairs (as the new caregiver or as the buddy), the
check-ins logged for those pairs, and enquiries they were asked to talk with as an ambassador.

The other person in a pair is "your buddy" or "the caregiver you supported", never a name.
What they wrote at the end of the pair is about this person too, so it is included.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Correction, ExportSection, iso, register_export, role_of

from .models import BuddyProfile, CheckIn, Enquiry, Match


def _other_in_pair(user, match: Match, person) -> str | None:
    if person is None:
        return None
    if person.pk == match.buddy_id and person.pk != user.pk:
        return gettext("your buddy")
    if person.pk == match.new_caregiver_id and person.pk != user.pk:
        return gettext("the caregiver you supported")
    return role_of(user, person)


def export(user) -> dict:
    """Four queries however many pairs: profile, pairs, check-ins, enquiries."""
    profile = BuddyProfile.objects.filter(user=user).first()
    matches = list(
        Match.objects.filter(Q(new_caregiver=user) | Q(buddy=user))
        .select_related("assigned_by", "ended_by")
        .order_by("created_at", "pk")
    )
    by_match = {m.pk: m for m in matches}
    check_ins = (
        CheckIn.objects.filter(match__in=by_match).select_related("logged_by", "topic").order_by("happened_on", "pk")
    )
    pairs = []
    for m in matches:
        you_are_new = m.new_caregiver_id == user.pk
        pairs.append(
            {
                "you_were": gettext("the new caregiver") if you_are_new else gettext("the buddy"),
                "status": m.get_status_display(),
                # The matching reasons describe the buddy (their town, years caring): given to the
                # buddy, whom they describe, and not to the new caregiver.
                "reasons": "" if you_are_new else m.reasons,
                "choice_rank": m.choice_rank,
                "assigned_by": role_of(user, m.assigned_by),
                "offered_at": iso(m.offered_at),
                "offer_expires_at": iso(m.offer_expires_at),
                "responded_at": iso(m.responded_at),
                "started_on": iso(m.started_on),
                "planned_end_on": iso(m.planned_end_on),
                "ended_at": iso(m.ended_at),
                "ended_by": _other_in_pair(user, m, m.ended_by),
                "end_reason": m.get_end_reason_display(),
                "your_feedback": m.feedback_new if you_are_new else m.feedback_buddy,
                "your_fit_check": m.get_fit_new_display() if you_are_new else m.get_fit_buddy_display(),
                "their_feedback": m.feedback_buddy if you_are_new else m.feedback_new,
                "created_at": iso(m.created_at),
                "check_ins": [],
            }
        )
    index = {m.pk: row for m, row in zip(matches, pairs, strict=True)}
    for check_in in check_ins:
        index[check_in.match_id]["check_ins"].append(
            {
                "happened_on": iso(check_in.happened_on),
                "contact_type": check_in.get_contact_type_display(),
                "topic": check_in.topic.name if check_in.topic else "",
                "logged_by": _other_in_pair(user, by_match[check_in.match_id], check_in.logged_by),
                "logged_at": iso(check_in.created_at),
            }
        )
    return {
        "buddy_settings": None
        if profile is None
        else {
            "willing": profile.willing,
            "capacity": profile.capacity,
            "paused": profile.paused,
            "ambassador": profile.ambassador,
            "prefers_shared_culture": profile.prefers_shared_culture,
            "updated_at": iso(profile.updated_at),
        },
        "pairs": pairs,
        # The enquirer's name and background are theirs: only that one was passed to this
        # ambassador, when, and how it went.
        "ambassador_enquiries": [
            {"created_at": iso(e.created_at), "outcome": e.get_outcome_display(), "outcome_at": iso(e.outcome_at)}
            for e in Enquiry.objects.filter(ambassador=user).order_by("created_at", "pk")
        ],
    }


register_export(
    ExportSection(
        key="buddies",
        order=50,
        title=_("Your buddies"),
        description=_(
            "Your buddy settings, every buddy pairing you were part of with its check-ins, and "
            "enquiries you were asked to talk with as an ambassador. The other person is not named."
        ),
        export=export,
        models=("buddies.BuddyProfile", "buddies.Match", "buddies.CheckIn", "buddies.Enquiry"),
        corrections=(
            Correction(label=_("Whether you are willing to be a buddy, and for how many"), url_name="buddy_settings"),
            Correction(label=_("Your pairs and check-ins"), url_name="buddy_home"),
            Correction(label=_("Anything else about a pairing"), ask=_("Ask your social worker.")),
        ),
        labels={
            "buddy_settings": _("Buddy settings"),
            "willing": _("Willing to be a buddy"),
            "capacity": _("Room for"),
            "paused": _("Paused"),
            "ambassador": _("Ambassador"),
            "prefers_shared_culture": _("Prefers a buddy who shares their culture"),
            "updated_at": _("Last changed"),
            "pairs": _("Pairings"),
            "you_were": _("You were"),
            "status": _("Status"),
            "reasons": _("Why you were suggested"),
            "choice_rank": _("Order of preference"),
            "assigned_by": _("Offered by"),
            "offered_at": _("Offered"),
            "offer_expires_at": _("Offer open until"),
            "responded_at": _("Answered"),
            "started_on": _("Started"),
            "planned_end_on": _("Planned end"),
            "ended_at": _("Ended"),
            "ended_by": _("Ended by"),
            "end_reason": _("Why it ended"),
            "your_feedback": _("Your feedback"),
            "your_fit_check": _("Your answer to “is it a good fit?”"),
            "their_feedback": _("The other person's feedback"),
            "created_at": _("Created"),
            "check_ins": _("Check-ins"),
            "happened_on": _("Date"),
            "contact_type": _("How you were in touch"),
            "topic": _("Topic"),
            "logged_by": _("Logged by"),
            "logged_at": _("Logged"),
            "ambassador_enquiries": _("Enquiries passed to you as an ambassador"),
            "outcome": _("How it went"),
            "outcome_at": _("Outcome recorded"),
        },
    )
)
