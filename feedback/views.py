"""Answering a survey from its link, a caregiver's own answers, and the managers' reports."""

from __future__ import annotations

import csv
from datetime import timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from accounts import policy, reads
from accounts.lazy import lazy_context
from accounts.models import ReadKind, Role

from . import access, reports, services
from .forms import AnswerForm, ReportFilterForm
from .models import Response


def survey_answer(request, token: str):
    """The one-click link from the message. The signed token is the permission: it names one
    invitation, answerable once, and shows nothing else (see feedback.services). A forged or
    expired link is 404, whoever follows it."""
    invitation = services.invitation_from_token(token)
    if invitation is None:
        raise Http404("No such survey link.")
    survey = invitation.survey
    if invitation.answered_at is not None:
        return render(request, "feedback/answered.html", {"survey": survey, "already": True})
    form = AnswerForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        share_name = data.pop("share_name")
        try:
            services.response_submit(invitation=invitation, answers=data, share_name=share_name)
        except services.AnswerRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            return render(request, "feedback/answered.html", {"survey": survey, "already": False})
    return render(request, "feedback/answer.html", {"form": form, "survey": survey, "token": token})


@policy.caregiver_required
def my_answers(request):
    """A caregiver's own answers, newest first (nobody else's, and nobody else sees these)."""
    responses = (
        Response.objects.filter(user=request.user)
        .select_related("survey__event", "survey__group")
        .prefetch_related("answers")
        .order_by("-submitted_at", "-pk")[:100]
    )
    return render(request, "feedback/my_answers.html", {"responses": responses})


def _filtered(request) -> tuple[ReportFilterForm, list, reports.Period | None]:
    """The filter form, the regions asked about (within the person's own) and the period."""
    mine = policy.regions_for(request.user).order_by("name")
    # The period shown in the fields is the one reported on: the last 12 months unless chosen.
    data = request.GET.copy()
    today = timezone.localdate()
    data.setdefault("end", today.isoformat())
    data.setdefault("start", (today - timedelta(days=365)).isoformat())
    form = ReportFilterForm(data, regions=mine)
    if not form.is_valid():
        return form, [], None
    chosen = form.cleaned_data["region"]
    regions = [chosen] if chosen else list(mine)
    return form, regions, reports.Period(form.cleaned_data["start"], form.cleaned_data["end"])


@policy.staff_required
def report(request):
    """The managers' report: six tables, each drawn as a chart with its data beside it. Social
    workers see the same report for their own regions. Page-cached; the queries are lazy."""
    form, regions, period = _filtered(request)
    drawn: dict[str, list] = {}

    def tables() -> dict:
        if period is None:
            return {"tables": [], "comments": []}
        comments = reports.free_text(regions, period)
        drawn["named"] = reports.named_authors(comments)
        return {"tables": reports.report_for(regions, period, request.user), "comments": comments}

    context = {
        "page_cache": True,
        "form": form,
        "regions": regions,
        "period": period,
        "query": request.GET.urlencode(),
        **lazy_context(tables, ("tables", "comments")),
    }
    response = render(request, "feedback/report.html", context)
    # Written answers shown with the writer's name (they chose to share it) are a read of that
    # person's answers (issue 15), on every view: a report drawn from the page cache looks
    # them up again (ids alone). Answers shown without a name are nobody's read.
    if period is not None:
        named = drawn["named"] if drawn else reports.named_authors_shown(regions, period)
        reads.record_reads_of_objects(reader=request.user, pairs=named, what=ReadKind.SURVEY_ANSWERS)
    return response


BUILDERS = {
    "participation": lambda regions, period, viewer: reports.participation(regions, period),
    "buddies": lambda regions, period, viewer: reports.buddy_coverage(regions, period),
    "groups": reports.groups,
    "constellations": lambda regions, period, viewer: reports.constellations(regions, period),
    "satisfaction": lambda regions, period, viewer: reports.satisfaction(regions, period),
    "wellbeing": lambda regions, period, viewer: reports.wellbeing(regions, period),
    "workload": lambda regions, period, viewer: reports.workload(regions, period),
}


@policy.staff_required
def report_csv(request, table: str):
    """One of the report's tables as CSV: the same cells as the page, "<5" included."""
    if table not in BUILDERS:
        raise Http404("No such table.")
    form, regions, period = _filtered(request)
    if period is None:
        raise Http404("Fix the filter first.")
    built = BUILDERS[table](regions, period, request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{table}-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow([gettext("Period"), period.start.isoformat(), period.end.isoformat()])
    writer.writerow([gettext("Regions"), "; ".join(r.name for r in regions)])
    writer.writerow(built.columns)
    for row in built.rows:
        writer.writerow([cell.shown for cell in row])
    return response


@policy.role_required(Role.SOCIAL_WORKER)
def closing_answers(request, pk: int):
    """What the two people of an ended buddy pair asked their social worker to know or follow up
    (the close-the-loop question). Only the pair's coordinator (feedback.access) reads it; every
    look is recorded as a read of each writer's survey answers (issue 15)."""
    match = access.get_pair_to_close_the_loop(request.user, pk)
    answers = reports.closing_answers(match)
    reads.record_reads_of_objects(
        reader=request.user,
        pairs=[(a.response.user_id, a.response.survey_id) for a in answers if a.response.user_id],
        what=ReadKind.SURVEY_ANSWERS,
    )
    return render(request, "feedback/closing_answers.html", {"match": match, "answers": answers})
