"""The privacy guard for every other free text (``accounts.free_text``, setting FREE_TEXT_GUARD)."""

from __future__ import annotations

from . import guard, services


def check(text: str, *, author) -> list[guard.Finding]:
    """The guard's findings in ``text``, with the author's protected names (none for nobody)."""
    if author is None or not getattr(author, "is_authenticated", False):
        return guard.check(text)
    return services.check_text(user=author, text=text)
