"""Each web worker settles its start-up heap (gunicorn.conf.py, trygghet.heap): frozen, and
the youngest objects collected less often; WEB_GC_FREEZE=false leaves Python's collector."""

import json
import os
import subprocess
import sys
from pathlib import Path

from trygghet import heap

ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import gc, json, runpy
import django
django.setup()
conf = runpy.run_path("gunicorn.conf.py")
conf["post_worker_init"](None)
print(json.dumps({"frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()}))
"""


def worker_heap(**env):
    result = subprocess.run([sys.executable, "-c", WORKER], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, **env})
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_worker_freezes_its_start_up_heap_and_collects_young_objects_less_often():
    settled = worker_heap()
    assert settled["frozen"] > 100_000  # Django, the URL patterns, the app's modules
    assert settled["threshold"] == [heap.YOUNG, heap.OLDER, heap.OLDER]


def test_the_collector_can_be_left_as_python_sets_it():
    left = worker_heap(WEB_GC_FREEZE="false")
    pythons = subprocess.run([sys.executable, "-c", "import gc; print(list(gc.get_threshold()))"],
                             capture_output=True, text=True, timeout=60).stdout.strip()
    assert left["frozen"] == 0 and left["threshold"] == json.loads(pythons)
