from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RETENTION_MAX_MONTHS, RETENTION_MIN_MONTHS, HideReason, ReportReason


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "data-guard-check": "true"}),
        help_text=_("Use initials, not names. Leave out schools, addresses, dates of birth and numbers."),
    )
    # Set by the "publish for review" button after the author has read the guard's findings.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=120)
    field_order = ["title", "body", "confirmed"]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this post?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )


class HideForm(forms.Form):
    """One per post on the moderation page (prefixed with the post's id, so each field's id
    and error are its own)."""

    reason = forms.ChoiceField(
        label=_("Why hide it? (the author is told)"),
        choices=[("", _("Choose a reason")), *HideReason.choices],
        error_messages={"required": _("Choose why the post is hidden: the author is told.")},
    )


class ProtectedNameForm(forms.Form):
    name = forms.CharField(
        label=_("A name to protect"),
        max_length=80,
        help_text=_(
            "A child's first name, full name or nickname. We keep only a scrambled code of it: nobody can read it back."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class RetentionForm(forms.Form):
    months = forms.IntegerField(
        label=_("Keep posts for (months)"), min_value=RETENTION_MIN_MONTHS, max_value=RETENTION_MAX_MONTHS
    )
