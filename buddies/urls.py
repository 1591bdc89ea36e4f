from django.urls import path

from . import views

urlpatterns = [
    path("buddies/", views.buddy_home, name="buddy_home"),
    path("buddies/choose/", views.buddy_choose, name="buddy_choose"),
    path("buddies/different/", views.buddy_different, name="buddy_different"),
    path("buddies/settings/", views.buddy_settings, name="buddy_settings"),
    path("buddies/pairs/<int:pk>/", views.match_detail, name="match_detail"),
    path("buddies/pairs/<int:pk>/answer/", views.offer_respond, name="offer_respond"),
    path("buddies/pairs/<int:pk>/contacts/", views.check_in_create, name="check_in_create"),
    path("buddies/pairs/<int:pk>/fit/", views.fit_check, name="fit_check"),
    path("buddies/pairs/<int:pk>/feedback/", views.match_feedback, name="match_feedback"),
    path("buddies/pairs/<int:pk>/end/", views.match_end, name="match_end"),
    path("buddies/follow-up/", views.buddy_follow_up, name="buddy_follow_up"),
    path("buddies/assign/<int:pk>/", views.buddy_assign, name="buddy_assign"),
    path("buddies/batch/", views.buddy_batch, name="buddy_batch"),
    path("buddies/weights/", views.match_weights, name="match_weights"),
    path("buddies/caregivers/", views.buddy_list, name="buddy_list"),
    path("buddies/caregivers/<int:pk>/", views.buddy_profile_edit, name="buddy_profile_edit"),
    path("buddies/enquiries/", views.enquiry_list, name="enquiry_list"),
    path("buddies/enquiries/new/", views.enquiry_create, name="enquiry_create"),
    path("buddies/enquiries/<int:pk>/", views.enquiry_detail, name="enquiry_detail"),
]
