from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from accounts import policy

from . import access, batch, selectors, services
from .forms import (
    AmbassadorForm,
    AnswerForm,
    AssignForm,
    BatchForm,
    BatchRegionForm,
    BuddySettingsForm,
    CheckInForm,
    ChooseForm,
    EndForm,
    EnquiryForm,
    EnquiryOutcomeForm,
    FeedbackForm,
    FitCheckForm,
    WeightsForm,
)
from .matching import suggest
from .models import BuddyProfile, Match, MatchStatus, MatchWeights

SUGGESTIONS_SHOWN = 3
ASSIGN_CHOICES = 8


@policy.caregiver_required
def buddy_home(request):
    """The caregiver's buddy page: their buddy or their suggestions, offers to answer,
    the people they are a buddy for, and their own buddy settings."""
    user = request.user
    live = selectors.live_match_of(user)
    needs_buddy = live is None and selectors.needs_buddy(user)
    suggestions = selectors.suggestions_for(user, limit=SUGGESTIONS_SHOWN) if needs_buddy else []
    as_buddy = list(
        Match.objects.filter(buddy=user, status__in=(MatchStatus.OFFERED, MatchStatus.ACCEPTED, MatchStatus.ACTIVE))
        .select_related("new_caregiver__caregiver_profile")
        .order_by("status", "-pk")
    )
    past = list(
        Match.objects.filter(new_caregiver=user, status=MatchStatus.ENDED).select_related("buddy").order_by("-pk")
    )
    return render(
        request,
        "buddies/buddy_home.html",
        {
            "live": live,
            "suggestions": suggestions,
            "needs_buddy": needs_buddy,
            "as_buddy": as_buddy,
            "past": past,
            "buddy_profile": BuddyProfile.objects.filter(user=user).first() or BuddyProfile(user=user),
        },
    )


@require_POST
@policy.caregiver_required
def buddy_choose(request):
    """Choose one of the suggestions shown; the others become the next choices, in order."""
    form = ChooseForm(request.POST)
    wanted = form.is_valid() and selectors.needs_buddy(request.user)
    suggestions = selectors.suggestions_for(request.user, limit=SUGGESTIONS_SHOWN) if wanted else []
    chosen = next((s for s in suggestions if s.candidate.user_id == form.cleaned_data["buddy"]), None)
    if chosen is None:
        messages.error(request, gettext("That buddy is no longer available. Please choose from the list again."))
        return redirect("buddy_home")
    others = [s for s in suggestions if s is not chosen]
    try:
        match = services.buddy_choose(new_caregiver=request.user, chosen=chosen, others=others)
    except services.MatchRefused as refused:
        messages.error(request, refused.message)
        return redirect("buddy_home")
    messages.success(
        request,
        gettext("We have asked %(name)s. They have %(hours)d hours to answer; we will let you know.")
        % {"name": match.buddy.first_name, "hours": settings.BUDDY_OFFER_HOURS},
    )
    return redirect("buddy_home")


@require_POST
@policy.caregiver_required
def buddy_different(request):
    """ "Show me different people": the suggestions shown now are set aside."""
    shown = selectors.suggestions_for(request.user, limit=SUGGESTIONS_SHOWN)
    services.buddy_set_aside(new_caregiver=request.user, shown=shown)
    messages.success(request, gettext("Here are different suggestions."))
    return redirect("buddy_home")


