"""A new bench when FRAPPE_BENCH_PATH holds none: Frappe and ERPNext version-15 (the default) or
version-16 (FRAPPE_BRANCH=version-16) from their official repositories, as the official installation
guide builds it, with this checkout linked in.

    system packages   what is missing of git, MariaDB, Redis, Node with npm and yarn, wkhtmltopdf, a C
                      compiler, pkg-config, Python's venv (Debian packages; yarn from npm); for v16
                      also libmariadb-dev (its database driver, mysqlclient, is built against it)
    Python, Node      v15: Python 3.10 to 3.13 and Node >= 18 (Debian 12's do); v16: Python 3.14 and
                      Node >= 24, which Debian 12 has not: AM_PYTHON (an interpreter) and AM_NODE_BIN
                      (the folder of `node`) name them, else they are looked for on PATH and where
                      the usual installers put them (uv, pyenv, /opt/*/bin, /usr/local/bin, nvm)
    bench CLI         `pip install frappe-bench` (with uv) into a venv of its own, AM_BENCH_CLI
                      (default ~/.bench-cli), unless a `bench` is on PATH and AM_BENCH_CLI is unset
    bench init        --frappe-branch $FRAPPE_BRANCH --frappe-path $FRAPPE_REPO --python <that Python>
                      --no-backups, with that Node first on PATH
    setuptools < 81   in the bench's Python: python-stdnum and pycountry still import pkg_resources
    bench get-app     --branch $FRAPPE_BRANCH $ERPNEXT_REPO
    this checkout     apps/account_manager -> the checkout, in apps.txt, installed editable

FRAPPE_REPO / ERPNEXT_REPO / FRAPPE_BRANCH override the sources (a mirror, or a local clone). Nothing
is done without a yes: the user's answer, or --yes; and nothing at all when the Python or Node the
major needs is missing (it says which, and how to name one). The project ships no Frappe or ERPNext
code.
"""

import glob
import json
import os
import re
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


def branch_major(branch: str = BRANCH) -> int:
	"""15 or 16 from version-15 / version-16 (a v15.x / v16.x tag too); 15 for anything else."""
	found = re.search(r"(?:version-|^v)(\d+)", branch)
	return int(found.group(1)) if found else 15


# what each major requires (frappe's pyproject.toml requires-python, package.json engines.node)
NEEDS = {
	15: {"python": ((3, 10), (3, 14)), "node": 18, "packages": ()},
	16: {"python": ((3, 14), (3, 15)), "node": 24, "packages": ("libmariadb-dev",)},
}
MAJOR = branch_major()
PYTHON_RANGE = NEEDS[MAJOR]["python"] if MAJOR in NEEDS else NEEDS[15]["python"]
NODE_MAJOR = NEEDS[MAJOR]["node"] if MAJOR in NEEDS else NEEDS[15]["node"]


def python_label() -> str:
	(lo_major, lo_minor), (_hi_major, hi_minor) = PYTHON_RANGE
	if hi_minor - lo_minor == 1:
		return f"Python {lo_major}.{lo_minor}"
	return f"Python {lo_major}.{lo_minor} to {lo_major}.{hi_minor - 1}"


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


def python_candidates() -> list[str]:
	"""AM_PYTHON when set (then nothing else), else the interpreters on PATH and where uv, pyenv and a
	source build (/opt, /usr/local) put them, newest name first."""
	if os.environ.get("AM_PYTHON"):
		return [os.environ["AM_PYTHON"]]
	(major, lo), (_, hi) = PYTHON_RANGE
	names = [f"python{major}.{minor}" for minor in range(hi - 1, lo - 1, -1)] + ["python3"]
	found = [shutil.which(name) for name in names]
	home = Path("~").expanduser()
	for name in names[:-1]:
		for pattern in (
			f"{home}/.local/share/uv/python/cpython-{name[6:]}*/bin/{name}",
			f"{home}/.pyenv/versions/{name[6:]}*/bin/{name}",
			f"/opt/*/bin/{name}",
			f"/usr/local/bin/{name}",
		):
			found += sorted(glob.glob(pattern), reverse=True)
	return list(dict.fromkeys(filter(None, found)))


def bench_python() -> str:
	"""The Python the major needs, with venv: the interpreter itself, not a shim (pyenv) in front of it."""
	for path in python_candidates():
		res = capture(
			[path, "-c", "import sys, venv, ensurepip; print(*sys.version_info[:2], sys.executable)"]
		)
		if res.returncode:
			continue
		major, minor, executable = res.stdout.split(maxsplit=2)
		if PYTHON_RANGE[0] <= (int(major), int(minor)) < PYTHON_RANGE[1]:
			return executable.strip()
	return ""


def node_version(folder: str | None) -> int:
	"""The major of the `node` in folder (on PATH when None); 0 when there is none."""
	node = str(Path(folder) / "node") if folder else shutil.which("node")
	if not node or not Path(node).exists():
		return 0
	out = capture([node, "--version"]).stdout.strip().lstrip("v")
	return int(out.split(".")[0]) if out[:1].isdigit() else 0


