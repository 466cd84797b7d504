"""One truth on every worker: a revocation made in one process (here ``import_catalogue``, as
staff or cron run it) shows on every app server at its very next request, with Redis shared by
the servers and without it (each server then has its own memory cache)."""

import json

import pytest

from catalogue.importing import import_file
from tests.data.helpers import csv_bytes, row

from .conftest import manage, process_env



@pytest.mark.parametrize("shared_cache", ["without Redis", "with Redis"])
def test_a_revocation_by_command_shows_on_every_worker_at_the_next_request(
    shared_cache, request, shared_database, app_servers, tmp_path
):
    assert import_file(csv_bytes([row(1)]), "register.csv", dry_run=False).ok
    redis_url = request.getfixturevalue("redis_server").url if shared_cache == "with Redis" else ""
    env = process_env(shared_database(), REDIS_URL=redis_url)
    servers = [app_servers(env), app_servers(env)]

    for number, server in enumerate(servers):
        # The second visit comes from the page cache; with Redis, so does the other server's first.
        visits = ("hit", "hit") if number and redis_url else ("miss", "hit")
        for visit in visits:
            status, headers, body, _ = server.get("/en/verify/HN-T-0001.json")
            assert status == 200 and json.loads(body)["status"] == "valid"
            assert headers["X-Page-Cache"] == visit
            status, headers, body, _ = server.get("/en/verify/HN-T-0001/")
            assert headers["X-Page-Cache"] == visit
        status, _, body, _ = server.get("/en/products/")
        assert "Cu Da soy sauce" in body

    revocation = tmp_path / "revocation.csv"
    revocation.write_bytes(csv_bytes([row(1, certificate_status="revoked")]))
    done = manage(env, "import_catalogue", str(revocation))
    assert done.returncode == 0, done.stderr

    for number, server in enumerate(servers):
        status, headers, body, _ = server.get("/en/verify/HN-T-0001.json")
        assert json.loads(body)["status"] == "revoked"
        # A new page: rendered here, or (Redis) by the first server a moment ago.
        assert headers["X-Page-Cache"] == ("hit" if number and redis_url else "miss")
        status, headers, body, _ = server.get("/en/verify/HN-T-0001/")
        assert "revoked" in body.lower()
        status, _, body, _ = server.get("/en/products/")  # facet counts and lookups too
        assert "Cu Da soy sauce" not in body
