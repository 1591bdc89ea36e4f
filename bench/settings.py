"""Settings for the page benchmark's server (bench/pages.py): production's, plus
the bare view's URL (bench/urls.py), which production's URLs never contain.

Static files are collected to a directory of the benchmark's own
(``BENCH_STATIC_ROOT``), so a run does not touch the deployable ``staticfiles/``.
"""

import os

from peersupport.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or STATIC_ROOT  # noqa: F405
