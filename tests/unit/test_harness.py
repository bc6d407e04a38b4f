"""./run-tests and ./run-demo on bad input, run as a newcomer would: a bench of another major version
(v15 and v16 are accepted), ERPNext of another major than Frappe, a bench without ERPNext, no bench at
all (in CI, or without a terminal to ask on), a port already taken. Each stops at once, before any
service is touched, with a message naming what it found and what it needs. Fake benches only: no
Frappe is needed."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def fake_bench(tmp_path: Path, frappe: str | None = "15.75.0", erpnext: str | None = "15.71.1") -> Path:
	bench = tmp_path / "bench"
	for app, version in (("frappe", frappe), ("erpnext", erpnext)):
		if version:
			init = bench / "apps" / app / app / "__init__.py"
			init.parent.mkdir(parents=True)
			init.write_text(f'__version__ = "{version}"\n')
	(bench / "env" / "bin").mkdir(parents=True)
	(bench / "env" / "bin" / "python").symlink_to(sys.executable)
	(bench / "sites").mkdir()
	(bench / "sites" / "common_site_config.json").write_text('{"socketio_port": 9000}')
	return bench


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def script(name: str, bench: Path, *args: str, **env) -> subprocess.CompletedProcess:
	environ = {k: v for k, v in os.environ.items() if k not in ("CI", "FRAPPE_BENCH_PATH")}
	environ.update(FRAPPE_BENCH_PATH=str(bench), **env)
	if name == "run-demo" and "--port" not in args:
		args = ("--port", str(free_port()), "--socketio-port", str(free_port()), *args)
	return subprocess.run(
		[sys.executable, str(ROOT / name), *args],
		env=environ,
		stdin=subprocess.DEVNULL,
		capture_output=True,
		text=True,
		timeout=60,
	)


@pytest.mark.parametrize("name", ["run-tests", "run-demo"])
@pytest.mark.parametrize("frappe", ["14.82.1", "17.0.0-dev"])
def test_a_bench_of_another_major_version_is_named_with_what_is_needed(tmp_path, name, frappe):
	res = script(name, fake_bench(tmp_path, frappe=frappe, erpnext=frappe))
	assert res.returncode != 0
	assert f"Frappe {frappe}" in res.stderr
	assert "needs Frappe 15 with ERPNext 15, or Frappe 16 with ERPNext 16" in res.stderr
	assert "starting MariaDB" not in res.stdout


@pytest.mark.parametrize(("frappe", "erpnext"), [("15.75.0", "15.71.1"), ("16.9.0", "16.9.1")])
def test_a_bench_of_either_supported_major_is_accepted_and_named(tmp_path, frappe, erpnext):
	bench = fake_bench(tmp_path, frappe=frappe, erpnext=erpnext)
	res = subprocess.run(
		[sys.executable, "-c", "from harness import bench; print(bench.check_bench())"],
		cwd=ROOT,
		env={**os.environ, "FRAPPE_BENCH_PATH": str(bench)},
		capture_output=True,
		text=True,
		timeout=60,
	)
	assert res.returncode == 0, res.stderr
	major = frappe.split(".")[0]
	assert f"Frappe v{major} (frappe {frappe}, erpnext {erpnext})" in res.stdout


def test_erpnext_of_another_major_than_frappe_is_refused(tmp_path):
	res = script("run-tests", fake_bench(tmp_path, frappe="16.9.0", erpnext="15.71.1"))
	assert res.returncode != 0
	assert "needs ERPNext 16 with Frappe 16" in res.stderr
	assert "starting MariaDB" not in res.stdout


@pytest.mark.parametrize("name", ["run-tests", "run-demo"])
@pytest.mark.parametrize("frappe", ["15.75.0", "16.9.0"])
def test_a_bench_without_erpnext_says_how_to_get_it(tmp_path, name, frappe):
	res = script(name, fake_bench(tmp_path, frappe=frappe, erpnext=None))
	assert res.returncode != 0
	assert "no ERPNext" in res.stderr and f"found: frappe {frappe}, no erpnext" in res.stderr
	assert f"bench get-app --branch version-{frappe[:2]} erpnext" in res.stderr


@pytest.mark.parametrize("name", ["run-tests", "run-demo"])
def test_without_a_bench_ci_fails_at_once_and_builds_nothing(tmp_path, name):
	res = script(name, tmp_path / "nothing-here", CI="true")
	assert res.returncode != 0
	assert "no Frappe bench with ERPNext" in res.stderr
	assert "bench init" not in res.stdout + res.stderr  # not even offered
	assert not (tmp_path / "nothing-here").exists()


@pytest.mark.parametrize("name", ["run-tests", "run-demo"])
def test_without_a_bench_and_no_yes_it_lists_the_build_and_stops(tmp_path, name):
	res = script(name, tmp_path / "new-bench", FRAPPE_REPO="/srv/mirror/frappe")
	assert res.returncode != 0
	assert "bench init --frappe-branch version-15 --frappe-path /srv/mirror/frappe" in res.stdout
	assert "get-app --branch version-15 https://github.com/frappe/erpnext" in res.stdout
	assert "--yes" in res.stderr
	assert not (tmp_path / "new-bench").exists()


def fake_tools(tmp_path: Path, python: str, node: str) -> tuple[Path, Path]:
	"""A `python` that reports version `python` and a folder whose `node` reports version `node`."""
	tools = tmp_path / "tools"
	tools.mkdir()
	py = tools / "python"
	major, minor = python.split(".")
	py.write_text(f'#!/bin/sh\necho "{major} {minor} $0"\n')
	(tools / "node").write_text(f"#!/bin/sh\necho v{node}\n")
	for tool in (py, tools / "node"):
		tool.chmod(0o755)
	return py, tools


@pytest.mark.parametrize("name", ["run-tests", "run-demo"])
def test_a_version_16_bench_is_planned_with_the_python_and_node_it_needs(tmp_path, name):
	python, node = fake_tools(tmp_path, "3.14", "24.1.0")
	res = script(
		name, tmp_path / "new-bench", FRAPPE_BRANCH="version-16", AM_PYTHON=str(python), AM_NODE_BIN=str(node)
	)
	assert res.returncode != 0 and "--yes" in res.stderr
	assert f"Frappe 16 needs Python 3.14 and Node.js >= 24: {python}, node in {node}" in res.stdout
	assert "bench init --frappe-branch version-16" in res.stdout
	assert "get-app --branch version-16" in res.stdout
	assert not (tmp_path / "new-bench").exists()


def test_a_version_16_bench_without_python_314_or_node_24_says_what_it_needs(tmp_path):
	python, node = fake_tools(tmp_path, "3.11", "20.19.0")
	res = script(
		"run-tests",
		tmp_path / "new-bench",
		"--yes",
		FRAPPE_BRANCH="version-16",
		AM_PYTHON=str(python),
		AM_NODE_BIN=str(node),
	)
	assert res.returncode != 0
	assert "A Frappe 16 bench (FRAPPE_BRANCH=version-16) also needs" in res.stderr
	assert "Python 3.14 with venv" in res.stderr and "AM_PYTHON=" in res.stderr
	assert "Node.js 24 or later" in res.stderr and "AM_NODE_BIN=" in res.stderr
	assert "$ " not in res.stdout  # nothing run, --yes or not
	assert not (tmp_path / "new-bench").exists()


def test_a_taken_port_is_named_with_the_option_to_choose_another(tmp_path):
	bench = fake_bench(tmp_path)
	with socket.socket() as taken:
		taken.bind(("127.0.0.1", 0))
		taken.listen()
		port = taken.getsockname()[1]
		res = script("run-demo", bench, "--port", str(port))
		assert res.returncode != 0
		assert f"port {port}" in res.stderr and "--port" in res.stderr

		res = script("run-demo", bench, "--port", str(free_port()), "--socketio-port", str(port))
		assert res.returncode != 0
		assert f"port {port} (socket.io)" in res.stderr and "--socketio-port" in res.stderr


def test_the_demo_runs_its_web_server_and_socketio_as_bench_start_does(tmp_path, monkeypatch):
	"""The desk connects to socket.io on its own port only when the web server runs as a dev server
	(DEV_SERVER, as `bench start` sets it): without it every page asked the web server for /socket.io and
	got 404 (issue 27). The socket.io server answers for the demo site when it is opened by its IP too."""
	import importlib.machinery
	import importlib.util

	monkeypatch.setenv("FRAPPE_BENCH_PATH", str(fake_bench(tmp_path)))
	loader = importlib.machinery.SourceFileLoader("run_demo", str(ROOT / "run-demo"))
	spec = importlib.util.spec_from_loader("run_demo", loader)
	demo = importlib.util.module_from_spec(spec)
	loader.exec_module(demo)
	assert demo.web_server_env({"PATH": "/bin"}) == {"PATH": "/bin", "DEV_SERVER": "1"}
	socketio = demo.socketio_env({"PATH": "/bin"}, 9001)
	assert socketio == {"PATH": "/bin", "FRAPPE_SOCKETIO_PORT": "9001", "FRAPPE_SITE": demo.SITE}
