"""How long buddy pairs' written feedback and ambassadors' enquiries are kept (settings.RETENTION)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import RetentionRule, register_retention

from .models import Enquiry, EnquiryOutcome, Match


def blank_old_pair_feedback(now: datetime) -> int:
    cutoff = now - settings.RETENTION["buddies.pair_feedback"]
    return (
        Match.objects.filter(ended_at__lt=cutoff)
        .filter(~Q(feedback_new="") | ~Q(feedback_buddy=""))
        .update(feedback_new="", feedback_buddy="")
    )


def anonymise_old_enquiries(now: datetime) -> int:
    """The enquirer is not a user of the portal and cannot ask us to delete their first name:
    it goes on its own once the outcome is a year old. An open enquiry is kept as it is."""
    cutoff = now - settings.RETENTION["buddies.enquiries"]
    return (
        Enquiry.objects.filter(outcome_at__lt=cutoff)
        .exclude(outcome=EnquiryOutcome.OPEN)
        .filter(~Q(first_name="") | ~Q(cultural_background="") | ~Q(outcome_note=""))
        .update(first_name="", cultural_background="", outcome_note="")
    )


register_retention(
    RetentionRule(
        key="buddies.pair_feedback",
        model="buddies.Match",
        action=_("the written feedback of both caregivers blanked; the fit answers and dates stay"),
        counted_from=_("when the pair ended"),
        apply=blank_old_pair_feedback,
    )
)
register_retention(
    RetentionRule(
        key="buddies.enquiries",
        model="buddies.Enquiry",
        action=_("first name, cultural background and note blanked; region, household and outcome stay"),
        counted_from=_("when the outcome was recorded"),
        apply=anonymise_old_enquiries,
    )
)
