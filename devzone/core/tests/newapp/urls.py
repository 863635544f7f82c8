from django.urls import path

from devzone.core.generic import resource_urls

from . import views

app_name = "newapp"

urlpatterns = [path("", views.overview, name="overview"), *resource_urls("newapp")]
