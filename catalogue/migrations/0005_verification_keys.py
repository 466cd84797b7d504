"""Normalised, unique lookup keys for product codes and certificate numbers (/verify/)."""

import re
import unicodedata

from django.db import migrations, models


def normalize_code(value):
    # A frozen copy of catalogue.text.normalize_code: migrations must not change when it does.
    value = unicodedata.normalize("NFD", (value or "").replace("đ", "d").replace("Đ", "D"))
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Mn").upper()
    return re.sub(r"[^0-9A-Z]+", "", value)


def fill_keys(apps, schema_editor):
    for model_name, source, key in [
        ("Product", "code", "code_key"),
        ("HistoricalProduct", "code", "code_key"),
        ("Certification", "certificate_no", "certificate_key"),
        ("HistoricalCertification", "certificate_no", "certificate_key"),
    ]:
        model = apps.get_model("catalogue", model_name)
        pk_name = model._meta.pk.name
        rows = list(model.objects.only(pk_name, source))
        for row in rows:
            setattr(row, key, normalize_code(getattr(row, source)))
        model.objects.bulk_update(rows, [key], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0004_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='certification',
            name='certificate_key',
            field=models.CharField(default='', editable=False, max_length=60),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalcertification',
            name='certificate_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=60),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalproduct',
            name='code_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='product',
            name='code_key',
            field=models.CharField(default='', editable=False, max_length=40),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='certification',
            name='certificate_key',
            field=models.CharField(editable=False, max_length=60, unique=True),
        ),
        migrations.AlterField(
            model_name='product',
            name='code_key',
            field=models.CharField(editable=False, max_length=40, unique=True),
        ),
        migrations.AlterField(
            model_name='certification',
            name='revocation_reason',
            field=models.TextField(blank=True, help_text='Shown to the public on the product and verification pages.', verbose_name='revocation reason'),
        ),
        migrations.AlterField(
            model_name='historicalcertification',
            name='revocation_reason',
            field=models.TextField(blank=True, help_text='Shown to the public on the product and verification pages.', verbose_name='revocation reason'),
        ),
    ]
