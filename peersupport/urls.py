from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("invitations.urls")),
    path("", include("events.urls")),
    path("", include("notifications.page_urls")),
    path("webhooks/", include("notifications.urls")),
]
