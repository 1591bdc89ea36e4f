"""The home page: each role lands on a page drawn from several apps, so it lives
in the project, above them all."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts import policy, selectors
from accounts.models import Role
from buddies.selectors import buddy_figure, live_match_of
from events.selectors import next_replies_for
from invitations.access import invitations_visible_to


@login_required
def home(request):
    user = request.user
    if policy.is_caregiver(user):
        return render(
            request,
            "home/caregiver.html",
            {
                "profile": getattr(user, "caregiver_profile", None),
                "next_rsvps": next_replies_for(user),
                "buddy_match": live_match_of(user),
            },
        )
    if policy.is_staff_member(user) and user.role == Role.SOCIAL_WORKER:
        caseload = policy.caseload_for(user).select_related("user", "region").order_by("user__first_name")
        invitations = invitations_visible_to(user).open().filter(invited_by=user).select_related("region")
        return render(
            request,
            "home/social_worker.html",
            {
                "caseload": caseload[:10],
                "caseload_count": caseload.count(),
                "invitations": invitations[:10],
                "invitation_count": invitations.count(),
                "buddy_figure": buddy_figure(policy.regions_for(user)),
            },
        )
    if policy.is_staff_member(user) and user.role == Role.MANAGER:
        return render(
            request,
            "home/manager.html",
            {
                "figures": selectors.caregiver_figures_by_region(user),
                "buddy_figure": buddy_figure(policy.regions_for(user)),
            },
        )
    return render(request, "home/other.html")
