"""Logging, commands and clean-up shared by ./run-tests and ./run-demo.

Every script calls `setup(<its name>)` first: messages are prefixed with that name, and what the
script started is stopped at exit (normal end, an error, Ctrl+C or SIGTERM), last started first.
"""

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
APP = "account_manager"

NAME = "harness"
_cleanups = []  # run in reverse order at exit


def setup(name: str):
	global NAME
	NAME = name
	atexit.register(cleanup)
	signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
	signal.signal(signal.SIGHUP, lambda *a: sys.exit(129))


def log(msg):
	print(f"[{NAME}] {msg}", flush=True)


def fail(msg, code=2):
	print(f"[{NAME}] ERROR: {msg}", file=sys.stderr, flush=True)
	sys.exit(code)


def run(cmd, check=True, quiet=False, **kw):
	if not quiet:
		log("$ " + " ".join(str(c) for c in cmd))
	kw.setdefault("stdin", subprocess.DEVNULL)
	res = subprocess.run([str(c) for c in cmd], text=True, **kw)
	if check and res.returncode:
		fail(f"command failed ({res.returncode}): {' '.join(str(c) for c in cmd)}", res.returncode)
	return res


def capture(cmd, **kw):
	return subprocess.run(
		[str(c) for c in cmd], text=True, capture_output=True, stdin=subprocess.DEVNULL, **kw
	)


def on_exit(fn):
	"""Run fn at exit (after everything registered later)."""
	_cleanups.append(fn)


def cleanup():
	while _cleanups:
		fn = _cleanups.pop()
		try:
			fn()
		except Exception as e:  # keep going: every cleanup matters
			print(f"[{NAME}] cleanup failed: {e}", file=sys.stderr)


def port_open(host, port):
	with socket.socket() as s:
		s.settimeout(0.5)
		return s.connect_ex((host, int(port))) == 0


def wait_for(predicate, what, timeout=60):
	deadline = time.time() + timeout
	while time.time() < deadline:
		if predicate():
			return
		time.sleep(0.5)
	fail(f"{what} did not come up within {timeout}s")


def in_ci() -> bool:
	return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def ask(question: str, assume_yes: bool) -> bool:
	"""Yes with --yes; otherwise the user's answer on a terminal. Never asked without one."""
	if assume_yes:
		return True
	if not sys.stdin.isatty():
		return False
	try:
		return input(f"[{NAME}] {question} [y/N] ").strip().lower() in ("y", "yes")
	except EOFError:
		return False


def as_root(cmd: list) -> list:
	"""A command that needs root, through sudo for another user."""
	if os.geteuid() != 0 and shutil.which("sudo"):
		return ["sudo", *cmd]
	return cmd


def apt_install(*packages):
	log(f"installing {' '.join(packages)} from Debian packages")
	env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
	run(as_root(["apt-get", "update", "-qq"]), env=env)
	run(as_root(["apt-get", "install", "-y", "-qq", *packages]), env=env)
