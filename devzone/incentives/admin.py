from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Application, Disbursement, FinancingCase, Policy


@admin.register(Policy)
class PolicyAdmin(SimpleHistoryAdmin):
    list_display = ("title", "zone", "kind", "amount_rule", "valid_from", "valid_until")
    list_filter = ("kind", "amount_rule")
    search_fields = ("title", "issuing_office")


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ("number", "enterprise", "policy", "status", "approved_amount")
    list_filter = ("status", "origin")
    search_fields = ("number", "enterprise__name", "policy__title")
    raw_id_fields = ("policy", "enterprise")


@admin.register(Disbursement)
class DisbursementAdmin(SimpleHistoryAdmin):
    list_display = ("application", "paid_on", "amount", "reference")
    search_fields = ("application__number", "reference")
    raw_id_fields = ("application",)


@admin.register(FinancingCase)
class FinancingCaseAdmin(SimpleHistoryAdmin):
    list_display = ("enterprise", "lender", "product", "status", "amount_granted")
    list_filter = ("product", "status")
    search_fields = ("enterprise__name", "lender")
    raw_id_fields = ("enterprise",)
