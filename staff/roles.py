"""Staff roles: Django groups holding exactly the permissions one job needs (least privilege).

This module is the single source of truth. The migration ``0001_roles`` creates the groups,
and ``manage.py sync_roles`` and every ``migrate`` (a post_migrate handler) set each group's
permissions to exactly what is written here, taking away anything added by hand in the admin.
A need that fits no role gets a new role here, not an edited group.

Superusers keep every right. Besides them, only certification officers can add or change a
certification, so only they can change a product's stars. The admin's spreadsheet import writes
products, producers and certifications at once, so it needs an editor's and an officer's rights
together (a superuser, or staff holding both roles); officers get no product rights for it, which
would let every officer edit the catalogue. Officers also handle the public's reports of
suspicious labels; no other role sees them (they may hold a visitor's phone number or e-mail).
Nobody but superusers edits users,
groups or the reference data (wards/communes, former districts, the OCOP classification).
"""

from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

VIEW = ("view",)
FULL = ("add", "change", "delete", "view")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class Role:
    slug: str  # what `manage.py create_staff --role` takes
    name: str  # the group's name
    # "app_label.model_name" -> actions; "app_label.*" means every model of the app (change
    # history models excluded), including models added later.
    grants: dict


EDITORS = Role("editor", "Catalogue editors", {
    "catalogue.product": FULL,
    "catalogue.productimage": FULL,
    "catalogue.producer": FULL,
    "catalogue.craftvillage": FULL,
    "catalogue.craftvillagealias": FULL,  # a village's other names, edited on the village's page
    # Read-only: pick them in forms (autocomplete needs the view permission) ...
    "catalogue.category": VIEW,
    "catalogue.area": VIEW,
    "catalogue.formerdistrict": VIEW,
    # ... and see the rating history, which only officers write.
    "catalogue.certification": VIEW,
})

OFFICERS = Role("officer", "Certification officers", {
    # Add, correct and revoke (a change); no delete: a revoked certificate stays in the history.
    "catalogue.certification": ("add", "change", "view"),
    # Post-inspections: recorded and corrected, not deleted (a failed check stays on file).
    "inspections.*": ("add", "change", "view"),
    "reminders.expiryreminder": VIEW,  # what the daily reminders sent (written by the command only)
    "catalogue.product": VIEW,
    "catalogue.producer": VIEW,
    "catalogue.craftvillage": VIEW,
    "catalogue.craftvillagealias": VIEW,
    # Reports of suspicious labels from the public: officers follow them up (status, handler,
    # notes). Nobody adds one in the admin (they come from /report/) and none is deleted.
    "reports.report": ("change", "view"),
})

MANAGERS = Role("manager", "Showroom & event managers", {
    "showrooms.*": FULL,  # showrooms, their opening hours, exceptions and photos
    "events.*": FULL,  # events and their booths
    # Exhibitors, featured products and places are chosen by autocomplete (needs view).
    "catalogue.product": VIEW,
    "catalogue.producer": VIEW,
    "catalogue.category": VIEW,
    "catalogue.area": VIEW,
})

VIEWERS = Role("viewer", "Viewers", {
    "catalogue.*": VIEW,
    "showrooms.*": VIEW,
    "events.*": VIEW,
    "inspections.*": VIEW,
    "reminders.*": VIEW,
})

ROLES = (EDITORS, OFFICERS, MANAGERS, VIEWERS)
ROLES_BY_SLUG = {role.slug: role for role in ROLES}


class UnknownModel(LookupError):
    pass


def _without_history_models(names: set[str]) -> set[str]:
    """Drop django-simple-history's tables (``historicalshowroom`` and, for many-to-many fields,
    ``historicalshowroom_producers``): staff read history through the model's own admin, under
    the model's own permissions. Works on migration states too, where models are bare copies."""
    def is_history(name):
        rest = name.removeprefix("historical")
        return rest != name and (rest in names or rest.split("_")[0] in names)
    return {name for name in names if not is_history(name)}


def _models(apps, pattern: str, *, strict: bool) -> list[tuple[str, str]]:
    """(app_label, model_name) pairs that ``pattern`` names among ``apps``' current models."""
    app_label, model_name = pattern.split(".")
    if model_name == "*":
        names = {m._meta.model_name for m in apps.get_models() if m._meta.app_label == app_label}
        return [(app_label, name) for name in sorted(_without_history_models(names))]
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        # A migration runs with the models as they were then: a model created by a later
        # migration gets its rights when that migration is applied (post_migrate re-syncs).
        if strict:
            raise UnknownModel(f"{pattern}: no such model") from None
        return []
    return [(app_label, model_name)]


def wanted_codenames(role: Role, apps=global_apps, *, strict: bool = True) -> set[tuple[str, str]]:
    """The role's permissions as (app_label, codename) pairs, e.g. ("catalogue", "view_product")."""
    wanted = set()
    for pattern, actions in role.grants.items():
        for app_label, model_name in _models(apps, pattern, strict=strict):
            wanted.update((app_label, f"{action}_{model_name}") for action in actions)
    return wanted


def sync_roles(apps=global_apps, *, using: str = DEFAULT_DB_ALIAS, strict: bool = True) -> list[str]:
    """Create the groups if needed and give each exactly its role's permissions.

    Idempotent. Returns one line per group that changed ("Viewers: +1 -0"). ``strict``: a
    model or permission named here but missing is an error (the command); migrations pass
    ``strict=False`` since they see the models as they were at that point.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    available = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename")
    }
    report = []
    for role in ROLES:
        wanted = wanted_codenames(role, apps, strict=strict)
        missing = wanted - available.keys()
        if missing and strict:
            raise UnknownModel(f"{role.name}: no such permissions: {', '.join(sorted(c for _a, c in missing))}")
        wanted_pks = {available[key] for key in wanted - missing}
        group, created = Group.objects.using(using).get_or_create(name=role.name)
        current = set(group.permissions.values_list("pk", flat=True))
        if created or current != wanted_pks:
            group.permissions.set(wanted_pks)
            report.append(f"{role.name}: +{len(wanted_pks - current)} -{len(current - wanted_pks)}"
                          + (" (new group)" if created else ""))
    return report


def sync_after_migrate(sender, *, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate: ``apps`` holds the models as migrated (a partial ``migrate app 0001`` too)."""
    try:
        apps.get_model("auth", "Permission")
    except LookupError:  # auth not migrated yet
        return
    sync_roles(apps, using=using, strict=False)
