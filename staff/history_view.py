"""The admin's object history (django-simple-history) without rows that change nothing.

A save that changes no field the history compares (a product's rating columns, copied from its
certification and not editable, are recorded but not compared) used to show as an empty
"Changed" row, e.g. right after a new object's "Created" row. ``set_history_delta_changes`` computes each record's
differences from the one before; records whose list is empty are marked ``changes_nothing`` and
``templates/simple_history/object_history_list.html`` leaves them out. The oldest record (the
creation) never is.
"""

import functools

from simple_history.admin import SimpleHistoryAdmin


def install():
    original = SimpleHistoryAdmin.set_history_delta_changes
    if getattr(original, "marks_empty_changes", False):
        return

    @functools.wraps(original)
    def set_history_delta_changes(self, request, historical_records, *args, **kwargs):
        original(self, request, historical_records, *args, **kwargs)
        for record in historical_records:
            changes = getattr(record, "history_delta_changes", None)
            record.changes_nothing = record.history_type == "~" and changes is not None and not changes

    set_history_delta_changes.marks_empty_changes = True
    SimpleHistoryAdmin.set_history_delta_changes = set_history_delta_changes
