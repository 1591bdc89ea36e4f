"""The training a caregiver recorded, shown on their profile page.

The profile belongs to accounts, which knows nothing of the directory; the page pulls
this section in by template tag, so the dependency stays directory → accounts.
"""

from django import template

from ..selectors import completions_of

register = template.Library()


@register.inclusion_tag("directory/partials/training_profile.html", takes_context=True)
def training_section(context) -> dict:
    return {"completions": completions_of(context["request"].user)}
