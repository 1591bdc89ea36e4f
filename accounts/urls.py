from django.urls import path

from . import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/who-looked/", views.who_looked, name="who_looked"),
    path("language/", views.language_set, name="set_language"),
    path("caregivers/", views.caregiver_list, name="caregiver_list"),
    path("caregivers/<int:pk>/", views.caregiver_detail, name="caregiver_detail"),
    path("staff-reads/", views.staff_reads, name="staff_reads"),
]