def node_bin() -> str | None:
	"""The folder of a `node` the major can use: AM_NODE_BIN when set (then nothing else), else the one
	on PATH ("" for it), else one where the usual installers put it (nvm, /opt/*/bin, /usr/local/bin).
	None when there is none."""
	if os.environ.get("AM_NODE_BIN"):
		folder = os.environ["AM_NODE_BIN"]
		return folder if node_version(folder) >= NODE_MAJOR else None
	if node_version(None) >= NODE_MAJOR:
		return ""
	home = Path("~").expanduser()
	for pattern in (f"{home}/.nvm/versions/node/v*/bin/node", "/opt/*/bin/node", "/usr/local/bin/node"):
		for node in sorted(glob.glob(pattern), reverse=True):
			if node_version(str(Path(node).parent)) >= NODE_MAJOR:
				return str(Path(node).parent)
	return None


def missing_tools() -> list[str]:
	"""What the major needs that is neither on the machine nor installable from Debian here, and how to
	name it; empty when the bench can be built."""
	missing = []
	if MAJOR not in NEEDS:
		missing.append(f"a known major: FRAPPE_BRANCH={BRANCH} is neither version-15 nor version-16")
	if MAJOR >= 16 and not bench_python():
		where = os.environ.get("AM_PYTHON") or "on PATH, ~/.local/share/uv/python, ~/.pyenv, /opt/*/bin"
		missing.append(
			f"{python_label()} with venv (none usable: {where}); install one (e.g. `uv python install 3.14`) "
			"and name it with AM_PYTHON=<path to python3.14>"
		)
	if MAJOR >= 16 and node_bin() is None:
		where = os.environ.get("AM_NODE_BIN") or "on PATH, ~/.nvm, /opt/*/bin, /usr/local/bin"
		missing.append(
			f"Node.js {NODE_MAJOR} or later (none usable: {where}); install one (https://nodejs.org) and "
			"name the folder of its `node` with AM_NODE_BIN=<dir>"
		)
	return missing


def cli_bench() -> Path | None:
	"""The bench CLI to use: AM_BENCH_CLI's when set (installed there if missing), else one on PATH."""
	if os.environ.get("AM_BENCH_CLI") or not shutil.which("bench"):
		return None
	return Path(shutil.which("bench"))


def plan(bench: Path) -> tuple[list, list]:
	node = node_bin()
	# Debian 12's nodejs (18) serves v15 only; a v16 bench uses the Node 24 found or named (node_bin)
	system = [(c, pkgs) for c, pkgs in SYSTEM if not (c == "node" and (MAJOR >= 16 or node))]
	packages = [pkg for command, pkgs in system if not found(command) for pkg in pkgs]
	packages += [pkg for pkg in NEEDS.get(MAJOR, NEEDS[15])["packages"] if not debian_installed(pkg)]
	python = bench_python()
	if not python and MAJOR < 16:
		packages += ["python3-dev", "python3-venv"]
	steps = []
	if packages:
		steps.append(f"apt-get install {' '.join(packages)}   (Debian packages the bench needs)")
	if not found("yarn"):
		steps.append("npm install -g yarn")
	if node is None:
		node_used = "NOT FOUND" if MAJOR >= 16 else "node from those packages"
	else:
		node_used = f"node in {node}" if node else "node on PATH"
	python_used = python or ("NOT FOUND" if MAJOR >= 16 else "python3 from those packages")
	steps.append(
		f"Frappe {MAJOR} needs {python_label()} and Node.js >= {NODE_MAJOR}: {python_used}, {node_used}"
	)
	cli = cli_bench()
	if cli:
		steps.append(f"use the bench CLI at {cli}")
	else:
		steps.append(f"pip install frappe-bench uv   (into a venv of their own: {BENCH_CLI})")
	steps += [
		f"bench init --frappe-branch {BRANCH} --frappe-path {FRAPPE_REPO} --no-backups {bench}"
		+ (f"   (with {python})" if python else ""),
		f'pip install "setuptools<81" into {bench}/env',
		f"cd {bench} && bench get-app --branch {BRANCH} {ERPNEXT_REPO}",
		f"link this checkout into it: {bench}/apps/{APP} -> {CHECKOUT} (apps.txt, editable install)",
	]
	return packages, steps


def debian_installed(package: str) -> bool:
	return capture(["dpkg-query", "-W", "-f=${Status}", package]).stdout.endswith("installed")


def offer(bench: Path, assume_yes: bool, no_bench_message: str):
	"""Build the bench when the user says yes (or with --yes); otherwise stop with the message. Stop
	before anything when the major's Python or Node is missing, saying what it needs."""
	from harness.core import ask

	packages, steps = plan(bench)
	log(f"there is no bench at {bench}. This script can build one (about 10 minutes):")
	for i, step in enumerate(steps, 1):
		log(f"  {i}. {step}")
	missing = missing_tools()
	if missing:
		fail(
			f"{no_bench_message}\n  A Frappe {MAJOR} bench (FRAPPE_BRANCH={BRANCH}) also needs:\n    - "
			+ "\n    - ".join(missing)
		)
	if not ask(f"Build a Frappe {MAJOR} + ERPNext {MAJOR} bench at {bench} now?", assume_yes):
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
	node = node_bin()
	if node is None:
		fail(
			f"Frappe {MAJOR} needs Node.js {NODE_MAJOR} or later; found "
			f"{node_version(os.environ.get('AM_NODE_BIN')) or 'none'} (AM_NODE_BIN names another)"
		)
	python = bench_python()
	if not python:
		fail(f"Frappe {MAJOR} needs {python_label()} with venv; none found (AM_PYTHON names one)")

	env = dict(os.environ)
	if node:  # its own folder, first on PATH for bench init / get-app (yarn builds the assets)
		env["PATH"] = os.pathsep.join([node, env.get("PATH", "")])
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
