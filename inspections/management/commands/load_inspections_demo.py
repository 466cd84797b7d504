"""manage.py load_inspections_demo: a few illustrative post-inspections of demo products (after
load_demo), so the product pages, the verify JSON, statistics and the staff dashboard show some.
Idempotent: an inspection is keyed by its date and agency, a check by its product."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from catalogue.models import Product
from inspections.models import InspectedProduct, Inspection

# (days ago, agency, [(product index among listed products by code, result, sampled, findings)])
DEMO = [
    (400, "Đoàn kiểm tra liên ngành thành phố", [
        (0, "passed", True, "Mẫu đạt chỉ tiêu vi sinh và kim loại nặng; nhãn đúng quy định."),
        (1, "passed", False, "Hồ sơ truy xuất nguồn gốc đầy đủ."),
        (2, "failed", True, "Mẫu không đạt chỉ tiêu độ ẩm; yêu cầu khắc phục và kiểm nghiệm lại."),
    ]),
    (45, "Chi cục Quản lý chất lượng nông lâm sản và thủy sản", [
        (0, "passed", False, "Nhãn và bao bì đúng hồ sơ đã công nhận."),
        (3, "follow_up", False, "Nhãn thiếu hạn sử dụng trên một lô; yêu cầu bổ sung."),
        (4, "failed", True, "Phiếu kiểm nghiệm quá hạn 12 tháng."),
    ]),
]


class Command(BaseCommand):
    help = "Load illustrative post-inspections of the demo products (run load_demo first)."

    def handle(self, *args, **options):
        products = list(Product.objects.listed().order_by("code")[:5])
        if len(products) < 5:
            self.stdout.write("Load the demo catalogue first (manage.py load_demo).")
            return
        today = timezone.localdate()
        created = 0
        for days_ago, agency, checks in DEMO:
            inspection, _ = Inspection.objects.get_or_create(
                inspected_on=today - datetime.timedelta(days=days_ago), agency=agency)
            for index, result, sampled, findings in checks:
                _check, new = InspectedProduct.objects.get_or_create(
                    inspection=inspection, product=products[index],
                    defaults={"result": result, "sampled": sampled, "findings": findings,
                              "lab_report_no": f"KN-{index + 1:03d}/{inspection.inspected_on.year}" if sampled else ""},
                )
                created += new
        self.stdout.write(f"{created} product checks created.")
