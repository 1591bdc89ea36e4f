from django.urls import path

from . import views

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/new/", views.listing_create, name="listing_create"),
    path("directory/recheck/", views.listing_recheck, name="listing_recheck"),
    path("directory/training/", views.training, name="training"),
    path("directory/training/by-region/", views.training_report, name="training_report"),
    path("directory/<int:pk>/", views.listing_detail, name="listing_detail"),
    path("directory/<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("directory/<int:pk>/retire/", views.listing_retire, name="listing_retire"),
    path("directory/<int:pk>/checked/", views.listing_checked, name="listing_checked"),
    path("directory/<int:pk>/send/", views.listing_send, name="listing_send"),
]
