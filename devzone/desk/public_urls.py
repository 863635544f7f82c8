"""The public service-request form and tracking page: no login."""

from django.urls import path

from . import views

app_name = "service"
url_prefix = "service/"

urlpatterns = [
    path("", views.service_form, name="form"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.status, name="status"),
    path("track/<str:code>/rate/", views.rate, name="rate"),
    path("track/<str:code>/reopen/", views.reopen, name="reopen"),
]
