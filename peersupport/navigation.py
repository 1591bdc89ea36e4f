"""The main navigation, computed from the same rules the views use. The project
draws it because it links to every app; templates only show what this returns."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from accounts import policy
from buddies.access import is_social_worker
from invitations.access import can_invite


def nav_items(user, current_path: str = "") -> list[dict]:
    if not user.is_authenticated:
        return []
    items = [(gettext("Home"), "home")]
    if policy.is_caregiver(user):
        items += [
            (gettext("Events"), "event_list"),
            (gettext("My events"), "my_events"),
            (gettext("Groups"), "group_list"),
            (gettext("Buddies"), "buddy_home"),
            (gettext("Directory"), "directory"),
            (gettext("My answers"), "my_answers"),
            (gettext("My profile"), "profile"),
        ]
    if policy.is_staff_member(user):
        items += [
            (gettext("Events"), "event_list"),
            (gettext("Groups"), "group_list"),
            (gettext("Caregivers"), "caregiver_list"),
            (gettext("Directory"), "directory"),
            (gettext("Reports"), "report"),
        ]
    if policy.is_manager(user):
        items += [(gettext("Staff reads"), "staff_reads")]
    if is_social_worker(user):
        items += [(gettext("Buddies"), "buddy_follow_up")]
    if can_invite(user):
        items += [(gettext("Invitations"), "invitation_list")]
    if policy.can_use_admin(user):
        items += [(gettext("Admin"), "admin:index"), (gettext("Operations"), "operations")]
    links = [(label, reverse(name)) for label, name in items]
    # The current page is the longest link that prefixes the path ("/events/mine/" beats "/events/").
    matches = [url for _, url in links if current_path == url or (url != "/" and current_path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [{"label": label, "url": url, "active": url == current} for label, url in links]


def navigation(request) -> dict:
    """Context processor: the navigation and the site's name on every page."""
    user = getattr(request, "user", None)
    if user is None:
        return {"site_name": settings.SITE_NAME}
    return {"nav_items": nav_items(user, request.path), "site_name": settings.SITE_NAME}
