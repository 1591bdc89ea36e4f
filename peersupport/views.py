"""The home page (each role lands on a page drawn from several apps, so it lives in the
project, above them all) and the accessibility statement (about the whole site)."""

from __future__ import annotations

import uuid
from datetime import date

from allauth.account.adapter import get_adapter as get_account_adapter
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import policy, selectors
from accounts.lazy import lazy_context
from accounts.models import Role
from buddies.selectors import buddy_figure, live_match_of
from events.selectors import next_replies_for
from groups import selectors as group_selectors
from invitations.access import invitations_visible_to
from mydata.access import closures_visible_to
from notifications.services import notify_address


@login_required
def home(request):
    """Each role's home page. The context is lazy (accounts.lazy): when the page cache has
    this person's page, none of its queries run."""
    user = request.user
    if policy.is_caregiver(user):

        def caregiver() -> dict:
            return {
                "profile": getattr(user, "caregiver_profile", None),
                "next_rsvps": next_replies_for(user),
                "buddy_match": live_match_of(user),
            }

        context = {"page_cache": True, **lazy_context(caregiver, ("profile", "next_rsvps", "buddy_match"))}
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
                "buddy_figure": buddy_figure(policy.regions_for(user)),
                "closure_count": closures_visible_to(user).count(),
            }

        names = ("caseload", "caseload_count", "invitations", "invitation_count", "quiet_groups", "buddy_figure")
        names += ("closure_count",)
        context = {"page_cache": True, **lazy_context(social_worker, names)}
        return render(request, "home/social_worker.html", context)
    if policy.is_staff_member(user) and user.role == Role.MANAGER:

        def manager() -> dict:
            return {
                "figures": selectors.caregiver_figures_by_region(user),
                "group_figures": group_selectors.group_health_by_region(user),
                "buddy_figure": buddy_figure(policy.regions_for(user)),
            }

        names = ("figures", "group_figures", "buddy_figure")
        context = {"page_cache": True, **lazy_context(manager, names)}
        return render(request, "home/manager.html", context)
    return render(request, "home/other.html")


class AccessibilityReportForm(forms.Form):
    page = forms.CharField(
        label=_("Which page or form?"),
        max_length=300,
        required=False,
        help_text=_("Its address, or what it is called, e.g. “Reply to an event”."),
    )
    problem = forms.CharField(
        label=_("What went wrong?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tell us what you were trying to do and what happened. Please leave out details about children."),
        error_messages={"required": _("Tell us what went wrong.")},
    )
    reply_to = forms.EmailField(
        label=_("Your email address, if you would like a reply (optional)"),
        required=False,
        error_messages={"invalid": _("Enter an email address like name@example.org, or leave it empty.")},
    )


# Reports anyone may send, signed in or not (a person who cannot sign in must be able to
# tell us): this many an hour from one address, so the form cannot flood the outbox.
ACCESSIBILITY_REPORTS_PER_HOUR = 5


def accessibility(request):
    """The accessibility statement (NZ Web Accessibility Standard / UK PSBAR format) and
    the form to report a problem, which reaches staff as an email through the outbox."""
    form = AccessibilityReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The client's address as sign-in's rate limits read it: behind a proxy, the trusted
        # proxy settings decide (REMOTE_ADDR would be the proxy's, shared by everyone).
        key = f"accessibility-report:{get_account_adapter().get_client_ip(request)}"
        cache.add(key, 0, 3600)
        if cache.incr(key) > ACCESSIBILITY_REPORTS_PER_HOUR:
            form.add_error(None, gettext("We have had several reports from you this hour. Please try again later."))
        else:
            notify_address(
                email=settings.ACCESSIBILITY_CONTACT_EMAIL,
                kind="accessibility_report",
                key=f"accessibility-report:{uuid.uuid4()}",
                context={**form.cleaned_data, "signed_in_as": request.user if request.user.is_authenticated else None},
            )
            messages.success(request, gettext("Thank you. Your report has reached our team."))
            return redirect("accessibility")
    context = {"form": form, "reviewed_on": date.fromisoformat(settings.ACCESSIBILITY_REVIEWED_ON)}
    return render(request, "peersupport/accessibility.html", context)
