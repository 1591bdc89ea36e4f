from __future__ import annotations

from django import forms


class ExportRequestForm(forms.Form):
    """Nothing to fill in: the button asks for a download. Its errors (one already being
    prepared) are shown in the page's error summary and next to the button."""
