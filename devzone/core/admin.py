from django.contrib import admin
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from simple_history.admin import SimpleHistoryAdmin

from .forms import ThrottledAdminAuthenticationForm
from .models import ApiToken, ChainMember, Enterprise, IndustryChain, LoginEvent, Region, User, Zone
from .services import user_credentials_revoke

# The same brute-force limit as the site's login page.
admin.site.login_form = ThrottledAdminAuthenticationForm


class RevokingPasswordChangeForm(AdminPasswordChangeForm):
    """A password set here ends the user's sessions and revokes its API tokens."""

    def save(self, commit=True):
        user_credentials_revoke(user=self.user)
        return super().save(commit=commit)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    change_password_form = RevokingPasswordChangeForm
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("DevZone", {"fields": ("role", "region", "zones", "enterprise", "phone")}),
    )
    list_display = ("username", "get_full_name", "role", "is_active")
    list_filter = ("role", "is_active")
    filter_horizontal = ("zones",)

    def save_model(self, request, obj, form, change):
        # A new role or privilege, or a deactivation, ends the user's sessions
        # and revokes its API tokens, as on the users page.
        if change and (
            {"role", "is_superuser", "is_staff"} & set(form.changed_data)
            or ("is_active" in form.changed_data and not obj.is_active)
        ):
            user_credentials_revoke(user=obj)
            if obj.pk == request.user.pk:
                update_session_auth_hash(request, obj)  # this session goes on
        super().save_model(request, obj, form, change)


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "level")
    search_fields = ("code", "name")


@admin.register(Zone)
class ZoneAdmin(SimpleHistoryAdmin):
    list_display = ("name", "zone_type", "level", "category", "region")
    list_select_related = ("region",)


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ("name", "credit_code", "zone", "scale")
    list_select_related = ("zone",)
    search_fields = ("name", "credit_code")


@admin.register(IndustryChain)
class IndustryChainAdmin(SimpleHistoryAdmin):
    list_display = ("name", "zone", "leader")


admin.site.register(ChainMember, SimpleHistoryAdmin)
admin.site.register(LoginEvent)
admin.site.register(ApiToken)
