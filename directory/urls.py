from django.urls import path

from . import caremap_views, views

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
    # The care map: the caregiver's own, and the shared copy their social worker may read.
    path("care-map/", caremap_views.my_caremap, name="caremap"),
    path("care-map/<int:pk>/edit/", caremap_views.caremap_entry_edit, name="caremap_entry_edit"),
    path("care-map/<int:pk>/remove/", caremap_views.caremap_entry_remove, name="caremap_entry_remove"),
    path("care-map/share/", caremap_views.caremap_share, name="caremap_share"),
    path("care-map/stop-sharing/", caremap_views.caremap_stop_sharing, name="caremap_stop_sharing"),
    path("care-map/caregivers/<int:pk>/", caremap_views.caremap_shared, name="caremap_shared"),
]
