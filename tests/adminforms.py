"""Submit a Django admin form the way a browser would: the values as rendered."""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser

from django.utils import formats, timezone

SKIPPED_INPUTS = {"submit", "button", "reset", "image", "file"}


class _FormValues(HTMLParser):
    """The name/value pairs a browser sends for the admin's main form (``<form id="…_form">``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.pairs: list[tuple[str, str]] = []
        self.select: dict | None = None
        self.textarea: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form:
            return
        if tag == "option" and self.select is not None:
            self.select["options"].append(a.get("value") or "")
            if "selected" in a:
                self.select["chosen"].append(a.get("value") or "")
        if "name" not in a or "disabled" in a:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in SKIPPED_INPUTS or (kind in ("checkbox", "radio") and "checked" not in a):
                return
            self.pairs.append((a["name"], a.get("value") or ("on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select":
            self.select = {"name": a["name"], "multiple": "multiple" in a, "options": [], "chosen": []}
        elif tag == "textarea":
            self.textarea = [a["name"], ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select is not None:
            s, self.select = self.select, None
            chosen = s["chosen"] or ([] if s["multiple"] else s["options"][:1])
            self.pairs.extend((s["name"], value) for value in chosen)
        elif tag == "textarea" and self.textarea is not None:
            (name, text), self.textarea = self.textarea, None
            # Browsers drop the newline right after <textarea>, which Django writes.
            self.pairs.append((name, text.removeprefix("\n")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def form_values(response, **overrides) -> dict[str, list[str]]:
    """What submitting the admin page in ``response`` unchanged sends, with ``overrides``
    (a datetime fills the admin's date and time boxes ``<name>_0`` and ``<name>_1``)."""
    parser = _FormValues()
    parser.feed(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in parser.pairs:
        data.setdefault(name, []).append(value)
    for name, value in overrides.items():
        if isinstance(value, datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"] = [local.strftime(formats.get_format("DATE_INPUT_FORMATS")[0])]
            data[f"{name}_1"] = [local.strftime(formats.get_format("TIME_INPUT_FORMATS")[0])]
        elif value is None:
            data.pop(name, None)
        else:
            data[name] = [str(value)]
    return data


def form_errors(response) -> object:
    """The errors on a re-rendered admin form, for assertion messages."""
    if response.context is None or "adminform" not in response.context:
        return response.status_code
    return response.context["adminform"].form.errors, response.context.get("errors")
