"""The home page: each role lands on a page drawn from several apps, so it lives
in the project, above them all."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts import policy, selectors
from accounts.lazy import lazy_context
from accounts.models import Role
from events.selectors import next_replies_for
from groups import selectors as group_selectors
from invitations.access import invitations_visible_to


@login_required
def home(request):
    """Each role's home page. The context is lazy (accounts.lazy): when the page cache has
    this person's page, none of its queries run."""
    user = request.user
    if policy.is_caregiver(user):

        def caregiver() -> dict:
            return {"profile": getattr(user, "caregiver_profile", None), "next_rsvps": next_replies_for(user)}

        context = {"page_cache": True, **lazy_context(caregiver, ("profile", "next_rsvps"))}
        return render(request, "home/caregiver.html", context)
    if policy.is_staff_member(user) and user.role == Role.SOCIAL_WORKER:

        def social_worker() -> dict:
            caseload = policy.caseload_for(user).select_related("user", "region").order_by("user__first_name")
            invitations = invitations_visible_to(user).open().filter(invited_by=user).select_related("region")
            return {
                "caseload": list(caseload[:10]),
                "caseload_count": caseload.count(),
                "invitations": list(invitations[:10]),
                "invitation_count": invitations.count(),
                "quiet_groups": group_selectors.groups_not_met_for(user),
            }

        names = ("caseload", "caseload_count", "invitations", "invitation_count", "quiet_groups")
        context = {"page_cache": True, **lazy_context(social_worker, names)}
        return render(request, "home/social_worker.html", context)
    if policy.is_staff_member(user) and user.role == Role.MANAGER:

        def manager() -> dict:
            return {
                "figures": selectors.caregiver_figures_by_region(user),
                "group_figures": group_selectors.group_health_by_region(user),
            }

        context = {"page_cache": True, **lazy_context(manager, ("figures", "group_figures"))}
        return render(request, "home/manager.html", context)
    return render(request, "home/other.html")
