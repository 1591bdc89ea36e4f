"""The "download my data" document: every app's part about one person, from the registry
(``accounts.personal_data.export_sections``), as JSON (``build_document``) and as the
rows of a readable page (``readable``). ``mydata/EXPORT_SCHEMA.md`` documents every field.

The document is written in the person's language (titles, choices, labels on the page);
the keys are stable and in English so a program can read it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from accounts.personal_data import ExportSection, export_sections, iso

SCHEMA = "peersupport-export/1"
# Keys every section has besides the rows its app exports.
SECTION_HEADER = ("title", "description", "correct_at")


def _corrections(section: ExportSection) -> list[dict]:
    return [
        {"label": str(c.label), "url": reverse(c.url_name) if c.url_name else None, "ask": str(c.ask) or None}
        for c in section.corrections
    ]


def build_document(user, *, on_section: Callable[[int, int], None] | None = None) -> dict:
    """The whole document for ``user``. ``on_section(done, total)`` is called after each
    section (the task records progress with it). Each section's export runs a fixed number
    of queries, so the total does not grow with the person's rows."""
    sections = export_sections()
    with translation.override(user.language):
        document = {
            "schema": SCHEMA,
            "generated_at": iso(timezone.now()),
            "person": {
                "name": user.get_full_name(),
                "email": user.email,
                "role": user.get_role_display(),
            },
            "sections": {},
        }
        for done, section in enumerate(sections, 1):
            part = {
                "title": str(section.title),
                "description": str(section.description),
                "correct_at": _corrections(section),
            }
            part.update(section.export(user))
            document["sections"][section.key] = part
            if on_section:
                on_section(done, len(sections))
    # Lazy translations (and anything else DjangoJSONEncoder knows) become plain JSON here, so
    # what is stored is exactly what the download gives.
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder))


# --- Order -----------------------------------------------------------------------------
# PostgreSQL's jsonb keeps objects' keys in its own order (shortest first), so the stored
# document is put back in reading order when it is served: the top-level fields, the
# sections as registered, each section's header, then its fields in the order of its labels.

TOP_LEVEL = ("schema", "generated_at", "person", "sections")


def _by_labels(value, order: dict[str, int]):
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: (order.get(key, len(order)), key))
        return {key: _by_labels(value[key], order) for key in keys}
    if isinstance(value, list):
        return [_by_labels(item, order) for item in value]
    return value


def ordered(document: dict) -> dict:
    sections = {section.key: section for section in export_sections()}
    position = {key: i for i, key in enumerate(sections)}
    out = {key: document[key] for key in TOP_LEVEL if key in document}
    out.update({key: value for key, value in document.items() if key not in TOP_LEVEL})
    out["sections"] = {}
    for key in sorted(document.get("sections", {}), key=lambda key: (position.get(key, len(position)), key)):
        section = document["sections"][key]
        labels = sections[key].labels if key in sections else {}
        order = {name: i for i, name in enumerate((*SECTION_HEADER, *labels))}
        out["sections"][key] = _by_labels(section, order)
    return out


# --- The readable page -----------------------------------------------------------------

_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SITE_PATH = re.compile(r"^/[\w/-]*$")


def _text(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return gettext("Yes")
    if value is False:
        return gettext("No")
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        # The site's own formats ("2 December 2026", templates' |date:"j F Y"), in the reader's zone.
        return formats.date_format(timezone.localtime(datetime.fromisoformat(value)), "j F Y, H:i")
    if isinstance(value, str) and _ISO_DATE.match(value):
        return formats.date_format(date.fromisoformat(value), "j F Y")
    return str(value)


def _fields(data: dict, labels: dict) -> list[dict]:
    """Each key as {"label", and one of "text", "fields" (a record) or "rows" (a list of records)}."""
    fields = []
    for key, value in data.items():
        label = str(labels.get(key, key))
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            fields.append({"key": key, "label": label, "rows": [_fields(item, labels) for item in value]})
        elif isinstance(value, dict):
            fields.append({"key": key, "label": label, "fields": _fields(value, labels)})
        elif isinstance(value, list) and not value:
            fields.append({"key": key, "label": label, "text": gettext("Nothing recorded")})
        elif value is None and key == "text":
            # A post's text left out of the file (privacy.data_export): say why, not just "—".
            withheld = gettext("Not included: hidden or held to protect a child, it stays in the group.")
            fields.append({"key": key, "label": label, "text": withheld})
        elif isinstance(value, str) and _SITE_PATH.match(value):
            # A page of the portal (where to see protected names): a link, named by its label.
            fields.append({"key": key, "label": label, "text": gettext("Open this page"), "url": value})
        else:
            fields.append({"key": key, "label": label, "text": _text(value)})
    return fields


def readable(document: dict) -> list[dict]:
    """The sections of a stored document, ready for ``templates/mydata/export_page.html``:
    labels in the reader's language from the registry, dates in their format."""
    labels = {section.key: section.labels for section in export_sections()}
    out = []
    for key, section in ordered(document)["sections"].items():
        rows = {k: v for k, v in section.items() if k not in SECTION_HEADER}
        out.append(
            {
                "key": key,
                "title": section["title"],
                "description": section["description"],
                "correct_at": section["correct_at"],
                "parts": _fields(rows, labels.get(key, {})),
            }
        )
    return out
