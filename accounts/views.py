from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from events.models import CalendarFeed

from . import policy, services
from .forms import CaregiverProfileForm, InvitationAcceptForm, InvitationForm
from .models import CaregiverProfile, CaregiverStatus, Role

PAGE_SIZE = 25


@login_required
def home(request):
    """Each role lands on its own page."""
    user = request.user
    if policy.is_caregiver(user):
        return render(
            request,
            "accounts/home_caregiver.html",
            {"profile": getattr(user, "caregiver_profile", None), "next_rsvps": _next_rsvps(user)},
        )
    if user.role == Role.SOCIAL_WORKER:
        caseload = policy.caseload_for(user).select_related("user", "region").order_by("user__first_name")
        invitations = policy.invitations_visible_to(user).open().filter(invited_by=user).select_related("region")
        return render(
            request,
            "accounts/home_social_worker.html",
            {
                "caseload": caseload[:10],
                "caseload_count": caseload.count(),
                "invitations": invitations[:10],
                "invitation_count": invitations.count(),
            },
        )
    if user.role == Role.MANAGER:
        return render(request, "accounts/home_manager.html", {"figures": _manager_figures(user)})
    return render(request, "accounts/home_other.html")


def _next_rsvps(user, limit: int = 3):
    from events.models import RSVP, EventStatus, Response

    return list(
        RSVP.objects.filter(
            user=user,
            response=Response.GOING,
            event__ends_at__gt=timezone.now(),
            event__status=EventStatus.PUBLISHED,
        )
        .select_related("event", "event__region")
        .order_by("event__starts_at")[:limit]
    )


def _manager_figures(user) -> list[dict]:
    """Caregivers per region, in one query."""
    ninety_days_ago = timezone.localdate() - timedelta(days=90)
    return list(
        policy.regions_for(user)
        .annotate(
            caregiver_count=Count("caregivers", distinct=True),
            newly_approved=Count(
                "caregivers",
                filter=Q(caregivers__status=CaregiverStatus.APPROVED, caregivers__approved_on__gte=ninety_days_ago),
                distinct=True,
            ),
        )
        .values("name", "caregiver_count", "newly_approved")
    )


@policy.caregiver_required
def profile(request):
    # A caregiver account made in the admin may not have a profile yet.
    profile = get_object_or_404(CaregiverProfile.objects.select_related("region", "social_worker"), user=request.user)
    if request.method == "POST":
        form = CaregiverProfileForm(request.POST, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, "Your details are saved.")
            return redirect("profile")
    else:
        form = CaregiverProfileForm(instance=profile)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "accounts/profile_form.html", {"form": form, "profile": profile, "feed": feed})


@policy.staff_required
def caregiver_list(request):
    user = request.user
    scope = request.GET.get("scope") or ("mine" if user.role == Role.SOCIAL_WORKER else "all")
    caregivers = policy.caseload_for(user) if scope == "mine" else policy.caregivers_visible_to(user)
    query = request.GET.get("q", "").strip()
    if query:
        caregivers = caregivers.filter(
            Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(locality__icontains=query)
        )
    caregivers = caregivers.select_related("user", "region", "social_worker").order_by(
        "user__first_name", "user__last_name", "pk"
    )
    page = Paginator(caregivers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/caregiver_list.html", {"page": page, "scope": scope, "query": query})


@policy.staff_required
def caregiver_detail(request, pk: int):
    profile = policy.get_caregiver_for_user(request.user, pk)
    return render(
        request,
        "accounts/caregiver_detail.html",
        {
            "profile": profile,
            "languages": profile.languages.all(),
            "topics": profile.topics.all(),
        },
    )


@policy.staff_required
def invitation_list(request):
    invitations = policy.invitations_visible_to(request.user).select_related("region", "invited_by", "accepted_user")
    show = request.GET.get("show", "open")
    if show == "open":
        invitations = invitations.open()
    page = Paginator(invitations.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/invitation_list.html", {"page": page, "show": show})


@policy.staff_required
def invitation_create(request):
    if request.method == "POST":
        form = InvitationForm(request.POST, user=request.user)
        if form.is_valid():
            invitation = services.invitation_create(invited_by=request.user, **form.cleaned_data)
            messages.success(request, f"Invitation sent to {invitation.email}. The link works for 14 days.")
            return redirect("invitation_list")
    else:
        form = InvitationForm(user=request.user)
    return render(request, "accounts/invitation_form.html", {"form": form})


@require_POST
@policy.staff_required
def invitation_revoke(request, pk: int):
    invitation = policy.get_invitation_for_user(request.user, pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} is cancelled. Its link no longer works.")
    return redirect("invitation_list")


@require_POST
@policy.staff_required
def invitation_resend(request, pk: int):
    invitation = policy.get_invitation_for_user(request.user, pk)
    if invitation.accepted_at:
        messages.error(request, f"{invitation.email} has already joined.")
        return redirect("invitation_list")
    fresh = services.invitation_resend(invitation=invitation, by=request.user)
    messages.success(request, f"A new invitation link was sent to {fresh.email}. The old link no longer works.")
    return redirect("invitation_list")


_INVALID_LINK = {
    "invalid": (404, "This invitation link is not valid", "The link may have been copied incompletely."),
    "accepted": (
        410,
        "This invitation has already been used",
        "You can sign in with the email address it was sent to.",
    ),
    "expired": (410, "This invitation has expired", "Invitation links work for 14 days."),
    "revoked": (410, "This invitation has been replaced or cancelled", "A newer invitation may be in your email."),
}


def invitation_accept(request, uid, token: str):
    """Public: the invited caregiver sets their name and password, then completes their profile."""
    invitation = services.invitation_from_link(uid=str(uid), token=token)
    state = "invalid" if invitation is None else invitation.state
    if state != "pending":
        return _invitation_unusable(request, state)
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_signed_in.html", {"invitation": invitation}, status=409)
    if request.method == "POST":
        form = InvitationAcceptForm(request.POST, invitation=invitation)
        if form.is_valid():
            try:
                user = services.invitation_accept(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
            except services.InvitationNotUsable as exc:
                return _invitation_unusable(request, exc.state)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome! Your account is ready. Please check and complete your details.")
            return redirect("profile")
    else:
        form = InvitationAcceptForm(invitation=invitation)
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


def _invitation_unusable(request, state: str):
    status, title, detail = _INVALID_LINK[state]
    return render(
        request, "accounts/invitation_invalid.html", {"title": title, "detail": detail, "state": state}, status=status
    )
