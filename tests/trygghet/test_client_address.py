"""The address a failed login is counted against: the connection's own, or behind the
municipality's proxy the one that proxy wrote into X-Forwarded-For, never one a client made up.
Each case starts the app with TRUSTED_PROXY_COUNT set, as a server would."""

import json
import subprocess
import sys

from .test_deployment import ROOT

PROXY = "10.0.0.2"  # where the connections come from when there is a proxy
CLIENT = "203.0.113.9"
FORGED = "198.51.100.1"

RESOLVE = """
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings")
django.setup()
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
cases = json.loads(sys.argv[-1])
print(json.dumps([get_client_ip_address(RequestFactory().post("/konto/logga-in/", **meta))
                  for meta in cases]))
"""


def addresses(trusted_proxies, *cases):
    env = {"PATH": "/usr/bin:/bin", "TRYGGHET_TESTING": "true",
           "TRUSTED_PROXY_COUNT": str(trusted_proxies)}
    result = subprocess.run([sys.executable, "-c", RESOLVE, json.dumps(cases)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_proxy_the_connection_is_the_client_and_the_header_is_ignored():
    assert addresses(0, {"REMOTE_ADDR": CLIENT},
                     {"REMOTE_ADDR": CLIENT, "HTTP_X_FORWARDED_FOR": FORGED}) == [CLIENT, CLIENT]


def test_behind_one_proxy_the_address_it_wrote_counts_and_a_forged_one_does_not():
    assert addresses(
        1,
        {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": CLIENT},
        # A proxy that appends leaves what the client sent in front; the last entry is its own.
        {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{FORGED}, {CLIENT}"},
        {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{FORGED}, {FORGED}, {CLIENT}"},
    ) == [CLIENT, CLIENT, CLIENT]


def test_behind_two_proxies_the_outer_ones_entry_counts():
    assert addresses(
        2, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{FORGED}, {CLIENT}, 10.0.0.3"},
    ) == [CLIENT]


def test_a_negative_proxy_count_is_refused_at_start():
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT,
                            env={"PATH": "/usr/bin:/bin", "TRYGGHET_TESTING": "true",
                                 "TRUSTED_PROXY_COUNT": "-1"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "TRUSTED_PROXY_COUNT must be 0 or more" in result.stderr
