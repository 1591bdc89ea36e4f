"""The calendar address controls shown on the caregiver's profile page.

The profile belongs to accounts, which knows nothing of events; the page pulls
this section in by template tag, so the dependency stays events → accounts.
"""

from django import template

from ..selectors import calendar_feed_of

register = template.Library()


@register.inclusion_tag("events/partials/calendar_address_profile.html", takes_context=True)
def calendar_address_section(context) -> dict:
    user = context["request"].user
    return {"feed": calendar_feed_of(user), "csrf_token": context.get("csrf_token")}
