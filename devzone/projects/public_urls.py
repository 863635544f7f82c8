"""The public notice boards (公示牌): no login."""

from django.urls import path

from . import views

app_name = "notice"
url_prefix = "notice/"

urlpatterns = [
    path("<str:code>/", views.notice_board, name="board"),
    path("<str:code>/sign/", views.notice_sign, name="sign"),
    path("<str:code>/qr.svg", views.notice_qr, name="qr"),
]