@policy.caregiver_required
def buddy_settings(request):
    profile = services.buddy_profile_for(request.user)
    form = BuddySettingsForm(request.POST if request.method == "POST" else None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Your buddy settings are saved."))
        return redirect("buddy_home")
    return render(request, "buddies/buddy_settings.html", {"form": form})


def _detail_context(request, match: Match, **forms) -> dict:
    party = match.party(request.user)
    return {
        "match": match,
        "party": party,
        "other": match.other(request.user) if party else None,
        "check_ins": list(match.check_ins.select_related("logged_by", "topic")),
        "answer_form": AnswerForm(),
        "check_in_form": forms.get("check_in_form") or CheckInForm(),
        "fit_form": forms.get("fit_form") or FitCheckForm(),
        "feedback_form": forms.get("feedback_form") or FeedbackForm(),
        "can_end": access.can_end(request.user, match),
        "my_feedback": match.feedback_new if party == "new" else match.feedback_buddy,
        "my_fit": match.fit_new if party == "new" else match.fit_buddy,
    }


@access.pair_roles
def match_detail(request, pk: int):
    match = access.get_match_for_user(request.user, pk)
    return render(request, "buddies/match_detail.html", _detail_context(request, match))


@require_POST
@access.pair_roles
def offer_respond(request, pk: int):
    match = access.get_offer_to_answer(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Please choose accept or decline."))
        return redirect("match_detail", pk=match.pk)
    accept = form.cleaned_data["answer"] == "accept"
    try:
        services.offer_respond(match=match, accept=accept)
    except services.MatchRefused as refused:
        messages.error(request, refused.message)
        return redirect("match_detail", pk=match.pk)
    if accept:
        messages.success(
            request,
            gettext("Thank you! You are %(name)s's buddy. Log your first contact here when you have been in touch.")
            % {"name": match.new_caregiver.first_name},
        )
        return redirect("match_detail", pk=match.pk)
    messages.success(request, gettext("Thanks for letting us know. We will ask someone else."))
    return redirect("buddy_home")


@access.pair_roles
def check_in_create(request, pk: int):
    """Log a contact (POST); a GET shows the pair's page with the form."""
    match = access.get_match_as_party(request.user, pk)
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_log(match=match, by=request.user, **form.cleaned_data)
        except services.MatchRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, gettext("Contact logged. Thank you."))
            return redirect("match_detail", pk=match.pk)
    return render(
        request, "buddies/match_detail.html", {**_detail_context(request, match, check_in_form=form), "form": form}
    )


@access.pair_roles
def fit_check(request, pk: int):
    match = access.get_match_as_party(request.user, pk)
    form = FitCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.fit_check_record(
                match=match,
                by=request.user,
                fit=form.cleaned_data["fit"],
                tell_social_worker=form.cleaned_data["tell_social_worker"],
            )
        except services.MatchRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, gettext("Thank you. Only you and your social worker can see your answer."))
            return redirect("match_detail", pk=match.pk)
    return render(
        request, "buddies/match_detail.html", {**_detail_context(request, match, fit_form=form), "form": form}
    )


@access.pair_roles
def match_feedback(request, pk: int):
    match = access.get_match_as_party(request.user, pk)
    form = FeedbackForm(request.POST if request.method == "POST" else None, author=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_feedback(match=match, by=request.user, feedback=form.cleaned_data["feedback"])
        except services.MatchRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, gettext("Thank you for your feedback."))
            return redirect("match_detail", pk=match.pk)
    return render(
        request, "buddies/match_detail.html", {**_detail_context(request, match, feedback_form=form), "form": form}
    )


@access.pair_roles
def match_end(request, pk: int):
    match = access.get_match_for_user(request.user, pk)
    if not access.can_end(request.user, match):
        raise PermissionDenied
    if not match.can_move_to(MatchStatus.ENDED):
        return redirect("match_detail", pk=match.pk)
    form = EndForm(request.POST if request.method == "POST" else None, author=request.user)
    if match.party(request.user) is None:
        # Feedback is the pair's own (kept on their side of the match): the social worker
        # was offered the box, and what they typed was dropped.
        del form.fields["feedback"]
    if request.method == "POST" and form.is_valid():
        try:
            services.match_end(
                match=match,
                by=request.user,
                reason=form.cleaned_data["reason"],
                feedback=form.cleaned_data.get("feedback", ""),
            )
        except services.MatchRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, gettext("The pairing has ended. Thank you."))
            return redirect("match_detail", pk=match.pk)
    return render(request, "buddies/match_end.html", {"match": match, "form": form})


# --- Social workers -------------------------------------------------------------------


