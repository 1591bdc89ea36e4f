"""``{% page_content %}…{% endpage_content %}``: base.html's content block, from the page cache
when the view opted in (see peersupport/pagecache.py)."""

from django import template
from django.utils.safestring import mark_safe

from peersupport import pagecache

register = template.Library()


class PageContentNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        key = pagecache.page_key(request) if request is not None and context.get("page_cache") else None
        if key is None:
            return self.nodelist.render(context)
        html = pagecache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            pagecache.put(key, str(html))
        return mark_safe(html)  # noqa: S308 - rendered by our own templates, escaped there


@register.tag
def page_content(parser, token):
    nodelist = parser.parse(("endpage_content",))
    parser.delete_first_token()
    return PageContentNode(nodelist)
