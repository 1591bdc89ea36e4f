from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.free_text import GuardedTextMixin


class ExportRequestForm(forms.Form):
    """Nothing to fill in: the button asks for a download. Its errors (one already being
    prepared) are shown in the page's error summary and next to the button."""


class CloseForm(forms.Form):
    understood = forms.BooleanField(
        label=_("I understand that my account and what the portal holds about me will be erased"),
        error_messages={"required": _("Tick the box to say you understand, or keep your account.")},
    )


class DeclineForm(GuardedTextMixin, forms.Form):
    guarded_fields = ("reason",)  # the caregiver reads it

    reason = forms.CharField(
        label=_("Why not yet?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The caregiver sees this on their page. Please do not include details about children."),
        error_messages={"required": _("Tell the caregiver why their account is not closed yet.")},
    )
