from django.urls import path

from devzone.core.generic import resource_urls

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("start/", views.start, name="start"),
    path("projects/<int:pk>/", views.project_approvals, name="project"),
    path("projects/<int:pk>/add/", views.add_items, name="add_items"),
    path("projects/<int:pk>/book-<str:kind>.docx", views.commitment_book, name="commitment_book"),
    path("project-items/<int:pk>/<str:kind>.docx", views.letter, name="letter"),
    path("project-items/<int:pk>/upload/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("savings/", views.savings, name="savings"),
    path("worklist/", views.worklist, name="worklist"),
]
urlpatterns += resource_urls("approvals")
