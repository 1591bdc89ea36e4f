"""Signing a person out everywhere: closing an account, deactivating a member of staff.

Sessions are kept in the database (Django's default engine) and name their person only inside
the signed, encoded data, so each one is decoded. Run rarely (a closure, a deactivation), so a
pass over the table is cheaper than keeping a second index of sessions per person.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session


def end_sessions(user) -> int:
    """Delete every session signed in as ``user``, expired ones too (they still hold the id)."""
    mine = [
        session.pk
        for session in Session.objects.iterator(chunk_size=2000)
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)


def staff_deactivate(*, staff) -> None:
    """A member of staff leaves: their account is switched off, not erased, so the audit trail
    of what they did (reads, decisions, follow-ups, invitations) keeps its author.

    1. ``is_active`` off: sign-in and every policy check refuse them.
    2. Every session of theirs ends now.
    """
    type(staff).objects.filter(pk=staff.pk).update(is_active=False)
    staff.is_active = False
    end_sessions(staff)