@access.social_worker_required
def buddy_follow_up(request):
    """Pairs and caregivers to follow up, in the social worker's regions: active pairs with
    no contact for 14 days, approved caregivers with no buddy 14+ days after approval,
    open offers, and the key figure."""
    regions = policy.regions_for(request.user)
    days = settings.BUDDY_FOLLOW_UP_DAYS
    stale = list(selectors.pairs_in(regions).stale(days).with_last_contact()[:50])
    unmatched = list(selectors.unmatched_new_caregivers(regions, min_days=days)[:50])
    offers = list(selectors.pairs_in(regions).filter(status=MatchStatus.OFFERED).order_by("offer_expires_at")[:50])
    active = list(
        selectors.pairs_in(regions)
        .filter(status__in=(MatchStatus.ACCEPTED, MatchStatus.ACTIVE))
        .with_last_contact()[:100]
    )
    ended = list(selectors.pairs_in(regions).filter(status=MatchStatus.ENDED).order_by("-ended_at")[:20])
    return render(
        request,
        "buddies/follow_up.html",
        {
            "stale": stale,
            "unmatched": unmatched,
            "offers": offers,
            "active": active,
            "ended": ended,
            "days": days,
            "figure": selectors.buddy_figure(regions),
        },
    )


@access.social_worker_required
def buddy_assign(request, pk: int):
    """Assign a buddy directly, from the engine's best suggestions for this caregiver."""
    profile = access.get_new_caregiver_to_assign(request.user, pk)
    new_caregiver = profile.user
    live = selectors.live_match_of(new_caregiver)
    suggestions = [] if live else selectors.suggestions_for(new_caregiver, limit=ASSIGN_CHOICES)
    form = AssignForm(request.POST if request.method == "POST" else None, suggestions=suggestions)
    if request.method == "POST" and form.is_valid():
        chosen = next(s for s in suggestions if s.candidate.user_id == form.cleaned_data["buddy"])
        try:
            match = services.buddy_assign(
                new_caregiver=new_caregiver,
                buddy=selectors.people_named([chosen.candidate.user_id])[chosen.candidate.user_id],
                by=request.user,
                suggestion=chosen,
            )
        except services.MatchRefused as refused:
            form.add_error("buddy", refused.message)
        else:
            messages.success(
                request,
                gettext("%(buddy)s has been asked to be %(name)s's buddy.")
                % {"buddy": match.buddy.display_name, "name": new_caregiver.display_name},
            )
            return redirect("buddy_follow_up")
    return render(
        request, "buddies/assign.html", {"profile": profile, "live": live, "form": form, "suggestions": suggestions}
    )


BATCH_OPTIONS = 4


def _batch_rows(regions, region):
    """(seeker, proposal, options) for each unmatched new caregiver of ``region``: the
    optimal assignment's proposal and their best fits to choose from instead."""
    profiles = list(selectors.unmatched_new_caregivers(regions.filter(pk=region.pk)))
    seekers = selectors.seekers_for(profiles)
    pool = selectors.candidates()
    weights = selectors.weights()
    proposals = batch.assign(seekers, pool, weights)
    rows = []
    for seeker, proposal, profile in zip(seekers, proposals, profiles, strict=True):
        options = suggest(seeker, pool, weights, limit=BATCH_OPTIONS)
        if proposal.suggestion and proposal.suggestion.candidate.user_id not in {o.candidate.user_id for o in options}:
            options = [proposal.suggestion, *options]
        rows.append((seeker, proposal, options, profile))
    return rows


@access.social_worker_required
def buddy_batch(request):
    """Batch assignment for a region's intake: the proposed pairs as a table to confirm,
    change or drop; nothing is saved until the social worker confirms."""
    regions = policy.regions_for(request.user)
    region_form = BatchRegionForm(request.GET or None, regions=regions)
    region = region_form.cleaned_data["region"] if region_form.is_valid() else regions.first()
    if region is None:
        return render(request, "buddies/batch.html", {"region_form": region_form, "rows": []})
    rows = _batch_rows(regions, region)
    form = BatchForm(request.POST if request.method == "POST" else None, rows=[(s, p, o) for s, p, o, _ in rows])
    if request.method == "POST" and form.is_valid():
        saved, refused = 0, []
        people = selectors.people_named(
            [s.user_id for s, _ in form.pairs()] + [g.candidate.user_id for _, g in form.pairs()]
        )
        for seeker, suggestion in form.pairs():
            try:
                services.buddy_assign(
                    new_caregiver=people[seeker.user_id],
                    buddy=people[suggestion.candidate.user_id],
                    by=request.user,
                    suggestion=suggestion,
                )
                saved += 1
            except services.MatchRefused as problem:
                refused.append(f"{seeker.first_name}: {problem.message}")
        messages.success(
            request,
            ngettext(
                "%(n)d buddy has been asked; each has %(hours)d hours to answer.",
                "%(n)d buddies have been asked; each has %(hours)d hours to answer.",
                saved,
            )
            % {"n": saved, "hours": settings.BUDDY_OFFER_HOURS},
        )
        for line in refused:
            messages.error(request, line)
        return redirect("buddy_follow_up")
    table = [
        {"seeker": s, "proposal": p, "profile": profile, "field": form[f"buddy_{s.user_id}"]}
        for s, p, _, profile in rows
    ]
    return render(
        request, "buddies/batch.html", {"region_form": region_form, "region": region, "rows": table, "form": form}
    )


