"""A download never builds the full open-data file inside its request (issue 17): the .xlsx of
18,000 products takes longer than gunicorn's timeout. A missing file is built by a background
thread while the request gets the newest older file, or a "being prepared" page when there is none.

These tests use real threads against the real database, so their data is committed
(a transactional database): a thread cannot see inside another connection's open transaction."""

import csv
import fcntl
import io

import pytest

from catalogue import export_files, exporting
from tests.factories import certified_product


@pytest.fixture(autouse=True)
def in_background(django_db_serialized_rollback, transactional_db, settings, tmp_path):
    """Committed data (reference data restored around each test), builds in the background."""
    settings.EXPORTS_BUILD_IN_BACKGROUND = True
    settings.EXPORTS_ROOT = tmp_path / "exports"
    yield
    export_files.wait_for_builds(timeout=60)


def csv_codes(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return sorted(row["code"] for row in csv.DictReader(io.StringIO(content)))


@pytest.mark.parametrize("url", ["/products/export.csv", "/products/export.xlsx"])
def test_first_download_says_the_file_is_being_prepared_then_gets_it(client, url):
    certified_product(4)
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == str(15)
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Tệp đang được chuẩn bị" in page and 'http-equiv="refresh"' in page
    export_files.wait_for_builds(timeout=60)
    ready = client.get(url)
    assert ready.status_code == 200 and ready["ETag"]
    assert ready["Content-Disposition"].startswith('attachment; filename="ocop-hanoi-products-')


def test_being_prepared_page_in_english(client):
    certified_product(4)
    response = client.get("/en/products/export.csv")
    assert response.status_code == 503
    assert "The file is being prepared" in response.content.decode()


def test_after_a_change_the_older_file_is_served_until_the_new_one_is_built(client, settings):
    old = certified_product(4)
    client.get("/products/export.csv")
    export_files.wait_for_builds(timeout=60)
    first = client.get("/products/export.csv")
    assert csv_codes(first) == [old.code]

    new = certified_product(5)  # a new content version: the file on disk is now the older one
    meanwhile = client.get("/products/export.csv")
    assert meanwhile.status_code == 200 and meanwhile["ETag"] == first["ETag"]
    assert csv_codes(meanwhile) == [old.code]

    export_files.wait_for_builds(timeout=60)
    rebuilt = client.get("/products/export.csv")
    assert rebuilt["ETag"] != first["ETag"]
    assert csv_codes(rebuilt) == sorted([old.code, new.code])
    assert len(list(settings.EXPORTS_ROOT.glob("products-*.csv"))) == 1  # the older one deleted


def test_a_build_running_in_another_process_is_not_waited_for(client, settings):
    certified_product(4)
    settings.EXPORTS_ROOT.mkdir(parents=True)
    # Another worker holds the build lock (flock: per open file, so this acts as another process).
    with open(settings.EXPORTS_ROOT / ".csv.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        response = client.get("/products/export.csv")
        assert response.status_code == 503
        export_files.wait_for_builds(timeout=60)  # our thread gave up at once
        assert not list(settings.EXPORTS_ROOT.glob("products-*.csv"))
    # The lock released (the other build died): the next download starts a build again.
    assert client.get("/products/export.csv").status_code == 503
    export_files.wait_for_builds(timeout=60)
    assert client.get("/products/export.csv").status_code == 200


def test_a_failed_build_is_logged_and_tried_again(client, monkeypatch, caplog):
    certified_product(4)

    def broken(queryset, out):
        raise OSError("disk full")

    monkeypatch.setattr(exporting, "write_xlsx", broken)
    assert client.get("/products/export.xlsx").status_code == 503
    export_files.wait_for_builds(timeout=60)
    assert "building the full export" in caplog.text
    assert not list(export_files._root().glob("*.xlsx"))  # no half-written file left behind
    monkeypatch.undo()
    assert client.get("/products/export.xlsx").status_code == 503
    export_files.wait_for_builds(timeout=60)
    assert client.get("/products/export.xlsx").status_code == 200


def test_a_half_written_file_left_by_a_killed_build_is_cleared_by_the_next_build(client, settings):
    certified_product(4)
    settings.EXPORTS_ROOT.mkdir(parents=True)
    orphan = settings.EXPORTS_ROOT / ".building-abc123.csv"
    orphan.write_bytes(b"code,name_vi\nHALF")
    client.get("/products/export.csv")
    export_files.wait_for_builds(timeout=60)
    assert not orphan.exists()
    assert client.get("/products/export.csv").status_code == 200
