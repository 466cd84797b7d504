"""Issue #17's abuse and fault scenarios, run by `make bench` against a gunicorn serving the site
with its production caching (page cache and facet counts in Redis).

- **Exports vs home page**: four clients download the full `/products/export.csv` and `.xlsx`
  over and over while wrk measures the home page, first while the files are still being built
  (the first downloads after a change) and then once they are on disk. Goal: the home page
  answers within 1 s.
- **Junk query parameters vs cache size**: requests with a random ``utm_source=`` (and a few
  with a random unknown parameter) against the bench's Redis database: its key count and the
  memory of its keys before and after. Goal: no growth per junk URL.
- **Redis paused**: ``SIGSTOP`` on the bench's own redis-server (never a shared one) for ~10 s
  while wrk measures the home page; requests completed, errors and p99 during the pause, what
  ``/healthz`` said, and when it says ``"cache": "ok"`` again. Redis is always resumed.

`PrivateRedis` is the redis-server the bench starts for itself (so pausing it disturbs nobody).
Each scenario takes ``wrk(url, seconds, connections) -> dict`` (bench/run.py's run_wrk).
"""

from __future__ import annotations

import collections
import concurrent.futures
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

HOME = "/"
EXPORTS = ("/products/export.csv", "/products/export.xlsx")
EXPORT_CLIENTS = 4
HOME_CONNECTIONS = 4  # a few visitors at once, not a load test: the question is latency
MAX_PAUSE_SECONDS = 15  # however the pause ends, Redis is resumed by then (issue: keep it < 20 s)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def get(url: str, timeout: float = 60) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def download(url: str) -> tuple[int, int]:
    """Read a whole response in 256 KB pieces without keeping it: (status, bytes)."""
    size = 0
    try:
        with urllib.request.urlopen(url, timeout=120) as resp:
            while piece := resp.read(256 * 1024):
                size += len(piece)
            return resp.status, size
    except urllib.error.HTTPError as err:
        return err.code, 0
    except OSError:
        return 0, size


class PrivateRedis:
    """A redis-server on 127.0.0.1 for this bench run only (no persistence), stopped at exit."""

    def __init__(self, port: int = 6390):
        self.port = port if _port_free(port) else _free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/3"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def __enter__(self):
        self.proc = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _ in range(50):
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)  # a stopped process would not see SIGTERM
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- exports vs home page ------------------------------------------------------------------


def _download_until(url: str, stop: threading.Event, downloads: list) -> None:
    """One client: download `url` again and again until `stop`. A 503 ("being prepared": no file
    on disk yet, a build running in the background) is asked again a second later (a browser
    waits for Retry-After, 15 s)."""
    while not stop.is_set():
        started = time.perf_counter()
        status, size = download(url)
        downloads.append({"url": url, "status": status, "bytes": size,
                          "seconds": time.perf_counter() - started})
        if status == 503:
            stop.wait(1.0)


BUILD_WAIT_SECONDS = 180


def _wait_for_files(base: str) -> list[str]:
    """Ask for each full export until it is served (not 503); the paths still missing."""
    deadline = time.monotonic() + BUILD_WAIT_SECONDS
    missing = list(EXPORTS)
    while missing and time.monotonic() < deadline:
        missing = [path for path in missing if download(base + path)[0] == 503]
        if missing:
            time.sleep(1.0)
    return missing


