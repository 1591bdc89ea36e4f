from django.urls import path

from . import closure_views, export_views

app_name = "mydata"
urlpatterns = [
    path("", export_views.index, name="index"),
    path("exports/<int:pk>/download.json", export_views.download, name="export_download"),
    path("exports/<int:pk>/", export_views.page, name="export_page"),
    path("close/", closure_views.close, name="close"),
    path("close/withdraw/", closure_views.close_withdraw, name="close_withdraw"),
    path("closures/", closure_views.closures, name="closures"),
    path("closures/<int:pk>/confirm/", closure_views.closure_confirm, name="closure_confirm"),
    path("closures/<int:pk>/decline/", closure_views.closure_decline, name="closure_decline"),
]
