from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ApprovalDocument,
    ApprovalItem,
    DocumentTemplate,
    ProjectApproval,
    RegionalCoverage,
)


@admin.register(ApprovalItem)
class ApprovalItemAdmin(SimpleHistoryAdmin):
    list_display = ("name", "department", "statutory_days", "usual_fee", "regional_coverable")
    search_fields = ("name", "code")


@admin.register(RegionalCoverage)
class RegionalCoverageAdmin(SimpleHistoryAdmin):
    list_display = ("zone", "item", "completed_on")
    list_select_related = ("zone", "item")


@admin.register(ProjectApproval)
class ProjectApprovalAdmin(SimpleHistoryAdmin):
    list_display = ("project", "item", "mode", "status", "days_saved", "fee_saved")
    list_filter = ("mode", "status")
    list_select_related = ("project", "item")
    search_fields = ("project__name", "item__name")


@admin.register(ApprovalDocument)
class ApprovalDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "approval", "size")
    list_select_related = ("approval__project", "approval__item")


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "zone")
    list_select_related = ("zone",)
