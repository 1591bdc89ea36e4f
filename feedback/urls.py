from django.urls import path

from . import views

urlpatterns = [
    path("feedback/answer/<str:token>/", views.survey_answer, name="survey_answer"),
    path("feedback/mine/", views.my_answers, name="my_answers"),
    path("feedback/pairs/<int:pk>/follow-up/", views.closing_answers, name="closing_answers"),
    path("reports/", views.report, name="report"),
    path("reports/<slug:table>.csv", views.report_csv, name="report_csv"),
]
