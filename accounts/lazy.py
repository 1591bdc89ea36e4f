"""Template context computed only when a template reads it.

Pages kept by the page cache (peersupport/pagecache.py) are drawn from Redis without
reading their context, so a view hands over its queries unrun, and one shared
computation answers every name. Django's templates call a callable they find in the
context, so each name is a lazy object that, called, gives the value itself: the
template sees plain values (numbers keep their localisation, plural forms work), and
Python code (a test reading ``response.context``) can use it like the value. Here
because every app's views may import accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from django.shortcuts import render
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import SimpleLazyObject, empty


class LazyValue(SimpleLazyObject):
    def __call__(self):
        if self._wrapped is empty:
            self._setup()
        return self._wrapped


def lazy_context(compute: Callable[[], dict], names: Iterable[str]) -> dict:
    """``{name: LazyValue}`` for each name of the dict ``compute()`` returns, computed once."""
    once = cache(compute)
    return {name: LazyValue(lambda name=name: once()[name]) for name in names}


class LazyChoices(BaseChoiceIterator):
    """A form field's choices read from the database on first use, then kept: the page
    cache can then skip the query, and a form checked and drawn reads it once (Django's
    callable choices would read it at every use). ``{% cached_crispy %}`` keys on them."""

    def __init__(self, read: Callable[[], list]):
        self.read = read
        self.choices: list | None = None

    def __iter__(self):
        if self.choices is None:
            self.choices = list(self.read())
        return iter(self.choices)


class RespondInstead(Exception):  # noqa: N818 - a signal to the view, not an error
    """Raised by a lazy computation that finds the page must not be drawn (the person must
    accept a group agreement first, the event's replies are closed): ``render_lazily``
    returns this response instead. Raised before anything is stored in the page cache."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def render_lazily(request, template_name: str, context: dict, **kwargs):
    """``render``, for a page whose lazy context may decide to answer otherwise."""
    try:
        return render(request, template_name, context, **kwargs)
    except RespondInstead as instead:
        return instead.response
