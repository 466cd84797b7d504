"""The public form: what the visitor saw and where, plus a honeypot for bots."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Report


class ReportForm(forms.ModelForm):
    # Hidden from people (off screen, out of the tab order, hidden from screen readers); bots
    # that fill every field fill it too, and their report is dropped.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Report
        fields = ["code", "what_seen", "shop_name", "shop_address", "photo", "contact"]
        labels = {
            "code": _("Code or certificate number on the label"),
            "what_seen": _("What did you see?"),
            "shop_name": _("Where did you buy it or see it? (shop or market)"),
            "shop_address": _("Address of the shop"),
            "photo": _("Photo of the label or the product"),
            "contact": _("Your phone number or e-mail"),
        }
        help_texts = {
            "code": _("As printed on the label, if there is one."),
            "what_seen": _("For example: the code is unknown, the stars differ from the catalogue, the "
                           "product looks different, the label is badly printed."),
            "photo": _("Optional. JPEG, PNG or WebP, at most 10 MB."),
            "contact": _("Optional: only if you agree that the office contacts you about this report. "
                         "It is never published."),
        }
        widgets = {
            "what_seen": forms.Textarea(attrs={"rows": 5}),
            "shop_address": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
