from django.contrib import admin

from .models import ExpiryReminder


@admin.register(ExpiryReminder)
class ExpiryReminderAdmin(admin.ModelAdmin):
    """What was sent, read-only: rows are written by ``send_expiry_reminders`` alone."""

    list_display = ("sent_on", "certification", "producer", "step", "valid_until", "recipient")
    list_select_related = ("certification", "producer")
    list_filter = ("step", "sent_on")
    search_fields = ("certification__certificate_no", "producer__name", "recipient")
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
