"""A stalled Redis (SIGSTOP) costs each worker one timeout, not one per request; /healthz says
the cache is down and stays 200; once Redis resumes, pages come from it again."""

import json
import time

from .conftest import process_env

TIMEOUT = 1.0  # long enough that a timeout per request could not hide in the timings
BREAKER = 10.0  # longer than the requests below take, even on a loaded machine
WORKERS = 2


def test_a_paused_redis_is_skipped_after_one_timeout_per_worker(shared_database, redis_server, app_servers):
    env = process_env(shared_database(), REDIS_URL=redis_server.url, REDIS_TIMEOUT_SECONDS=TIMEOUT,
                      CACHE_BREAKER_SECONDS=BREAKER, LOG_LEVEL="WARNING")
    server = app_servers(env, workers=WORKERS)
    server.get("/en/verify/")
    assert server.get("/en/verify/")[1]["X-Page-Cache"] == "hit"
    status, _, body, _ = server.get("/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok", "cache": "ok"}

    redis_server.pause()
    try:
        started = time.monotonic()
        timings = [server.get("/en/verify/")[3] for _ in range(12)]
        elapsed = time.monotonic() - started
        # Each worker waits out one timeout (its first get), then skips Redis: without the
        # breaker every request would wait for two (get and set), 24 s in all.
        assert elapsed < BREAKER, timings
        assert sum(t >= TIMEOUT for t in timings) <= WORKERS, timings
        assert server.log().count("unavailable (TimeoutError") <= WORKERS

        status, _, body, took = server.get("/healthz")
        assert status == 200 and json.loads(body) == {"status": "ok", "cache": "down"}
        assert took < TIMEOUT + 1
    finally:
        redis_server.resume()

    time.sleep(BREAKER + 0.5)  # the breaker lets one request try Redis again
    assert any(server.get("/en/verify/")[1].get("X-Page-Cache") == "hit" for _ in range(6))
    status, _, body, _ = server.get("/healthz")
    assert json.loads(body)["cache"] == "ok"
