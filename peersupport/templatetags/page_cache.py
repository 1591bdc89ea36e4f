"""``{% page_cached "title" %}…{% endpage_cached %}`` and ``{% page_cached "content" %}…``:
base.html's title and content blocks, from the page cache when the view opted in
(``"page_cache": True`` in its context; see peersupport/pagecache.py).

Both parts are read in one lookup and stored together once the content (which comes
after the title in base.html) has been drawn. A view whose very object is lazy (the
event of an event page) is then not even looked up on a hit: the stored parts were
drawn for this person, after its access check passed, under generations that any
change to the rows it read would have moved.
"""

from django import template
from django.utils.safestring import mark_safe

from peersupport import pagecache

register = template.Library()

LAST_PART = "content"


class PageCachedNode(template.Node):
    def __init__(self, part: str, nodelist):
        self.part, self.nodelist = part, nodelist

    def render(self, context):
        request = context.get("request")
        if request is None or not context.get("page_cache"):
            return self.nodelist.render(context)
        key, _, parts = pagecache.lookup(request)
        if key is None:
            return self.nodelist.render(context)
        if parts is not None and self.part in parts:
            return mark_safe(parts[self.part])  # noqa: S308 - drawn by our templates, escaped then
        drawn = request.__dict__.setdefault("_page_parts", {})
        drawn[self.part] = html = str(self.nodelist.render(context))
        if self.part == LAST_PART:
            pagecache.store(request, drawn)
        return mark_safe(html)  # noqa: S308 - as above


@register.tag
def page_cached(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1].strip("\"'") not in {"title", LAST_PART}:
        raise template.TemplateSyntaxError('{% page_cached "title" %} or {% page_cached "content" %}')
    nodelist = parser.parse(("endpage_cached",))
    parser.delete_first_token()
    return PageCachedNode(bits[1].strip("\"'"), nodelist)
