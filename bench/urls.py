"""The site's URLs plus the bare view, for the page benchmark only (bench.settings)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def bare(request):
    """The floor under every signed-in page: the session and its user, through every middleware."""
    return HttpResponse(str(request.user.pk), content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("peersupport.urls")),
]
