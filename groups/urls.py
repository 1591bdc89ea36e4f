from django.urls import path

from . import views

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/hosting/", views.group_hosting, name="group_hosting"),
    path("groups/<int:pk>/members/", views.group_members, name="group_members"),
    path("groups/<int:pk>/meetings/", views.group_meetings, name="group_meetings"),
    path("groups/<int:pk>/join/", views.group_join, name="group_join"),
    path("groups/<int:pk>/agreement/", views.group_agreement, name="group_agreement"),
    path("groups/<int:pk>/leave/", views.group_leave, name="group_leave"),
    path("groups/<int:pk>/requests/", views.group_requests, name="group_requests"),
    path("groups/<int:pk>/requests/<int:membership_pk>/", views.membership_decide, name="membership_decide"),
    path("groups/<int:pk>/agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path("groups/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("groups/<int:pk>/meetings/<int:meeting_pk>/", views.meeting_manage, name="meeting_manage"),
    path("groups/<int:pk>/meetings/<int:meeting_pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("groups/<int:pk>/hand-over/", views.facilitation_hand_over, name="facilitation_hand_over"),
    path("groups/<int:pk>/hub-requests/", views.hub_requests, name="hub_requests"),
    path("groups/<int:pk>/hub-requests/<int:request_pk>/answer/", views.hub_request_answer, name="hub_request_answer"),
]
