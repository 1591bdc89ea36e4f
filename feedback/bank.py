"""The standard item bank: every survey is built from these questions, so groups,
events and buddy pairs can be compared. A question is known by its code; answers
store the code (``feedback.models.Answer.question``, checked by the database).

Scales: ``rating`` 1–5 (poor … excellent), ``agree`` 1–5 (strongly disagree …
strongly agree), ``text`` free text (checked by the privacy hook before saving,
never about children, shown to staff only when 5 or more people answered).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

RATING, AGREE, TEXT = "rating", "agree", "text"

SCALE_LABELS = {
    RATING: [_("Poor"), _("Fair"), _("Good"), _("Very good"), _("Excellent")],
    AGREE: [_("Strongly disagree"), _("Disagree"), _("Neither agree nor disagree"), _("Agree"), _("Strongly agree")],
    # Wellbeing items: how much, from not at all to a great deal.
    "amount": [_("Not at all"), _("A little"), _("Somewhat"), _("Quite a lot"), _("A great deal")],
}


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    scale: str  # RATING, AGREE, "amount" or TEXT

    @property
    def is_text(self) -> bool:
        return self.scale == TEXT


QUESTIONS = {
    q.code: q
    for q in [
        Question("overall", _("Overall, how was it?"), RATING),
        Question("connected", _("I feel more connected to other caregivers."), AGREE),
        Question("worked", _("What worked well?"), TEXT),
        Question("better", _("What could be better?"), TEXT),
        Question("all_ok", _("We missed you. Is everything OK? Anything we could do to make it easier to come?"), TEXT),
        Question("buddy_helpful", _("My buddy pairing is helping me."), AGREE),
        Question("group_helpful", _("This group is helping me in my caring."), AGREE),
        # Close the loop (Mentorloop): asked when a buddy pair ends, read by the pair's
        # coordinating social worker only (feedback.access), never in reports or CSV.
        Question(
            "follow_up",
            _(
                "Anything your social worker should know or follow up? Only the social worker who looks after "
                "your pairing reads this, with your name."
            ),
            TEXT,
        ),
        # Wellbeing check-in: 1–5 each. Isolation and stress should go down, the others up.
        Question("isolation", _("How isolated have you felt as a caregiver lately?"), "amount"),
        Question("confidence", _("How confident do you feel in your caring?"), "amount"),
        Question("stress", _("How stressed have you felt lately?"), "amount"),
        Question("keep_caring", _("How much do you intend to keep caring?"), "amount"),
    ]
}

WELLBEING_CODES = ("isolation", "confidence", "stress", "keep_caring")

# Answers for the coordinator alone: left out of the managers' reports, their written answers
# and every export; shown only on the pair's close-the-loop page (feedback.views.closing_answers).
COORDINATOR_ONLY = ("follow_up",)
