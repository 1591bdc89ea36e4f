"""Every word a template shows goes through a translation tag.

The house standard: user-facing text in templates is in ``{% translate %}`` or
``{% blocktranslate %}`` so that ``make messages`` collects it for te reo Māori
(issue 14). This test reads each template of ours with Django's template lexer,
keeps the text outside translation blocks and comments, reads that as HTML, and
fails on any letter left in what a person sees or hears: text between tags, the
attributes a browser or screen reader presents (``alt``, ``title``,
``aria-label``, ``placeholder``, the ``value`` of a button-like input), and
string literals handed to filters and tags that end up on the page
(``|default:"Not given"``, ``{% element img alt="…" %}``). ``|pluralize`` is
refused too: English plurals do not translate; use ``{% blocktranslate count %}``.

Blocks named ``*_class`` (``{% block content_class %}narrow{% endblock %}``) hold CSS
classes, not text. What it cannot see: text a view or form passes in (those go through gettext in
Python) and date formats in ``|date:"…"`` (locale formats, issue 14).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template import engines
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parent.parent

# Deliberately not translated: (template, the text as found).
NOT_TRANSLATED = {
    # 500.html is rendered without a context (no site_name) and must not fail; the brand stays.
    ("templates/500.html", "– Caregiver Peer Support"),
}

VISIBLE_ATTRIBUTES = {
    "alt",
    "title",
    "placeholder",
    "label",
    "aria-label",
    "aria-description",
    "aria-placeholder",
    "aria-roledescription",
    "aria-valuetext",
}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
TRANSLATE_TAGS = {"translate", "trans"}
BLOCK_TRANSLATE_TAGS = {"blocktranslate", "blocktrans"}
LETTER = re.compile(r"[^\W\d_]")
# A filter whose quoted argument is shown (``_("…")`` is a translated literal and passes).
SHOWN_FILTER_ARGUMENT = re.compile(r"""\|\s*(default|default_if_none|yesno)\s*:\s*(?P<q>["'])(?P<text>.*?)(?P=q)""")
PLURALIZE = re.compile(r"\|\s*pluralize\b")
# Keyword arguments of tags such as allauth's {% element %} that end up in visible attributes.
SHOWN_TAG_ARGUMENT = re.compile(
    r"""(?<![\w-])(alt|title|label|placeholder|aria_label|aria-label)\s*=\s*(?P<q>["'])(?P<text>.*?)(?P=q)"""
)


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden_depth += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and name in VISIBLE_ATTRIBUTES:
                self.found.append(value)
        if tag == "input" and (attributes.get("type") or "").lower() in BUTTON_INPUT_TYPES and attributes.get("value"):
            self.found.append(attributes["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self._hidden_depth -= 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data):
        if not self._hidden_depth:
            self.found.append(data)


def untranslated_text(source: str) -> list[str]:
    """The pieces of visible text in a template that no translation tag covers."""
    outside: list[str] = []  # the template with translated blocks, comments, tags and variables taken out
    tag_problems: list[str] = []
    skipping_until = None
    for token in Lexer(source).tokenize():
        contents = token.contents
        name = contents.split(maxsplit=1)[0] if token.token_type == TokenType.BLOCK and contents else ""
        if skipping_until:
            if name in skipping_until:
                skipping_until = None
            continue
        if token.token_type == TokenType.TEXT:
            outside.append(contents)
        elif token.token_type == TokenType.BLOCK:
            if name in BLOCK_TRANSLATE_TAGS:
                skipping_until = {"endblocktranslate", "endblocktrans"}
            elif name == "comment":
                skipping_until = {"endcomment"}
            elif name == "block" and contents.split()[-1].endswith("_class"):
                skipping_until = {"endblock"}  # {% block content_class %}narrow{% endblock %}: a CSS class
            if name in TRANSLATE_TAGS | BLOCK_TRANSLATE_TAGS:
                continue
            tag_problems += _shown_literals(contents)
            tag_problems += [m["text"] for m in SHOWN_TAG_ARGUMENT.finditer(contents) if LETTER.search(m["text"])]
        elif token.token_type == TokenType.VAR:
            tag_problems += _shown_literals(contents)
    parser = _VisibleText()
    parser.feed("".join(outside))
    parser.close()
    visible = [" ".join(text.split()) for text in parser.found]
    return [text for text in visible if LETTER.search(text)] + tag_problems


def _shown_literals(contents: str) -> list[str]:
    found = [m["text"] for m in SHOWN_FILTER_ARGUMENT.finditer(contents) if LETTER.search(m["text"])]
    if PLURALIZE.search(contents):
        found.append(f"{{{{ {contents} }}}} (use blocktranslate count)")
    return found


def our_template_dirs() -> list[Path]:
    """templates/ and the template folders of our apps (not those of installed packages)."""
    dirs = set()
    for engine in engines.all():
        for directory in engine.template_dirs:
            path = Path(directory).resolve()
            if path.is_relative_to(ROOT) and ".venv" not in path.parts and "node_modules" not in path.parts:
                dirs.add(path)
    return sorted(dirs)


def untranslated_in(directories: list[Path]) -> dict[str, list[str]]:
    found = {}
    for directory in directories:
        for path in sorted(directory.rglob("*")):
            if path.suffix not in {".html", ".txt"} or not path.is_file():
                continue
            name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
            texts = [text for text in untranslated_text(path.read_text()) if (name, text) not in NOT_TRANSLATED]
            if texts:
                found[name] = texts
    return found


def test_our_template_dirs_are_found():
    assert ROOT / "templates" in our_template_dirs()


def test_every_template_translates_its_visible_text():
    found = {name: texts for name, texts in untranslated_in(our_template_dirs()).items()}
    assert not found, "Visible text outside {% translate %} / {% blocktranslate %}:\n" + "\n".join(
        f"  {name}: {text!r}" for name, texts in found.items() for text in texts
    )


# The checker itself: text it must catch, and markup it must let through.
@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("<p>Hello</p>", ["Hello"]),
        ("<h1>{{ event.title }}: Check-in</h1>", [": Check-in"]),
        ('<input type="search" placeholder="Name or email">', ["Name or email"]),
        ('<button aria-label="Menu"></button>', ["Menu"]),
        ('<img src="x.png" alt="QR code">', ["QR code"]),
        ('<input type="submit" value="Save">', ["Save"]),
        ("<title>Sign in – {{ site_name }}</title>", ["Sign in –"]),
        ('{{ value|default:"Not given" }}', ["Not given"]),
        ("{{ n }} household{{ n|pluralize }}", ["household", "{{ n|pluralize }} (use blocktranslate count)"]),
        ('{% element img src=x alt="QR code for your app" %}{% endelement %}', ["QR code for your app"]),
        ("{% if x %}Yes{% else %}No{% endif %}", ["YesNo"]),
        ("{% block content %}Hello{% endblock %}", ["Hello"]),
        ("Kia ora {{ name }},\n", ["Kia ora ,"]),
        ('<p>{% translate "Hello" %}</p>', []),
        ("<p>{% blocktranslate trimmed with n=x %}Hello {{ n }}{% endblocktranslate %}</p>", []),
        ("{% blocktranslate count n=x %}{{ n }} person{% plural %}{{ n }} people{% endblocktranslate %}", []),
        ('{{ value|default:_("Not given") }}', []),
        ('<div class="alert alert-info" role="status" id="main-nav" data-x="abc"></div>', []),
        ('<input type="hidden" name="q" value="{{ query }}"><input type="hidden" value="attended">', []),
        ('<a href="{% url \'home\' %}">{% translate "Home" %}</a> &middot; &nbsp; 12 · – :', []),
        ("{% comment %}A note for developers{% endcomment %}{# another #}<!-- and one in HTML -->", []),
        ('<script src="x.js"></script><script>var label = "x";</script><style>p { color: red; }</style>', []),
        ('<!DOCTYPE html>{% load i18n static %}{% extends "base.html" %}{% block title %}{% endblock title %}', []),
        ("{% block content_class %}narrow{% endblock %}", []),
        ('{{ when|date:"j F Y" }} {% include "partials/x.html" with form=add_form %}', []),
    ],
)
def test_checker_catches_untranslated_text(source, caught):
    assert untranslated_text(source) == caught


def test_a_planted_template_is_caught(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "page.html").write_text('{% load i18n %}<h1>{% translate "Fine" %}</h1><p>Forgotten</p>')
    (tmp_path / "app" / "message.txt").write_text('{% load i18n %}{% translate "Fine" %}\nSee you there\n')
    (tmp_path / "app" / "ok.html").write_text('{% load i18n %}<p>{% translate "All good" %}</p>')
    found = untranslated_in([tmp_path])
    assert found == {
        str(tmp_path / "app" / "message.txt"): ["See you there"],
        str(tmp_path / "app" / "page.html"): ["Forgotten"],
    }
