"""Real processes for fault tests: a redis-server the test starts (and may pause), and app
servers (gunicorn, production settings) on a copy of the test database they all share.

Everything listens on a free port of 127.0.0.1 and is stopped by its own process id.
"""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {seconds}s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)  # a paused process cannot exit
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RedisServer:
    def __init__(self, *options: str):
        if not Path(REDIS_SERVER).exists():
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning", *options],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process)

    def pause(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def used_memory(self) -> int:
        import redis

        return redis.Redis.from_url(self.url).info("memory")["used_memory"]

    def keys(self) -> int:
        import redis

        return redis.Redis.from_url(self.url).dbsize()


@pytest.fixture
def redis_server():
    server = RedisServer()
    yield server
    stop(server.process)


@pytest.fixture
def shared_database(transactional_db, django_db_serialized_rollback, tmp_path):
    """A DATABASE_URL for other processes, holding what the test committed: the test database
    itself on PostgreSQL; on SQLite (in memory), a file copied from it when first asked for."""

    def url() -> str:
        settings = connection.settings_dict
        if connection.vendor == "postgresql":
            user = settings.get("USER") or "postgres"
            host = settings.get("HOST") or "127.0.0.1"
            port = settings.get("PORT") or 5432
            return f"postgres://{user}@{host}:{port}/{settings['NAME']}"
        path = tmp_path / "shared.sqlite3"
        if not path.exists():
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
        return f"sqlite:///{path}"

    return url


def process_env(database_url: str, **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.security.production_settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_CACHE_SECONDS": "300",
        "FACET_CACHE_SECONDS": "300",
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "WARNING",
        "REQUEST_LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="ocop-resilience-media-"),
    }
    env.update({name: str(value) for name, value in extra.items()})
    return env


class AppServer:
    """gunicorn with the production settings, ``workers`` sync workers."""

    def __init__(self, env: dict, workers: int = 1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_file = tempfile.NamedTemporaryFile(prefix="ocop-app-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [str(GUNICORN), "--chdir", str(ROOT), "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--timeout", "60", "--log-level", "warning",
             "ocop_site.wsgi:application"],
            env=env, cwd=ROOT, stdout=self.log_file, stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.process)

    def log(self) -> str:
        """What the server and the app logged so far."""
        return Path(self.log_file.name).read_text(errors="replace")

    def get(self, path: str, timeout: float = 30, **headers):
        """(status, headers, body text, seconds taken)."""
        request = urllib.request.Request(self.url + path, headers={"Host": "127.0.0.1", **headers})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read().decode()
                return response.status, dict(response.headers), body, time.monotonic() - started
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(), time.monotonic() - started


@pytest.fixture
def app_servers():
    """``start(env, workers=1)`` → a running AppServer; all are stopped after the test."""
    started = []

    def start(env, workers=1):
        server = AppServer(env, workers)
        started.append(server)
        return server

    yield start
    for server in started:
        stop(server.process)
        os.unlink(server.log_file.name)


def manage(env: dict, *args) -> subprocess.CompletedProcess:
    """``manage.py *args`` in a process of its own (as staff or cron would run it)."""
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