# --- Ambassadors and enquiries ---------------------------------------------------------


@access.social_worker_required
def enquiry_list(request):
    enquiries = list(access.enquiries_visible_to(request.user).select_related("region", "ambassador")[:100])
    return render(request, "buddies/enquiry_list.html", {"enquiries": enquiries})


@access.social_worker_required
def enquiry_create(request):
    form = EnquiryForm(request.POST if request.method == "POST" else None, regions=policy.regions_for(request.user))
    if request.method == "POST" and form.is_valid():
        enquiry = form.save(commit=False)
        enquiry.recorded_by = request.user
        enquiry.save()
        messages.success(request, gettext("Enquiry recorded. Here are ambassadors who could talk with them."))
        return redirect("enquiry_detail", pk=enquiry.pk)
    return render(request, "buddies/enquiry_form.html", {"form": form})


@access.social_worker_required
def enquiry_detail(request, pk: int):
    """The enquiry, ambassador suggestions from the matching engine, and its outcome."""
    enquiry = access.get_enquiry_for_user(request.user, pk)
    suggestions = selectors.ambassadors_for(enquiry)
    form = EnquiryOutcomeForm(
        request.POST if request.method == "POST" else None, instance=enquiry, ambassadors=suggestions
    )
    if request.method == "POST" and form.is_valid():
        services.enquiry_outcome_log(enquiry=form.save(commit=False))
        messages.success(request, gettext("Outcome saved."))
        return redirect("enquiry_detail", pk=enquiry.pk)
    return render(
        request, "buddies/enquiry_detail.html", {"enquiry": enquiry, "suggestions": suggestions, "form": form}
    )


@access.manager_required
def match_weights(request):
    """Managers adjust how much each criterion counts in every suggestion."""
    if request.method == "POST":
        # The one row, made by the first save (get_or_create: two first saves at once make one).
        weights = MatchWeights.objects.get_or_create(one=True)[0]
    else:
        weights = MatchWeights.objects.filter(one=True).first() or MatchWeights()
    form = WeightsForm(request.POST if request.method == "POST" else None, instance=weights)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("The match weights are saved. New suggestions use them."))
        return redirect("match_weights")
    return render(request, "buddies/weights.html", {"form": form})


BUDDY_LIST_PAGE = 50


@access.social_worker_required
def buddy_list(request):
    """Experienced caregivers in the social worker's regions: who is a buddy, their load
    against their capacity, who is an ambassador; a link to change each one's settings."""
    page = Paginator(selectors.experienced_in(policy.regions_for(request.user)), BUDDY_LIST_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "buddies/buddy_list.html", {"page": page})


@access.social_worker_required
def buddy_profile_edit(request, pk: int):
    """A social worker sets a caregiver in their region as an ambassador, or changes their buddy settings."""
    profile = access.get_new_caregiver_to_assign(request.user, pk)
    buddy_profile = services.buddy_profile_for(profile.user)
    form = AmbassadorForm(request.POST if request.method == "POST" else None, instance=buddy_profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Buddy settings saved for %(name)s.") % {"name": profile.user.display_name})
        return redirect("buddy_list")
    return render(request, "buddies/buddy_profile_edit.html", {"profile": profile, "form": form})
