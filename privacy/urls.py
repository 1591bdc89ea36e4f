from django.urls import path

from . import views

urlpatterns = [
    path("groups/<int:pk>/discussion/", views.discussion, name="privacy_discussion"),
    path("groups/<int:pk>/discussion/check/", views.guard_check, name="privacy_guard_check"),
    path("groups/<int:pk>/discussion/new/", views.thread_create, name="privacy_thread_create"),
    path("groups/<int:pk>/discussion/<int:thread_pk>/", views.thread_detail, name="privacy_thread"),
    path("groups/<int:pk>/discussion/posts/<int:post_pk>/report/", views.post_report, name="privacy_post_report"),
    path("groups/<int:pk>/discussion/moderation/", views.moderation, name="privacy_moderation"),
    path("groups/<int:pk>/discussion/posts/<int:post_pk>/moderate/", views.moderate, name="privacy_moderate"),
    path("groups/<int:pk>/discussion/retention/", views.retention, name="privacy_retention"),
    path("groups/<int:pk>/discussion/remove-my-posts/", views.remove_my_posts, name="privacy_remove_my_posts"),
    path("privacy/protected-names/", views.protected_names, name="privacy_protected_names"),
    path(
        "privacy/protected-names/<int:name_pk>/delete/",
        views.protected_name_delete,
        name="privacy_protected_name_delete",
    ),
]
