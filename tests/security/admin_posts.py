"""Build the POSTs staff browsers send to the admin, so tests can tamper with them."""

from django.urls import reverse


def admin_url(app_model, view, *args, query=""):
    """``admin_url("catalogue.product", "change", pk)`` -> /admin/catalogue/product/<pk>/change/."""
    app_label, model = app_model.split(".")
    return reverse(f"admin:{app_label}_{model}_{view}", args=args) + query


def form_data(response):
    """What the admin add/change form in ``response`` would post unchanged: the main form, every
    inline's management form and rows (read-only inlines included, as a browser sends them)."""
    context = response.context
    data = {}

    def add_form(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, (list, tuple)):
                data[form.add_prefix(name)] = [str(v) for v in value]
            elif value is True:
                data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = str(value)

    add_form(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add_form(form)
    return data


def post_action(client, app_model, action, objects, **data):
    return client.post(admin_url(app_model, "changelist"), {
        "action": action, "_selected_action": [o.pk for o in objects], **data,
    })
