"""How long the written text of survey answers is kept (settings.RETENTION)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import RetentionRule, register_retention

from .models import Answer


def blank_old_answer_text(now: datetime) -> int:
    """Free text is where a caregiver may write about a child; the scores carry the reports."""
    cutoff = now - settings.RETENTION["feedback.answer_text"]
    return Answer.objects.filter(response__submitted_at__lt=cutoff).exclude(text="").update(text="")


register_retention(
    RetentionRule(
        key="feedback.answer_text",
        model="feedback.Answer",
        action=_("the written text blanked; scores stay"),
        counted_from=_("when the survey was answered"),
        apply=blank_old_answer_text,
    )
)
