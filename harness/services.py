"""MariaDB and Redis: started (and, when missing, installed from Debian packages) when down, and
stopped at exit when this run started them.

MariaDB's settings for Frappe (utf8mb4, loopback only, a production-sized buffer pool) go into a file
of their own, MARIADB_CNF; no existing MariaDB file is edited.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from harness.core import apt_install, as_root, capture, fail, log, on_exit, port_open, run, wait_for

DB_HOST = "127.0.0.1"
DB_ADMIN_USER = os.environ.get("AM_DB_ADMIN_USER", "am_harness")
DB_ADMIN_PASSWORD = os.environ.get("AM_DB_ADMIN_PASSWORD", "am_harness")
MARIADB_CNF = Path("/etc/mysql/mariadb.conf.d/99-frappe-utf8mb4.cnf")
MARIADB_SETTINGS = """[mysqld]
character-set-client-handshake = FALSE
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
bind-address = 127.0.0.1
# as a production server sizes it: the ledger of benchmarks/ at 1,000,000 rows (~800 MB) stays in
# memory (the 128 MB default reads it from disk on every report); takes effect when MariaDB starts
innodb_buffer_pool_size = 2G

[mysql]
default-character-set = utf8mb4
"""


def mysql_admin(sql, user=None, password=None):
	"""Run SQL as the DB admin: through root's unix socket, or as AM_DB_ADMIN_USER over TCP."""
	if user:
		cmd = ["mysql", "-h", DB_HOST, "-u", user, f"-p{password}", "-N", "-B", "-e", sql]
	else:
		cmd = ["mysql", "-u", "root", "-N", "-B", "-e", sql]
	return capture(cmd)


def db_admin(sql):
	return mysql_admin(sql, DB_ADMIN_USER, DB_ADMIN_PASSWORD)


def ensure_mariadb(who="the harness"):
	if not shutil.which("mariadbd") and not Path("/usr/sbin/mariadbd").exists():
		apt_install("mariadb-server", "mariadb-client")
	if not MARIADB_CNF.exists() or MARIADB_CNF.read_text() != MARIADB_SETTINGS:
		log(f"writing Frappe's MariaDB settings to {MARIADB_CNF} (a file of its own)")
		MARIADB_CNF.parent.mkdir(parents=True, exist_ok=True)
		MARIADB_CNF.write_text(MARIADB_SETTINGS)
	if not port_open(DB_HOST, 3306):
		log("starting MariaDB")
		Path("/run/mysqld").mkdir(parents=True, exist_ok=True)
		shutil.chown("/run/mysqld", "mysql", "mysql")
		subprocess.Popen(
			as_root(["mysqld_safe", "--user=mysql"]),
			stdin=subprocess.DEVNULL,
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
			start_new_session=True,
		)
		wait_for(lambda: port_open(DB_HOST, 3306), "MariaDB")
		on_exit(lambda: stop_mariadb(who))
	ensure_db_admin()
	charset = db_admin("SELECT @@character_set_server, @@collation_server").stdout.split()
	if charset != ["utf8mb4", "utf8mb4_unicode_ci"]:
		fail(
			f"MariaDB runs with {charset}; Frappe needs utf8mb4 / utf8mb4_unicode_ci "
			f"(see {MARIADB_CNF}); restart MariaDB so it reads that file"
		)


def ensure_db_admin():
	if db_admin("SELECT 1").returncode == 0:
		return
	statements = []
	for host in ("localhost", "127.0.0.1"):
		statements.append(
			f"CREATE USER IF NOT EXISTS '{DB_ADMIN_USER}'@'{host}' IDENTIFIED BY '{DB_ADMIN_PASSWORD}'"
		)
		statements.append(f"GRANT ALL PRIVILEGES ON *.* TO '{DB_ADMIN_USER}'@'{host}' WITH GRANT OPTION")
	res = mysql_admin("; ".join(statements) + "; FLUSH PRIVILEGES")
	if res.returncode:
		fail(
			f"cannot log in to MariaDB as {DB_ADMIN_USER}, nor as root through the unix socket to create "
			f"that account ({res.stderr.strip()}). Set AM_DB_ADMIN_USER / AM_DB_ADMIN_PASSWORD to an "
			"account with ALL PRIVILEGES WITH GRANT OPTION."
		)
	log(f"created the MariaDB account {DB_ADMIN_USER} for the sites of the harness")


def stop_mariadb(who="the harness"):
	log(f"stopping MariaDB ({who} started it)")
	res = capture(["mysqladmin", "-u", "root", "shutdown"])
	if res.returncode:
		capture(["mysqladmin", "-h", DB_HOST, "-u", DB_ADMIN_USER, f"-p{DB_ADMIN_PASSWORD}", "shutdown"])


def ensure_redis(bench: Path, who="the harness"):
	config_path = bench / "sites" / "common_site_config.json"
	conf = json.loads(config_path.read_text()) if config_path.exists() else {}
	urls = {conf.get(key) for key in ("redis_cache", "redis_queue", "redis_socketio") if conf.get(key)}
	if not urls:
		fail(f"{config_path} names no redis_cache / redis_queue (run `bench setup redis`)")
	if not shutil.which("redis-server"):
		apt_install("redis-server")
	for url in sorted(urls):
		parsed = urlparse(url)
		host, port = parsed.hostname or "127.0.0.1", parsed.port or 6379
		if port_open(host, port):
			continue
		log(f"starting Redis on {host}:{port}")
		run(
			[
				"redis-server",
				"--port",
				port,
				"--bind",
				"127.0.0.1",
				"--daemonize",
				"yes",
				"--save",
				"",
				"--appendonly",
				"no",
				"--dir",
				tempfile.gettempdir(),
				"--pidfile",
				Path(tempfile.gettempdir()) / f"am-redis-{port}.pid",
			],
			quiet=True,
		)
		wait_for(lambda p=port: port_open("127.0.0.1", p), f"Redis on {port}")

		def stop(p=port):
			log(f"stopping Redis on port {p} ({who} started it)")
			capture(["redis-cli", "-p", p, "shutdown", "nosave"])

		on_exit(stop)
