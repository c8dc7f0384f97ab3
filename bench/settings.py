"""The product's settings with the floors' URLs added: bench/scale.py measures each path
against a bare Django view that runs the smallest SQL for the same answer."""

from trygghet.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
