"""From a machine with no bench: ./run-demo --yes builds one (pip install frappe-bench, bench init of
Frappe version-15, get-app of ERPNext version-15, this checkout linked in) into a temporary folder, then
makes the demo site on it and serves it; the demo manager logs in over HTTP; Ctrl+C stops it all.

Very slow (10 minutes and more) and it builds from FRAPPE_REPO / ERPNEXT_REPO (default: the official
GitHub repositories), so it runs only with AM_TEST_BOOTSTRAP=1:

    AM_TEST_BOOTSTRAP=1 FRAPPE_REPO=/root/src/frappe ERPNEXT_REPO=/root/src/erpnext \\
        python3 -m pytest -s tests/system/test_bootstrap.py

The demo site's database is dropped and the folder removed at the end (AM_TEST_BOOTSTRAP_KEEP=1 keeps
the bench for a look).
"""

import http.cookiejar
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.system.runner import ROOT, Demo, alive

pytestmark = pytest.mark.skipif(
	not os.environ.get("AM_TEST_BOOTSTRAP"),
	reason="very slow: builds a bench (AM_TEST_BOOTSTRAP=1 runs it)",
)
SITE = "account-manager-demo.localhost"


@pytest.fixture
def folder():
	path = Path(tempfile.mkdtemp(prefix="am-bootstrap-"))
	yield path
	bench = path / "bench"
	if (bench / "sites" / SITE / "site_config.json").exists():
		subprocess.run(
			[
				bench / "env" / "bin" / "python",
				"-m",
				"frappe.utils.bench_helper",
				"frappe",
				"--site",
				SITE,
				"drop-site",
				SITE,
				"--db-root-username",
				os.environ.get("AM_DB_ADMIN_USER", "am_harness"),
				"--db-root-password",
				os.environ.get("AM_DB_ADMIN_PASSWORD", "am_harness"),
				"--no-backup",
				"--force",
			],
			cwd=bench / "sites",
			check=False,
		)
	if not os.environ.get("AM_TEST_BOOTSTRAP_KEEP"):
		shutil.rmtree(path, ignore_errors=True)


def app_version(bench: Path, app: str) -> str:
	text = (bench / "apps" / app / app / "__init__.py").read_text()
	return text.split('__version__ = "')[1].split('"')[0]


def test_run_demo_builds_a_version_15_bench_and_serves_the_demo_on_it(folder):
	bench = folder / "bench"
	env = dict(os.environ, FRAPPE_BENCH_PATH=str(bench), AM_BENCH_CLI=str(folder / "bench-cli"))
	started = time.monotonic()
	demo = Demo("--yes", env=env)
	try:
		took = demo.wait_ready(timeout=90 * 60)
		print(f"\nbench built and the demo ready in {took / 60:.1f} min")

		assert (folder / "bench-cli" / "bin" / "bench").exists()  # pip install frappe-bench
		assert app_version(bench, "frappe").startswith("15.")
		assert app_version(bench, "erpnext").startswith("15.")
		assert (bench / "apps" / "account_manager").resolve() == ROOT
		assert "account_manager" in (bench / "sites" / "apps.txt").read_text().split()
		setuptools = subprocess.run(
			[bench / "env" / "bin" / "python", "-c", "import setuptools; print(setuptools.__version__)"],
			capture_output=True,
			text=True,
		).stdout
		assert int(setuptools.split(".")[0]) < 81, setuptools
		config = json.loads((bench / "sites" / "common_site_config.json").read_text())
		assert config.get("frappe_user")  # bench runs in it (as root too)

		# the demo manager logs in and sees her portfolio
		opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
		base = f"http://127.0.0.1:{demo.port}"
		body = urllib.parse.urlencode({"usr": "anna.nowak@demo.example", "pwd": demo.password}).encode()
		with opener.open(f"{base}/api/method/login", body, timeout=60) as res:
			assert res.status == 200
		with opener.open(f"{base}/api/resource/Client%20Card?limit_page_length=100", timeout=60) as res:
			cards = json.loads(res.read())["data"]
		assert cards, "the demo manager sees no client card"
	finally:
		code = demo.stop()
		print(f"bootstrap test took {(time.monotonic() - started) / 60:.1f} min")
	assert code == 0, demo.output
	for name, pid in demo.child_pids().items():
		assert not alive(pid), name
