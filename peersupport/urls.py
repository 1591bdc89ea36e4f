from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("events.urls")),
    path("", include("notifications.page_urls")),
    path("webhooks/", include("notifications.urls")),
]
