"""A new bench when FRAPPE_BENCH_PATH holds none: Frappe version-15 and ERPNext version-15 from their
official repositories, as the official installation guide builds it, with this checkout linked in.

    system packages   what is missing of git, MariaDB, Redis, Node (>= 18) with npm and yarn,
                      wkhtmltopdf, a C compiler, pkg-config, Python's venv (Debian packages; yarn
                      from npm)
    bench CLI         `pip install frappe-bench` (with uv) into a venv of its own, AM_BENCH_CLI
                      (default ~/.bench-cli), unless a `bench` is on PATH and AM_BENCH_CLI is unset
    bench init        --frappe-branch $FRAPPE_BRANCH --frappe-path $FRAPPE_REPO --no-backups
    setuptools < 81   in the bench's Python: python-stdnum and pycountry still import pkg_resources
    bench get-app     --branch $FRAPPE_BRANCH $ERPNEXT_REPO
    this checkout     apps/account_manager -> the checkout, in apps.txt, installed editable

FRAPPE_REPO / ERPNEXT_REPO / FRAPPE_BRANCH override the sources (a mirror, or a local clone). Nothing
is done without a yes: the user's answer, or --yes. The project ships no Frappe or ERPNext code.
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from harness.core import APP, CHECKOUT, apt_install, as_root, capture, fail, log

FRAPPE_REPO = os.environ.get("FRAPPE_REPO") or "https://github.com/frappe/frappe"
ERPNEXT_REPO = os.environ.get("ERPNEXT_REPO") or "https://github.com/frappe/erpnext"
BRANCH = os.environ.get("FRAPPE_BRANCH") or "version-15"
BENCH_CLI = Path(os.environ.get("AM_BENCH_CLI") or "~/.bench-cli").expanduser()
PYTHONS = ("python3.11", "python3.12", "python3.10", "python3.13", "python3")  # Frappe 15: >=3.10,<3.14

# a command the bench needs -> the Debian packages that bring it
SYSTEM = (
	("git", ("git",)),
	("mariadbd", ("mariadb-server", "mariadb-client")),
	("redis-server", ("redis-server",)),
	("node", ("nodejs",)),
	("npm", ("npm",)),
	("wkhtmltopdf", ("wkhtmltopdf",)),
	("gcc", ("build-essential",)),
	("pkg-config", ("pkg-config",)),
)


def found(command: str) -> bool:
	return bool(shutil.which(command)) or Path("/usr/sbin", command).exists()


def bench_python() -> str:
	for name in PYTHONS:
		path = shutil.which(name)
		if not path:
			continue
		res = capture(
			[path, "-c", "import sys, venv, ensurepip; print(*sys.version_info[:2], sys.executable)"]
		)
		if res.returncode:
			continue
		major, minor, executable = res.stdout.split(maxsplit=2)
		if (3, 10) <= (int(major), int(minor)) < (3, 14):
			return executable.strip()  # the interpreter itself, not a shim (pyenv) in front of it
	return ""


def cli_bench() -> Path | None:
	"""The bench CLI to use: AM_BENCH_CLI's when set (installed there if missing), else one on PATH."""
	if os.environ.get("AM_BENCH_CLI") or not shutil.which("bench"):
		return None
	return Path(shutil.which("bench"))


def plan(bench: Path) -> tuple[list, list]:
	packages = [pkg for command, pkgs in SYSTEM if not found(command) for pkg in pkgs]
	python = bench_python()
	if not python:
		packages += ["python3-dev", "python3-venv"]
	steps = []
	if packages:
		steps.append(f"apt-get install {' '.join(packages)}   (Debian packages the bench needs)")
	if not found("yarn"):
		steps.append("npm install -g yarn")
	cli = cli_bench()
	if cli:
		steps.append(f"use the bench CLI at {cli}")
	else:
		steps.append(f"pip install frappe-bench uv   (into a venv of their own: {BENCH_CLI})")
	steps += [
		f"bench init --frappe-branch {BRANCH} --frappe-path {FRAPPE_REPO} --no-backups {bench}",
		f'pip install "setuptools<81" into {bench}/env',
		f"cd {bench} && bench get-app --branch {BRANCH} {ERPNEXT_REPO}",
		f"link this checkout into it: {bench}/apps/{APP} -> {CHECKOUT} (apps.txt, editable install)",
	]
	return packages, steps


