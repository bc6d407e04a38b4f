"""./run-demo in the background as a user runs it: its output read line by line, Ctrl+C to stop it."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def port_open(port: int) -> bool:
	with socket.socket() as s:
		s.settimeout(0.5)
		return s.connect_ex(("127.0.0.1", port)) == 0


def alive(pid: int) -> bool:
	try:
		os.kill(pid, 0)
	except ProcessLookupError:
		return False
	return True


class Demo:
	"""One ./run-demo process."""

	def __init__(self, *args: str, env: dict | None = None):
		self.port, self.socketio_port = free_port(), free_port()
		self.lines: list[str] = []
		self.started = time.monotonic()
		self.proc = subprocess.Popen(
			[
				sys.executable,
				str(ROOT / "run-demo"),
				"--port",
				str(self.port),
				"--socketio-port",
				str(self.socketio_port),
				*args,
			],
			cwd=ROOT,
			env={k: v for k, v in (env or os.environ).items() if k != "CI"},
			stdin=subprocess.DEVNULL,
			stdout=subprocess.PIPE,
			stderr=subprocess.STDOUT,
			text=True,
		)
		threading.Thread(target=self._read, daemon=True).start()

	def _read(self):
		for line in self.proc.stdout:
			self.lines.append(line.rstrip("\n"))
			print(line, end="", flush=True)  # pytest -s shows the run as it goes

	@property
	def output(self) -> str:
		return "\n".join(self.lines)

	def wait_ready(self, timeout: float) -> float:
		"""Seconds from the start until the demo printed its URL and logins."""
		deadline = time.monotonic() + timeout
		while time.monotonic() < deadline:
			if any("Ctrl+C stops what this run started" in line for line in self.lines):
				return time.monotonic() - self.started
			if self.proc.poll() is not None:
				time.sleep(0.5)  # the rest of its output
				raise AssertionError(
					f"./run-demo ended ({self.proc.returncode}) before it was ready:\n{self.output}"
				)
			time.sleep(0.5)
		self.proc.kill()
		raise AssertionError(f"./run-demo was not ready within {timeout:.0f}s:\n{self.output}")

	@property
	def url(self) -> str:
		return f"http://account-manager-demo.localhost:{self.port}"

	@property
	def password(self) -> str:
		return re.search(r"Log in as one of these users, password (\S+):", self.output).group(1)

	def child_pids(self) -> dict:
		return {name: int(pid) for name, pid in re.findall(r"started the (.+?) \(pid (\d+),", self.output)}

	def stop(self) -> int:
		"""Ctrl+C, as a user stops it; its exit code."""
		if self.proc.poll() is None:
			self.proc.send_signal(signal.SIGINT)
		try:
			return self.proc.wait(90)
		finally:
			if self.proc.poll() is None:
				self.proc.kill()