def exports_vs_home(wrk, base: str, seconds: int) -> list[dict]:
    """Two phases of `seconds`: the exports' files not built yet (the gunicorn was started with an
    empty EXPORTS_ROOT: the first downloads start the background builds), then once both are on
    disk (waited for, up to BUILD_WAIT_SECONDS). Each: the home page's wrk figures and the
    downloads made."""
    get(base + HOME)  # the home page in the page cache, as it nearly always is
    phases = []
    for round_ in (1, 2):
        label = "files being built"
        if round_ == 2:
            started = time.perf_counter()
            missing = _wait_for_files(base)
            waited = time.perf_counter() - started
            label = (f"second round, {' and '.join(missing)} still not built after {waited:.0f} s more"
                     if missing else f"files on disk (ready {waited:.0f} s after the first phase)")
        stop, downloads = threading.Event(), []
        threads = [threading.Thread(target=_download_until, args=(base + EXPORTS[i % 2], stop, downloads),
                                    daemon=True)
                   for i in range(EXPORT_CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(0.2)  # every client has a request in flight
        log(f"exports vs home page ({label}): {EXPORT_CLIENTS} clients downloading, home page "
            f"{seconds} s at {HOME_CONNECTIONS} connections")
        home = wrk(base + HOME, seconds, HOME_CONNECTIONS)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        per_path = {}
        for path in EXPORTS:
            done = [d for d in downloads if d["url"] == base + path]
            per_path[path] = {
                "count": len(done),
                "served": sum(1 for d in done if d["status"] == 200),
                "preparing": sum(1 for d in done if d["status"] == 503),
                "failed": sum(1 for d in done if d["status"] not in (200, 503)),
                "statuses": dict(collections.Counter(d["status"] for d in done)),  # 0: connection lost
                "mb": max((d["bytes"] for d in done), default=0) / 1e6,
                "slowest": max((d["seconds"] for d in done), default=0.0),
            }
        phases.append({"label": label, "home": home, "downloads": per_path})
    return phases


# -- junk query parameters vs cache size --------------------------------------------------


def footprint(redis_url: str) -> dict:
    """The bench database's key count and the memory its keys use (MEMORY USAGE summed), and the
    server's used_memory."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(count=1000))
    return {
        "keys": len(keys),
        "bytes": sum(client.memory_usage(key) or 0 for key in keys),
        "used_memory": client.info("memory")["used_memory"],
    }


def _fetch_all(urls: list[str]) -> collections.Counter:
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        return collections.Counter(pool.map(lambda url: get(url)[0], urls))


def junk_parameters(base: str, redis_url: str, paths: list[str], count: int, unknown: int) -> dict:
    """`count` requests spread over `paths` with a random utm_source, then `unknown` with a
    random parameter name no page reads: the cache's footprint before and after each batch."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()  # the bench's own database: a clean start
    for path in paths:  # the clean URLs cached, as on a live site
        get(base + path)
        get(base + path)
    before = footprint(redis_url)

    def junk(path: str, name: str) -> str:
        return f"{base}{path}{'&' if '?' in path else '?'}{name}={secrets.token_hex(8)}"

    log(f"junk parameters: {count} requests with a random utm_source over {len(paths)} pages")
    started = time.perf_counter()
    utm_status = _fetch_all([junk(paths[i % len(paths)], "utm_source") for i in range(count)])
    utm_seconds = time.perf_counter() - started
    after_utm = footprint(redis_url)
    log(f"junk parameters: {unknown} requests with a random unknown parameter")
    started = time.perf_counter()
    unknown_status = _fetch_all([junk(paths[i % len(paths)], "x" + secrets.token_hex(4))
                                 for i in range(unknown)])
    unknown_seconds = time.perf_counter() - started
    after_unknown = footprint(redis_url)
    return {
        "paths": paths, "count": count, "unknown": unknown,
        "utm_status": dict(utm_status), "unknown_status": dict(unknown_status),
        "utm_seconds": utm_seconds, "unknown_seconds": unknown_seconds,
        "before": before, "after_utm": after_utm, "after_unknown": after_unknown,
    }


# -- Redis paused ---------------------------------------------------------------------------


def _healthz(base: str) -> dict:
    started = time.perf_counter()
    status, body = get(base + "/healthz", timeout=10)
    try:
        cache = json.loads(body).get("cache", "?")
    except ValueError:
        cache = "?"
    return {"status": status, "cache": cache, "ms": (time.perf_counter() - started) * 1000}


def redis_paused(wrk, base: str, redis_pid: int, seconds: int, connections: int,
                 wait_recovery: bool = True) -> dict:
    """SIGSTOP the bench's redis-server for `seconds` while wrk drives the home page; /healthz
    probed every second. SIGCONT in a finally, and by a watchdog after MAX_PAUSE_SECONDS. Then
    (`wait_recovery`) how long until /healthz says the cache is ok again."""
    seconds = min(seconds, MAX_PAUSE_SECONDS - 3)
    get(base + HOME)
    get(base + HOME)
    probes, stop = [], threading.Event()

    def probe():
        while not stop.wait(1.0):
            probes.append(_healthz(base))

    resume = lambda: os.kill(redis_pid, signal.SIGCONT)  # noqa: E731
    watchdog = threading.Timer(MAX_PAUSE_SECONDS, resume)
    prober = threading.Thread(target=probe, daemon=True)
    log(f"Redis paused (SIGSTOP pid {redis_pid}) for {seconds} s: home page at {connections} connections")
    paused_at = time.monotonic()
    os.kill(redis_pid, signal.SIGSTOP)
    try:
        watchdog.start()
        prober.start()
        home = wrk(base + HOME, seconds, connections)
    finally:
        resume()
        paused = time.monotonic() - paused_at
        watchdog.cancel()
        stop.set()
    prober.join(timeout=15)
    log(f"Redis resumed after {paused:.1f} s")
    # Each worker skips Redis for CACHE_BREAKER_SECONDS after its last failure, then tries again.
    recovered = None
    started = time.monotonic()
    while wait_recovery and time.monotonic() - started < 25:
        if _healthz(base)["cache"] == "ok":
            recovered = time.monotonic() - started
            break
        time.sleep(0.5)
    return {"seconds": paused, "connections": connections, "home": home, "healthz": probes,
            "recovered_after": recovered, "waited_for_recovery": wait_recovery}


# -- report -------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:.1f}" if value else "–"


def _kb(value: int) -> str:
    return f"{value / 1024:,.1f} KB"


def _downloads(d: dict) -> str:
    """"12", or "2 (2 failed: HTTP 500 ×2)"; status 0 is a connection lost without an answer."""
    served = d.get("served", d["count"] - d["failed"])
    notes = []
    if d.get("preparing"):
        notes.append(f"{d['preparing']} × 503 being prepared")
    if d["failed"]:
        statuses = {int(k): n for k, n in d.get("statuses", {}).items() if int(k) not in (200, 503)}
        detail = ", ".join(f"{'no answer' if s == 0 else f'HTTP {s}'} ×{n}" for s, n in sorted(statuses.items()))
        notes.append(f"{d['failed']} failed{': ' + detail if detail else ''}")
    return f"{served}" + (f" ({'; '.join(notes)})" if notes else "")


def render(results: dict) -> list[str]:
    """The results file's section for the scenarios that ran."""
    lines = ["## Abuse and faults (issue #17)", "",
             "One gunicorn with the production caching (page cache and facet counts in Redis).", ""]
    if phases := results.get("exports"):
        lines += [
            f"**Exports vs home page.** {EXPORT_CLIENTS} clients download the full exports "
            f"(two `{EXPORTS[0]}`, two `{EXPORTS[1]}`) over and over while wrk measures `/` at "
            f"{HOME_CONNECTIONS} connections (page cache warm).",
            "",
            "A download that finds no file yet starts a background build and gets a \"being "
            "prepared\" page (503, `Retry-After`); the client asks again a second later.",
            "",
            "| phase | home req/s | p50 ms | p99 ms | max ms | errors | non-2xx | downloads csv / xlsx | "
            "slowest csv / xlsx s | size csv / xlsx MB |",
            "|---|---:|---:|---:|---:|---:|---:|---|---|---|",
        ]
        for phase in phases:
            home, (csv, xlsx) = phase["home"], (phase["downloads"][path] for path in EXPORTS)
            lines.append(
                f"| {phase['label']} | {home['rps']:,.0f} | {_ms(home['p50'])} | {_ms(home['p99'])} | "
                f"{_ms(home['max'])} | {home['errors']} | {home['non_2xx']} | "
                f"{_downloads(csv)} / {_downloads(xlsx)} | {csv['slowest']:.1f} / {xlsx['slowest']:.1f} | "
                f"{csv['mb']:.1f} / {xlsx['mb']:.1f} |"
            )
        lines.append("")
    if junk := results.get("junk"):
        before, after_utm, after_unknown = junk["before"], junk["after_utm"], junk["after_unknown"]
        lines += [
            f"**Junk query parameters vs cache size.** {junk['count']:,} requests with a random "
            f"`utm_source=` spread over {', '.join(f'`{p}`' for p in junk['paths'])} (statuses "
            f"{junk['utm_status']}, {junk['utm_seconds']:.1f} s), then {junk['unknown']:,} with a random "
            f"unknown parameter name (statuses {junk['unknown_status']}, {junk['unknown_seconds']:.1f} s); "
            f"the bench's Redis database before and after (clean URLs cached first).",
            "",
            "| when | keys | memory of the keys | server used_memory |",
            "|---|---:|---:|---:|",
            *[f"| {label} | {f['keys']} | {_kb(f['bytes'])} | {_kb(f['used_memory'])} |"
              for label, f in (("before", before), (f"after {junk['count']:,} utm_source", after_utm),
                               (f"after {junk['unknown']:,} unknown parameters", after_unknown))],
            "",
            f"Growth per junk URL: {(after_unknown['keys'] - before['keys']) / (junk['count'] + junk['unknown']):.3f} "
            f"keys, {(after_unknown['bytes'] - before['bytes']) / (junk['count'] + junk['unknown']):,.0f} bytes "
            f"(server used_memory also counts client buffers{'' if results.get('private_redis') else ' and other databases'}).",
            "",
        ]
    if paused := results.get("paused"):
        home = paused["home"]
        seen = collections.Counter(f"{p['status']} {p['cache']}" for p in paused["healthz"])
        recovered = (f"{paused['recovered_after']:.1f} s after the resume" if paused["recovered_after"] is not None
                     else "not within 25 s of the resume" if paused["waited_for_recovery"]
                     else "not measured (--quick)")
        lines += [
            f"**Redis paused.** `kill -STOP` on the bench's own redis-server for {paused['seconds']:.1f} s "
            f"while wrk drives `/` at {paused['connections']} connections (page cache on); `kill -CONT` after.",
            "",
            "| during the pause | |",
            "|---|---|",
            f"| home page requests completed | {home['requests']:,} ({home['rps']:,.0f} req/s) |",
            f"| errors / non-2xx | {home['errors']} / {home['non_2xx']} |",
            f"| p50 / p99 / max ms | {_ms(home['p50'])} / {_ms(home['p99'])} / {_ms(home['max'])} |",
            f"| `/healthz` (probed every second) | "
            f"{', '.join(f'{k} ×{n}' for k, n in seen.items()) or 'no answer'} |",
            f"| `/healthz` says `\"cache\": \"ok\"` again | {recovered} |",
            "",
        ]
    for note in results.get("skipped", []):
        lines += [f"- {note}"]
    if results.get("skipped"):
        lines.append("")
    return lines


def evaluate(results: dict) -> list[tuple[str, str, str]]:
    """(target, this run, verdict) rows for the targets table."""

    def verdict(ok: bool, miss: str = "") -> str:
        return "met" if ok else f"**missed** {miss}".strip()

    rows = []
    for phase in results.get("exports", []):
        home = phase["home"]
        rows.append((f"#17: home page within 1 s while {EXPORT_CLIENTS} clients download full exports "
                     f"({phase['label']}; p99)",
                     f"p50 {home['p50']:.0f} ms, p99 {home['p99']:.0f} ms, max {home['max']:.0f} ms, "
                     f"{home['errors']} errors",
                     # wrk leaves requests that time out (10 s) out of the percentiles: count them.
                     verdict(home["p99"] <= 1000 and not home["non_2xx"] and not home["errors"],
                             f"(p99 {home['p99'] / 1000:.1f} s, {home['errors']} errors)")))
    if junk := results.get("junk"):
        before, after = junk["before"], junk["after_unknown"]
        total = junk["count"] + junk["unknown"]
        rows.append((f"#17: junk query parameters do not grow the cache ({total:,} junk URLs)",
                     f"{after['keys'] - before['keys']:+d} keys, {after['bytes'] - before['bytes']:+,d} bytes",
                     verdict(after["keys"] <= before["keys"] and after["bytes"] <= before["bytes"])))
    if paused := results.get("paused"):
        home = paused["home"]
        down = any(p["status"] == 200 and p["cache"] == "down" for p in paused["healthz"])
        rows.append((f"#17: Redis paused {paused['seconds']:.0f} s: pages still served, no errors, "
                     f"`/healthz` 200 with cache down",
                     f"{home['requests']:,} requests, {home['errors']} errors, {home['non_2xx']} non-2xx, "
                     f"p99 {home['p99']:.0f} ms; healthz {'down' if down else 'never said down'}",
                     verdict(home["requests"] > 0 and not home["errors"] and not home["non_2xx"] and down)))
    return rows


def failures(results: dict) -> list[str]:
    """Error pages in a scenario fail the run, like any non-2xx under load in bench/run.py."""
    found = []
    for number, phase in enumerate(results.get("exports", [])):
        if phase["home"]["non_2xx"]:
            found.append(f"home page during exports ({phase['label']}): {phase['home']['non_2xx']} non-2xx")
        # "Being prepared" (503) is the answer while the first files are built, not after.
        allowed = (0, 200, 503) if number == 0 else (0, 200)
        for path, d in phase["downloads"].items():
            # An error page fails the run; a lost connection is reported, like wrk's socket errors.
            answered = sum(n for status, n in d["statuses"].items() if int(status) not in allowed)
            if answered:
                found.append(f"{path} ({phase['label']}): {answered} downloads answered an error")
    if junk := results.get("junk"):
        for kind in ("utm_status", "unknown_status"):
            bad = {s: n for s, n in junk[kind].items() if s != 200}
            if bad:
                found.append(f"junk parameters: {bad}")
    if (paused := results.get("paused")) and paused["home"]["non_2xx"]:
        found.append(f"home page with Redis paused: {paused['home']['non_2xx']} non-2xx")
    return found
