"""Links to the care map from other apps' pages (the caregiver's profile, the caregiver's
page a social worker opens), by template tag: accounts knows nothing of the directory."""

from django import template

from ..caremap import open_share_of

register = template.Library()


@register.inclusion_tag("directory/caremap/partials/profile_link.html")
def caremap_section() -> dict:
    return {}


@register.inclusion_tag("directory/caremap/partials/shared_link.html", takes_context=True)
def shared_caremap_link(context, profile) -> dict:
    """For a caregiver's page: a link to their care map if they share it with this social worker."""
    share = open_share_of(profile.user)
    shared = share is not None and share.social_worker_id == context["request"].user.pk
    return {"profile": profile, "shared": shared}
