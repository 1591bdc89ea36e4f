from django.contrib import admin
from django.urls import include, path

from . import health, operations, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    # Answered by health.HealthCheckMiddleware before sessions; here for reverse() and the tests.
    path("healthz", health.healthz, name="healthz"),
    path("operations/", operations.operations, name="operations"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("invitations.urls")),
    path("", include("events.urls")),
    path("", include("groups.urls")),
    path("", include("buddies.urls")),
    path("", include("directory.urls")),
    path("", include("privacy.urls")),
    path("", include("feedback.urls")),
    path("", include("notifications.page_urls")),
    path("my-data/", include("mydata.urls")),
    path("webhooks/", include("notifications.urls")),
]
