"""The person's feedback: the surveys they were asked to answer and their answers,
including what they wrote in their own words.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import Correction, ExportSection, iso, register_export

from .models import Answer, Invitation, Response, Survey, SurveyKind


def about(survey: Survey) -> str:
    """What a survey was about, as ``feedback/partials/about.html`` says it (no other person named)."""
    if survey.kind in (SurveyKind.EVENT, SurveyKind.NO_SHOW):
        return gettext("The event %(title)s") % {"title": survey.event.title}
    if survey.kind == SurveyKind.GROUP:
        return gettext("Your peer group, %(name)s") % {"name": survey.group.name}
    if survey.kind == SurveyKind.WELLBEING:
        return gettext("How you are going as a caregiver")
    return gettext("Your buddy pairing")


def export(user) -> dict:
    """Three queries: invitations, responses, their answers (prefetched)."""
    related = ("survey__event", "survey__group")
    invitations = Invitation.objects.filter(user=user).select_related(*related).order_by("created_at", "pk")
    responses = (
        Response.objects.filter(user=user)
        .select_related(*related)
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("pk")))
        .order_by("submitted_at", "pk")
    )
    return {
        "surveys_sent": [
            {
                "survey": i.survey.get_kind_display(),
                "about": about(i.survey),
                "sent_at": iso(i.created_at),
                "answered_at": iso(i.answered_at),
            }
            for i in invitations
        ],
        "responses": [
            {
                "survey": r.survey.get_kind_display(),
                "about": about(r.survey),
                "submitted_at": iso(r.submitted_at),
                "share_name": r.share_name,
                "answers": [
                    {"question": a.question_text, "value": a.value, "answer": a.shown} for a in r.answers.all()
                ],
            }
            for r in responses
        ],
    }


register_export(
    ExportSection(
        key="feedback",
        order=70,
        title=_("Your feedback"),
        description=_("The surveys we asked you to answer, and your answers."),
        export=export,
        models=("feedback.Invitation", "feedback.Response"),
        corrections=(
            Correction(label=_("See your answers"), url_name="my_answers"),
            Correction(label=_("Change or remove an answer"), ask=_("Ask your social worker.")),
        ),
        labels={
            "surveys_sent": _("Surveys sent to you"),
            "survey": _("Survey"),
            "about": _("About"),
            "sent_at": _("Sent"),
            "answered_at": _("Answered"),
            "responses": _("Your answers"),
            "submitted_at": _("Sent in"),
            "share_name": _("You shared your name with staff"),
            "answers": _("Answers"),
            "question": _("Question"),
            "value": _("Score (1–5)"),
            "answer": _("Your answer"),
        },
    )
)
