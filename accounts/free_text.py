"""The privacy guard on every free text a caregiver writes that others read (issue 12, Deliver 4).

Events, groups and buddies may not import ``privacy`` (privacy imports groups: a cycle), so
they ask this module, and the project names the implementation in a setting, the way Django
picks ``EMAIL_BACKEND``:

    FREE_TEXT_GUARD = "privacy.free_text.check"  # a callable (text, *, author, about) -> findings

``about`` names the people a text is written about (a social worker's follow-up note about a
caregiver): the guard checks the text against their protected names as well as the author's,
since staff write the names of the children in that caregiver's care, not their own.

A finding has ``start``, ``end`` (str offsets), ``category``, ``explanation``, ``placeholder``,
``high_risk`` (and optionally ``label``, a short name of the category). With the setting empty
nothing is found.

``GuardedTextMixin`` puts the guard on a form's fields: each finding is explained next to its
field; high-risk findings must be replaced before the form is valid, others need the writer's
confirmation (a checkbox that appears when there is something to confirm). A "Replace" button
(``templates/partials/free_text_guard.html``) posts ``free_text_redact=<field>:<start>:<end>``
(or ``<field>:all``): the form replaces that text with its placeholder and is shown again,
invalid, so nothing is saved. It works without JavaScript.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

REDACT = "free_text_redact"
CONFIRM = "free_text_confirmed"


@cache
def _load(path: str):
    return import_string(path)


def people(about) -> tuple:
    """``about`` as a tuple of people: None, one person, or several."""
    if about is None:
        return ()
    if isinstance(about, list | tuple | set | frozenset):
        return tuple(person for person in about if person is not None)
    return (about,)


def check(text: str, *, author, about=None) -> list:
    """The findings in ``text`` (sorted, not overlapping); none when no guard is configured.
    ``about``: the person (or people) the text is about, whose protected names count too."""
    path = getattr(settings, "FREE_TEXT_GUARD", "")
    if not path or not text:
        return []
    # ``about`` only when there is someone: a guard written before it existed still works.
    extra = {"about": people(about)} if people(about) else {}
    return sorted(_load(path)(text, author=author, **extra), key=lambda f: f.start)


def redact(text: str, findings) -> str:
    """The text with each finding replaced by its placeholder."""
    pieces, pos = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        pieces.append(text[pos : f.start])
        pieces.append(f.placeholder)
        pos = f.end
    pieces.append(text[pos:])
    return "".join(pieces)


def _label(finding) -> str:
    return str(getattr(finding, "label", "") or finding.category)


class GuardedTextMixin:
    """Put it before ``forms.Form``/``forms.ModelForm``; name the fields in ``guarded_fields``
    and pass ``author=`` (the person writing) to the form, and ``about=`` (a person or
    several) when the text is written about someone else."""

    guarded_fields: tuple[str, ...] = ()

    def __init__(self, *args, author=None, about=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.author = author
        self.about = people(about)
        self.redacted = False
        self.free_text_findings: dict[str, list] = {}
        if not self.is_bound:
            return
        self.data = self.data.copy()  # a QueryDict is immutable
        choice = self.data.get(REDACT, "")
        for name in self.guarded_fields:
            if name not in self.fields:
                continue
            key = self.add_prefix(name)
            text = self.data.get(key) or ""
            findings = check(text, author=author, about=self.about)
            if findings and choice.partition(":")[0] == name:
                spot = choice.partition(":")[2]
                chosen = findings if spot == "all" else [f for f in findings if f"{f.start}:{f.end}" == spot]
                if chosen:
                    text = redact(text, chosen)
                    self.data[key] = text
                    self.redacted = True
                    findings = check(text, author=author, about=self.about)
            if findings:
                self.free_text_findings[name] = findings
        if any(not f.high_risk for found in self.free_text_findings.values() for f in found):
            self.fields[CONFIRM] = forms.BooleanField(
                label=_("I have checked: nothing I wrote could identify a child"),
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        confirmed = cleaned.pop(CONFIRM, False)  # not data to save: views pass **cleaned_data on
        to_confirm = []
        for name, findings in self.free_text_findings.items():
            for f in findings:
                if f.high_risk:
                    self.add_error(name, self._finding_message(name, f, blocking=True))
                else:
                    to_confirm.append((name, f))
        if to_confirm and not self.redacted and not confirmed:
            for name, f in to_confirm:
                self.add_error(name, self._finding_message(name, f, blocking=False))
            message = gettext("Replace what could identify a child, or tick this box to send it as it is.")
            self.add_error(CONFIRM, message)
        if self.redacted and not self.errors:
            # Show the replaced text before anything is saved.
            name = self.data.get(REDACT, "").partition(":")[0]
            self.add_error(name, gettext("Replaced. Check the text, then send it again."))
        return cleaned

    def _finding_message(self, name: str, finding, *, blocking: bool) -> str:
        values: dict[str, Any] = {
            "what": _label(finding),
            "text": self.data.get(self.add_prefix(name), "")[finding.start : finding.end],
            "explanation": finding.explanation,
            "placeholder": finding.placeholder,
        }
        if blocking:
            return (
                gettext("“%(text)s” (%(what)s): %(explanation)s Replace it with %(placeholder)s before sending.")
                % values
            )
        return (
            gettext(
                "“%(text)s” (%(what)s): %(explanation)s Replace it with %(placeholder)s, "
                "or tick the box below if it is fine."
            )
            % values
        )

    def free_text_panel(self) -> list[dict]:
        """For the template partial: each field with findings, its text's findings and buttons."""
        rows = []
        for name, findings in self.free_text_findings.items():
            bound = self[name]
            text = self.data.get(self.add_prefix(name), "")
            rows.append(
                {
                    "field": bound,
                    "findings": [
                        {"finding": f, "text": text[f.start : f.end], "value": f"{name}:{f.start}:{f.end}"}
                        for f in findings
                    ],
                    "all": f"{name}:all",
                }
            )
        return rows
