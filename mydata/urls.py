from django.urls import path

from . import closure_views

app_name = "mydata"
urlpatterns: list = [
    path("close/", closure_views.close, name="close"),
    path("close/withdraw/", closure_views.close_withdraw, name="close_withdraw"),
    path("closures/", closure_views.closures, name="closures"),
    path("closures/<int:pk>/confirm/", closure_views.closure_confirm, name="closure_confirm"),
    path("closures/<int:pk>/decline/", closure_views.closure_decline, name="closure_decline"),
]
