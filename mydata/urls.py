from django.urls import path

from . import export_views

app_name = "mydata"
urlpatterns = [
    path("", export_views.index, name="index"),
    path("exports/<int:pk>/download.json", export_views.download, name="export_download"),
    path("exports/<int:pk>/", export_views.page, name="export_page"),
]
