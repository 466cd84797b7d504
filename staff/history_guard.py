"""Close a write path in django-simple-history's admin.

``SimpleHistoryAdmin.history_form_view`` (``…/<id>/history/<version>/``, "revert to this
version") saves a POSTed form after checking only that the user may *view* the object: the
"Revert" button is hidden from read-only users, but a crafted POST still writes. A viewer, or an
editor who may only look at certifications, could set any stars that way.

Every admin in the project subclasses SimpleHistoryAdmin (catalogue, events, showrooms, and
whatever comes next), so the check is added once to the class itself rather than to each admin:
a POST needs the change permission; showing a version still needs only the view permission.
"""

import functools

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


def install():
    original = SimpleHistoryAdmin.history_form_view
    if getattr(original, "staff_guarded", False):
        return

    @functools.wraps(original)
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return original(self, request, object_id, version_id, extra_context)

    history_form_view.staff_guarded = True
    SimpleHistoryAdmin.history_form_view = history_form_view
