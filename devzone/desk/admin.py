from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Category, Department, Escalation, FollowUp, ServiceRequest


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "zone", "confidential", "accept_days", "resolve_days")
    list_filter = ("confidential", "active")


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "zone", "head")
    raw_id_fields = ("zone", "head")


@admin.register(ServiceRequest)
class ServiceRequestAdmin(SimpleHistoryAdmin):
    list_display = ("title", "code", "zone", "category", "status", "received_at", "resolve_due")
    list_filter = ("status", "channel")
    search_fields = ("title", "code")
    raw_id_fields = ("zone", "category", "enterprise", "project", "department", "assignee")


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ("request", "kind", "author", "created_at")
    raw_id_fields = ("request", "author")


@admin.register(Escalation)
class EscalationAdmin(SimpleHistoryAdmin):
    list_display = ("request", "deadline", "level", "round", "due", "created_at")
    raw_id_fields = ("request",)
