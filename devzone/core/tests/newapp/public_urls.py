from django.urls import path

from . import views

app_name = "newapp_public"
url_prefix = "open/"

urlpatterns = [path("", views.overview, name="overview")]
