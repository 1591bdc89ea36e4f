"""``{% cached_crispy form %}``: a form drawn with crispy (``form|crispy``), read from the
cache when the same unbound form was drawn before.

An unbound form's HTML is a function of its class, its fields (values, widget attributes,
choices) and the language, so those are the key: nothing has to be invalidated, and a
form with errors (bound) is always drawn afresh. Drawing an eight-field form costs
several milliseconds; reading it back is one cache lookup. The CSRF token is not part
of the form's HTML (it sits in the page's ``<form>``), so cached copies hold no secret.
"""

from __future__ import annotations

from hashlib import sha256

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms, template
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

TIMEOUT_SECONDS = 600


def form_key(form: forms.BaseForm) -> str | None:
    """The key of an unbound form's HTML, or None when it must not be cached."""
    if form.is_bound:
        return None
    parts = [type(form).__module__, type(form).__qualname__, form.prefix, form.auto_id, translation.get_language()]
    for bound in form:
        field = bound.field
        choices = getattr(field, "choices", None)
        if choices is not None and not isinstance(choices, list | tuple):
            return None  # a queryset's choices: not worth reading to build a key
        parts.append((bound.name, bound.value(), field.required, field.widget.attrs, choices))
    return "crispy-form:" + sha256(repr(parts).encode()).hexdigest()


@register.simple_tag
def cached_crispy(form: forms.BaseForm):
    key = form_key(form)
    if key is None:
        return as_crispy_form(form)
    html = cache.get(key)
    if html is None:
        html = as_crispy_form(form)
        cache.set(key, str(html), TIMEOUT_SECONDS)
    return mark_safe(html)  # noqa: S308 - crispy's own output, escaped when it was drawn
