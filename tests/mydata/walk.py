"""A walk over every row of every table: where does a person's data still appear?"""

from __future__ import annotations

import json
import re

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session


def _text(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def findings(*, user_pk: int, values: list[str]) -> list[str]:
    """ "app.Model.field #pk: what" for every column holding one of ``values`` (case-insensitive)
    and every link to ``user_pk`` (foreign keys to the user model, the admin's object ids,
    sessions signed in as them)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    # Whole values only: "carer@example.org" is not found in "newcarer@example.org".
    wanted = {value: re.compile(rf"(?<![\w.+-]){re.escape(value)}(?!\w)", re.IGNORECASE) for value in values if value}
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields]
        for row in model._default_manager.all().values(*[f.attname for f in fields]):
            for field in fields:
                value = row[field.attname]
                where = f"{model._meta.label}.{field.name} #{row.get('id', row.get(model._meta.pk.attname))}"
                if field.is_relation and field.related_model is user_model:
                    if value == user_pk:
                        found.append(f"{where}: links to the person")
                    continue
                text = _text(value)
                found += [f"{where}: {v}" for v, pattern in wanted.items() if pattern.search(text)]
            if model is user_model and row["id"] == user_pk:
                found.append(f"{model._meta.label} #{user_pk}: the user row")
    for session in Session.objects.all():
        if session.get_decoded().get(SESSION_KEY) == str(user_pk):
            found.append(f"sessions.Session {session.pk}: signed in as the person")
    return found
