"""The privacy guard for every other free text (``accounts.free_text``, setting FREE_TEXT_GUARD)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import guard, services

ABOUT_EXPLANATION = _("This is a name the caregiver you are writing about asked us to protect.")


@dataclass(frozen=True)
class NameOfSomeoneWrittenAbout(guard.Finding):
    """A protected name registered by the person the text is about, not by its author: the
    explanation says whose it is ("a name you asked us to protect" would be wrong)."""

    @property
    def explanation(self):
        return ABOUT_EXPLANATION


def check(text: str, *, author, about=()) -> list[guard.Finding]:
    """The guard's findings in ``text``, with the protected names of the author (none for
    nobody) and of everyone the text is ``about``."""
    writer = author if author is not None and getattr(author, "is_authenticated", False) else None
    others = [person for person in about if person is not None and person != writer]
    if writer is None and not others:
        return guard.check(text)
    context = services.guard_context_for(*([writer] if writer else []), *others)
    findings = guard.check(text, context)
    if not others:
        return findings
    own = services.guard_context_for(writer).protected_digests if writer else frozenset()
    return [_whose(f, text, own, context.key) for f in findings]


def _whose(finding: guard.Finding, text: str, own: frozenset[str], key: bytes) -> guard.Finding:
    if finding.category != guard.PROTECTED_NAME:
        return finding
    if guard.digests_for_name(key, text[finding.start : finding.end]) & own:
        return finding
    return NameOfSomeoneWrittenAbout(finding.start, finding.end, finding.category, finding.confidence)
