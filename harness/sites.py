"""Sites of the harness: made with ERPNext installed and its setup wizard done for a Polish company
(tests/site_setup.py), saved with mysqldump and restored from that save."""

import gzip
import json
import shutil
import subprocess
from pathlib import Path

from harness import bench
from harness.core import CHECKOUT, fail, run
from harness.services import DB_ADMIN_PASSWORD, DB_ADMIN_USER, DB_HOST, db_admin


def site_dir(site: str) -> Path:
	return bench.BENCH / "sites" / site


def site_config(site: str) -> dict:
	path = site_dir(site) / "site_config.json"
	return json.loads(path.read_text()) if path.exists() else {}


def update_site_config(site: str, values: dict):
	path = site_dir(site) / "site_config.json"
	config = json.loads(path.read_text())
	if any(config.get(key) != value for key, value in values.items()):
		config.update(values)
		path.write_text(json.dumps(config, indent=1, sort_keys=True))


def site_db_exists(config: dict) -> bool:
	"""The site's database is there with ERPNext's tables."""
	if not config.get("db_name"):
		return False
	res = db_admin(
		f"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{config['db_name']}' "
		"AND table_name = 'tabCompany'"
	)
	return res.returncode == 0 and res.stdout.strip() == "1"


def installed_apps(config: dict) -> list:
	res = db_admin(
		f"SELECT defvalue FROM `{config['db_name']}`.tabDefaultValue "
		"WHERE parent = '__global' AND defkey = 'installed_apps'"
	)
	try:
		return json.loads(res.stdout.strip() or "[]")
	except ValueError:
		return []


def has_company(config: dict) -> bool:
	res = db_admin(f"SELECT COUNT(*) FROM `{config['db_name']}`.tabCompany")
	return res.returncode == 0 and res.stdout.strip() not in ("", "0")


def new_site(site: str, *wizard_args: str, admin_password: str = "admin"):
	"""A new site with ERPNext, and ERPNext's setup wizard done (tests/site_setup.py; wizard_args go
	to it: --company, --abbr, ...)."""
	new_erpnext_site(site, admin_password)
	setup_wizard(site, *wizard_args)


def new_erpnext_site(site: str, admin_password: str = "admin", apps: tuple | list = ("erpnext",)):
	"""A new site (made again when it exists) with ERPNext installed (and any other `apps`, in that
	order), its setup wizard not run."""
	run(
		[
			bench.python(),
			"-m",
			"frappe.utils.bench_helper",
			"frappe",
			"new-site",
			site,
			"--force",
			"--db-root-username",
			DB_ADMIN_USER,
			"--db-root-password",
			DB_ADMIN_PASSWORD,
			"--admin-password",
			admin_password,
			*[arg for app in apps for arg in ("--install-app", app)],
		],
		cwd=bench.BENCH / "sites",
		env=bench.bench_env(),
	)


def setup_wizard(site: str, *wizard_args: str):
	run(
		[bench.python(), CHECKOUT / "tests" / "site_setup.py", site, *wizard_args],
		cwd=bench.BENCH / "sites",
		env=bench.bench_env(),
	)


def drop_site(site: str):
	"""Drop the site's database and move its folder to the bench's archived sites (no backup)."""
	bench.frappe_cmd(
		site,
		"drop-site",
		site,
		"--db-root-username",
		DB_ADMIN_USER,
		"--db-root-password",
		DB_ADMIN_PASSWORD,
		"--no-backup",
		"--force",
	)


def save_site(site: str, dump: Path, saved_config: Path):
	config = site_config(site)
	dump.parent.mkdir(exist_ok=True)
	with gzip.open(dump, "wb") as out:
		proc = subprocess.Popen(
			[
				"mysqldump",
				"-h",
				DB_HOST,
				"-u",
				DB_ADMIN_USER,
				f"-p{DB_ADMIN_PASSWORD}",
				"--single-transaction",
				"--quick",
				"--routines",
				config["db_name"],
			],
			stdout=subprocess.PIPE,
		)
		shutil.copyfileobj(proc.stdout, out)
		if proc.wait():
			dump.unlink(missing_ok=True)
			fail(f"mysqldump of the new site {site} failed")
	saved_config.write_text(json.dumps(config, indent=1))


def restore_site(site: str, dump: Path, saved_config: Path):
	config = json.loads(saved_config.read_text())
	db, password = config["db_name"], config["db_password"]
	user = config.get("db_user") or db  # Frappe 16 names the user (db_user); v15 uses the database name
	folder = site_dir(site)
	for sub in ("public/files", "private/files", "private/backups", "locks", "logs"):
		(folder / sub).mkdir(parents=True, exist_ok=True)
	(folder / "site_config.json").write_text(json.dumps(config, indent=1))
	kill_connections(db)  # a leftover process of an interrupted run would block the DROP
	statements = [f"DROP DATABASE IF EXISTS `{db}`", f"CREATE DATABASE `{db}`"]
	for host in ("localhost", "127.0.0.1", "%"):
		statements.append(f"CREATE USER IF NOT EXISTS '{user}'@'{host}' IDENTIFIED BY '{password}'")
		statements.append(f"ALTER USER '{user}'@'{host}' IDENTIFIED BY '{password}'")
		statements.append(f"GRANT ALL PRIVILEGES ON `{db}`.* TO '{user}'@'{host}'")
	res = db_admin("; ".join(statements) + "; FLUSH PRIVILEGES")
	if res.returncode:
		fail(f"could not recreate the database of {site}: {res.stderr.strip()}")
	with gzip.open(dump, "rb") as src:
		proc = subprocess.Popen(
			["mysql", "-h", DB_HOST, "-u", DB_ADMIN_USER, f"-p{DB_ADMIN_PASSWORD}", db], stdin=subprocess.PIPE
		)
		shutil.copyfileobj(src, proc.stdin)
		proc.stdin.close()
		if proc.wait():
			fail(f"restoring the saved site {site} failed; run again with AM_REBUILD_SITE=1")


def kill_connections(db):
	res = db_admin(
		f"SELECT id FROM information_schema.processlist WHERE db = '{db}' AND id <> CONNECTION_ID()"
	)
	for conn in res.stdout.split():
		db_admin(f"KILL {int(conn)}")
