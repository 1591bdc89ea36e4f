from django.urls import path

from . import views

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/mine/", views.my_events, name="my_events"),
    path("events/mine/calendar/", views.calendar_feed_reset, name="calendar_feed_reset"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/calendar.ics", views.event_ics, name="event_ics"),
    path("events/<int:pk>/reply/", views.rsvp_edit, name="rsvp_edit"),
    path("events/<int:pk>/reply/cancel/", views.rsvp_cancel, name="rsvp_cancel"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/replies/", views.event_rsvps, name="event_rsvps"),
    path("events/<int:pk>/replies.csv", views.event_rsvps_csv, name="event_rsvps_csv"),
    path("events/<int:pk>/invitees/", views.event_invitees, name="event_invitees"),
    path("events/<int:pk>/invitees/<int:user_pk>/follow-up/", views.follow_up_create, name="follow_up_create"),
    path("events/<int:pk>/check-in/", views.event_check_in, name="event_check_in"),
    path("events/<int:pk>/check-in/<int:rsvp_pk>/", views.rsvp_check_in, name="rsvp_check_in"),
    path("events/<int:pk>/messages/", views.event_outbox, name="event_outbox"),
    path("events/<int:pk>/checklist/", views.event_checklist, name="event_checklist"),
    path("events/<int:pk>/checklist/<int:item_pk>/", views.checklist_toggle, name="checklist_toggle"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    # Short links for texts: every character counts in a 160-character SMS.
    path("e/<int:pk>", views.event_short_link, name="event_short_link"),
]
