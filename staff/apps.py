from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff roles (groups with exact permissions) and the admin guards that go with them."""

    name = "staff"
    verbose_name = _("Staff roles")

    def ready(self):
        from . import history_guard, history_view, roles

        history_guard.install()
        history_view.install()
        # Keep the groups exactly as staff/roles.py says after every `migrate`: a model added
        # to an app later joins its roles without anyone remembering a data migration.
        post_migrate.connect(roles.sync_after_migrate, sender=self, dispatch_uid="staff.sync_roles")