def offer(bench: Path, assume_yes: bool, no_bench_message: str):
	"""Build the bench when the user says yes (or with --yes); otherwise stop with the message."""
	from harness.core import ask

	packages, steps = plan(bench)
	log(f"there is no bench at {bench}. This script can build one (about 10 minutes):")
	for i, step in enumerate(steps, 1):
		log(f"  {i}. {step}")
	if not ask(f"Build a Frappe 15 + ERPNext 15 bench at {bench} now?", assume_yes):
		fail(
			no_bench_message + "\n  Or run again with --yes to have the bench built as listed above "
			"(FRAPPE_REPO / ERPNEXT_REPO / FRAPPE_BRANCH choose the sources)."
		)
	build(bench, packages)


def step(what: str, cmd: list, bench: Path, **kw):
	log("$ " + " ".join(str(c) for c in cmd))
	res = subprocess.run([str(c) for c in cmd], stdin=subprocess.DEVNULL, **kw)
	if res.returncode:
		fail(
			f"building the bench failed at: {what} (exit {res.returncode}).\n"
			f"  Fix the cause above, then remove {bench} and run again (or finish the bench by hand)."
		)


def build(bench: Path, packages: list):
	started = time.time()
	if packages:
		apt_install(*packages)
	if not found("yarn"):
		step("installing yarn", as_root(["npm", "install", "-g", "yarn"]), bench)
	node = capture(["node", "--version"]).stdout.strip().lstrip("v")
	if not node or int(node.split(".")[0]) < 18:
		fail(f"Frappe 15 needs Node.js 18 or later; found {node or 'none'} (`node --version`)")
	python = bench_python()
	if not python:
		fail("Frappe 15 needs Python 3.10 to 3.13 with venv; none found on PATH")

	env = dict(os.environ)
	cli = cli_bench()
	if not cli:
		if not (BENCH_CLI / "bin" / "bench").exists():
			step("creating the bench CLI's venv", [python, "-m", "venv", BENCH_CLI], bench)
			step(
				"pip install frappe-bench",
				[BENCH_CLI / "bin" / "python", "-m", "pip", "install", "-q", "frappe-bench", "uv"],
				bench,
			)
		cli = BENCH_CLI / "bin" / "bench"
		env["PATH"] = os.pathsep.join([str(BENCH_CLI / "bin"), env.get("PATH", "")])
	if not shutil.which("uv", path=env.get("PATH")):
		env["BENCH_DISABLE_UV"] = "1"  # bench 5.31 uses uv when it can; pip otherwise
	env.pop("CI", None)

	if bench.exists():
		bench.rmdir()  # empty: `bench init` wants to make it
	bench.parent.mkdir(parents=True, exist_ok=True)
	with tempfile.TemporaryDirectory() as scratch:
		cwd = bench.parent
		if os.geteuid() == 0:
			# bench refuses root unless the bench config names frappe_user; bench init reads it from the
			# folder it runs in (the new bench's own config then names root as well)
			(Path(scratch) / "sites").mkdir()
			(Path(scratch) / "sites" / "common_site_config.json").write_text(
				json.dumps({"frappe_user": "root"})
			)
			cwd = scratch
		step(
			"bench init",
			[
				cli,
				"init",
				"--frappe-branch",
				BRANCH,
				"--frappe-path",
				FRAPPE_REPO,
				"--python",
				python,
				"--no-backups",
				bench,
			],
			bench,
			cwd=cwd,
			env=env,
		)
	py = bench / "env" / "bin" / "python"
	pip = (
		["uv", "pip", "install", "-q", "--python", py]
		if "BENCH_DISABLE_UV" not in env
		else [py, "-m", "pip", "install", "-q"]
	)
	step('pip install "setuptools<81"', [*pip, "setuptools<81"], bench, env=env)
	step(
		"bench get-app erpnext",
		[cli, "get-app", "--branch", BRANCH, ERPNEXT_REPO],
		bench,
		cwd=bench,
		env=env,
	)
	(bench / "apps" / APP).symlink_to(CHECKOUT, target_is_directory=True)
	apps_txt = bench / "sites" / "apps.txt"
	apps_txt.write_text(apps_txt.read_text().rstrip("\n") + f"\n{APP}\n")
	step(f"installing {APP} (editable) into the bench", [*pip, "-e", bench / "apps" / APP], bench, env=env)
	log(f"bench built at {bench} in {(time.time() - started) / 60:.1f} min")
