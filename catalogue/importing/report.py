"""Plain-text wording of an import report (the command's output; the admin shows a table)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext



def action_label(action: str) -> str:
    return {
        "create": pgettext("import action", "new"),
        "update": pgettext("import action", "changed"),
        "unchanged": pgettext("import action", "unchanged"),
    }[action]


def describe_problem(problem) -> str:
    where = []
    if problem.line:
        where.append(_("line %(line)d") % {"line": problem.line})
    if problem.column:
        where.append(_("column %(column)s") % {"column": problem.column})
    return f"{', '.join(where)}: {problem.message}" if where else problem.message


def describe_row(row) -> str:
    text = f"{_('line %(line)d') % {'line': row.line}}: {row.code} {action_label(row.action)}"
    if row.changes:
        text += f" ({', '.join(row.changes)})"
    if row.notes:
        text += " — " + "; ".join(row.notes)
    return text


def summary(report) -> str:
    parts = [
        ngettext("%(n)d product new", "%(n)d products new", report.created) % {"n": report.created},
        ngettext("%(n)d changed", "%(n)d changed", report.updated) % {"n": report.updated},
        ngettext("%(n)d unchanged", "%(n)d unchanged", report.unchanged) % {"n": report.unchanged},
        ngettext("%(n)d new producer", "%(n)d new producers", len(report.new_producers))
        % {"n": len(report.new_producers)},
        ngettext("%(n)d new craft village", "%(n)d new craft villages", len(report.new_villages))
        % {"n": len(report.new_villages)},
        ngettext("%(n)d certification new", "%(n)d certifications new", report.certifications_created)
        % {"n": report.certifications_created},
        ngettext("%(n)d certification changed", "%(n)d certifications changed",
                 report.certifications_updated) % {"n": report.certifications_updated},
    ]
    if report.dry_run:
        lead = _("Dry run, nothing written")
    elif report.written:
        lead = _("Imported")
    else:
        lead = _("Nothing written")
    return f"{lead}: {', '.join(parts)}."
