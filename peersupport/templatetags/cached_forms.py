"""``{% cached_crispy form %}`` (or ``{% cached_crispy form "a/template.html" %}``): a form drawn
with crispy, read from the cache when the same unbound form was drawn before.

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
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from accounts.lazy import LazyChoices

register = template.Library()

TIMEOUT_SECONDS = 600


def form_key(form: forms.BaseForm, template_name: str = "") -> str | None:
    """The key of an unbound form's HTML, or None when it must not be cached."""
    if form.is_bound:
        return None
    parts = [type(form).__module__, type(form).__qualname__, form.prefix, form.auto_id, translation.get_language()]
    parts.append(template_name)
    for bound in form:
        field = bound.field
        choices = getattr(field, "choices", None)
        if isinstance(choices, LazyChoices):
            choices = list(choices)  # read once, and used to draw the form too
        elif choices is not None and not isinstance(choices, list | tuple):
            return None  # a queryset's choices: not worth reading to build a key
        parts.append((bound.name, bound.value(), field.required, field.widget.attrs, choices))
    return "crispy-form:" + sha256(repr(parts).encode()).hexdigest()


def draw(form: forms.BaseForm, template_name: str):
    return render_to_string(template_name, {"form": form}) if template_name else as_crispy_form(form)


@register.simple_tag
def cached_crispy(form: forms.BaseForm, template_name: str = ""):
    """``form|crispy``, or ``template_name`` drawn with ``form`` when a page lays the fields
    out itself (the Events filter's columns)."""
    key = form_key(form, template_name)
    if key is None:
        return draw(form, template_name)
    html = cache.get(key)
    if html is None:
        html = draw(form, template_name)
        cache.set(key, str(html), TIMEOUT_SECONDS)
    return mark_safe(html)  # noqa: S308 - crispy's own output, escaped when it was drawn
