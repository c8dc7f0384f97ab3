"""Real web server processes (gunicorn, one worker each, as in production) on loopback, against
the test database and the test cache: for what must hold across processes."""

import http.cookiejar
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from gunicorn.config import KNOWN_SETTINGS

from .worker import ROOT, wait_for, worker_database_url


# Newer gunicorns open a control socket at one path per user; servers of a test share none.
NO_CONTROL_SOCKET = (["--no-control-socket"] if any(
    setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS) else [])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Servers:
    """Starts web server processes that share nothing but the database and the cache."""

    def __init__(self, log_dir, **env):
        cache = settings.CACHES["default"]
        assert "redis" in cache["BACKEND"].lower(), (
            "These tests need the Redis cache: run them with `make test`, which sets CACHE_URL")
        self.log_dir = Path(log_dir)
        self.processes = []
        self.env = {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "CACHE_URL": cache["LOCATION"],
            "TRYGGHET_TESTING": "true",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def start(self):
        """A server on a free port; returns its address once it answers."""
        port = free_port()
        log = open(self.log_dir / f"server-{len(self.processes)}.log", "w")
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "trygghet.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--timeout", "60", *NO_CONTROL_SOCKET],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        url = f"http://127.0.0.1:{port}"

        def answers():
            assert process.poll() is None, self.logs()
            try:
                return urllib.request.urlopen(url + "/health/", timeout=2).status == 200
            except OSError:
                return False

        wait_for(answers, timeout=60, message=f"the server on port {port}")
        return url

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    def logs(self):
        return "\n".join(p.read_text() for p in sorted(self.log_dir.glob("server-*.log")))


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A plain HTTP client with cookies (one jar for every port on 127.0.0.1, as a browser
    keeps them) that returns (status, headers, text) and never follows a redirect."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects())

    def request(self, url, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    def log_in(self, server, username, password):
        """Post the login form of `server` as a person would; returns (status, text)."""
        self.request(server + "/konto/logga-in/")
        status, _headers, text = self.request(server + "/konto/logga-in/", {
            "username": username, "password": password,
            "csrfmiddlewaretoken": self.cookie("csrftoken")})
        return status, text
