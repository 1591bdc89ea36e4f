"""``accounts.free_text``: the interface apps ask, with the guard named by FREE_TEXT_GUARD."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.test import override_settings

from accounts import free_text
from accounts.checks import free_text_guard_loads


@dataclass(frozen=True)
class Shout:
    """A finding of the fake guard below: every "SECRET" is high-risk."""

    start: int
    end: int
    category: str = "SECRET"
    explanation: str = "A secret."
    placeholder: str = "[hidden]"
    high_risk: bool = True


def shouting_guard(text: str, *, author) -> list[Shout]:
    found, at = [], text.find("SECRET")
    while at != -1:
        found.append(Shout(at, at + 6))
        at = text.find("SECRET", at + 6)
    return found


class NoteForm(free_text.GuardedTextMixin, forms.Form):
    guarded_fields = ("note",)
    note = forms.CharField(required=False)


@override_settings(FREE_TEXT_GUARD="")
def test_without_a_guard_nothing_is_found():
    assert free_text.check("Ring me on 021 458 2210", author=None) == []
    assert NoteForm({"note": "Ring me on 021 458 2210"}).is_valid()


@override_settings(FREE_TEXT_GUARD="tests.accounts.test_free_text.shouting_guard")
def test_the_guard_named_in_the_setting_is_asked_and_its_findings_redacted():
    text = "a SECRET and a SECRET"
    findings = free_text.check(text, author=None)
    assert [(f.start, f.end) for f in findings] == [(2, 8), (15, 21)]
    assert free_text.redact(text, findings) == "a [hidden] and a [hidden]"
    form = NoteForm({"note": text})
    assert not form.is_valid()
    assert form.errors["note"][0].startswith("“SECRET” (SECRET): A secret.")
    form = NoteForm({"note": text, free_text.REDACT: "note:all"})
    assert not form.is_valid()  # shown again before saving
    assert form.data["note"] == "a [hidden] and a [hidden]"
    assert NoteForm({"note": form.data["note"]}).is_valid()


@override_settings(FREE_TEXT_GUARD="privacy.nowhere.check")
def test_a_guard_that_cannot_be_imported_is_a_system_check_error():
    assert [e.id for e in free_text_guard_loads(None)] == ["accounts.E004"]


def test_the_project_names_the_privacy_guard():
    assert free_text_guard_loads(None) == []


seen_about: list = []


def listening_guard(text: str, *, author, about=()) -> list:
    seen_about.append(about)
    return []


@override_settings(FREE_TEXT_GUARD="tests.accounts.test_free_text.listening_guard")
def test_the_people_a_text_is_about_reach_the_guard_from_the_form_too():
    seen_about.clear()
    someone, another = object(), object()
    free_text.check("a note", author=None, about=someone)
    free_text.check("a note", author=None, about=[someone, None, another])
    NoteForm({"note": "a note"}, about=someone).is_valid()
    assert seen_about == [(someone,), (someone, another), (someone,)]


@override_settings(FREE_TEXT_GUARD="tests.accounts.test_free_text.shouting_guard")
def test_a_guard_without_about_still_works_when_nobody_is_written_about():
    assert len(free_text.check("SECRET", author=None, about=None)) == 1
    assert len(free_text.check("SECRET", author=None, about=[])) == 1
