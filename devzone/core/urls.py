from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .generic import resource_urls

app_name = "core"
# The registry's pages sit at the site's root (/zones/, /account/).
url_prefix = ""

urlpatterns = [
    path("account/", views.account, name="account"),
    path(
        "account/password/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="core/password_change_done.html"),
        name="password_change_done",
    ),
    path("account/tokens/", views.token_create, name="token_create"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("switch-zone/", views.switch_zone, name="switch_zone"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("users/", views.user_list, name="user_list"),
    path("users/add/", views.user_edit, name="user_add"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("login-records/", views.login_events, name="login_events"),
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/confirm/", views.job_confirm, name="job_confirm"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
urlpatterns += resource_urls("core")
