"""The bench: where it is, whether it is one account_manager runs on (Frappe 15 with ERPNext 15, or
Frappe 16 with ERPNext 16), and how the scripts run Frappe's commands in it with this checkout's
account_manager."""

import json
import os
import re
from pathlib import Path

from harness.core import APP, CHECKOUT, capture, fail, in_ci, log, on_exit, run

BENCH = Path(os.environ.get("FRAPPE_BENCH_PATH", "~/frappe-bench")).expanduser()
MAJORS = ("15", "16")  # the Frappe / ERPNext majors account_manager runs on (same code on both)
SUPPORTED = "Frappe 15 with ERPNext 15, or Frappe 16 with ERPNext 16"
PARTS = ("apps/frappe", "apps/erpnext", "env/bin/python", "sites")


def app_version(app: str, bench: Path = BENCH) -> str | None:
	init = bench / "apps" / app / app / "__init__.py"
	if not init.exists():
		return None
	found = re.search(r'__version__ = "(.*?)"', init.read_text())
	return found.group(1) if found else "unknown"


def holds_no_bench(path: Path = BENCH) -> bool:
	"""Nothing there yet (or an empty folder): a bench may be built there."""
	return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def no_bench_message(need: str, nothing_done: str) -> str:
	missing = [p for p in PARTS if not (BENCH / p).exists()]
	return (
		f"no Frappe bench with ERPNext at {BENCH} (missing: {', '.join(missing)}).\n"
		f"  {need}:\n"
		"  set FRAPPE_BENCH_PATH to it, or build one at ~/frappe-bench\n"
		f"  (https://docs.frappe.io/framework/user/en/installation). {nothing_done}"
	)


def ensure_bench(need: str, nothing_done: str, assume_yes: bool = False) -> dict:
	"""The versions of the bench at FRAPPE_BENCH_PATH. Where there is none, offer to build one (never
	in CI, where it fails at once); stop with a message naming what was found and what is needed when
	the bench is not a Frappe 15 + ERPNext 15 or a Frappe 16 + ERPNext 16 one."""
	if holds_no_bench():
		message = no_bench_message(need, nothing_done)
		if in_ci():
			fail(message)
		from harness import bootstrap

		bootstrap.offer(BENCH, assume_yes, message)
	return check_bench()


def check_bench() -> dict:
	frappe_version = app_version("frappe")
	if not frappe_version:
		fail(
			f"{BENCH} is not a Frappe bench (no apps/frappe in it). Set FRAPPE_BENCH_PATH to a bench of "
			f"{SUPPORTED}, or to a folder that does not exist yet to have one built there."
		)
	erpnext_version = app_version("erpnext")
	found = f"frappe {frappe_version}" + (
		f", erpnext {erpnext_version}" if erpnext_version else ", no erpnext"
	)
	major = frappe_version.split(".")[0]
	if major not in MAJORS:
		fail(
			f"{BENCH} is a Frappe {frappe_version} bench (found: {found}); account_manager needs "
			f"{SUPPORTED} (branch version-15 or version-16). Set FRAPPE_BENCH_PATH to such a bench, or "
			"to a folder that does not exist yet to have one built there (FRAPPE_BRANCH chooses the major)."
		)
	if not erpnext_version:
		fail(
			f"{BENCH} has Frappe {frappe_version} but no ERPNext (found: {found}); account_manager needs "
			f"ERPNext {major} in the bench:\n  cd {BENCH} && bench get-app --branch version-{major} erpnext"
		)
	if erpnext_version.split(".")[0] != major:
		fail(
			f"{BENCH} has ERPNext {erpnext_version} with Frappe {frappe_version} (found: {found}); "
			f"account_manager needs ERPNext {major} with Frappe {major} (branch version-{major})"
		)
	missing = [p for p in ("env/bin/python", "sites") if not (BENCH / p).exists()]
	if missing:
		fail(f"the bench at {BENCH} is incomplete (missing: {', '.join(missing)}; found: {found})")
	log(f"bench {BENCH}: Frappe v{major} (frappe {frappe_version}, erpnext {erpnext_version})")
	return {"frappe": frappe_version, "erpnext": erpnext_version}


def common_config() -> dict:
	path = BENCH / "sites" / "common_site_config.json"
	return json.loads(path.read_text()) if path.exists() else {}


def python() -> Path:
	return BENCH / "env" / "bin" / "python"


def bench_env() -> dict:
	env = dict(os.environ)
	# This checkout comes first on the path of every process the scripts start, whatever other
	# copy of account_manager the bench's environment may have installed.
	env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHECKOUT), env.get("PYTHONPATH")]))
	env.pop("PYTHONHOME", None)
	return env


def frappe_cmd(site, *args, check=True, **kw):
	"""`bench --site <site> <args>`, through the bench's Python with this checkout on its path."""
	cmd = [python(), "-m", "frappe.utils.bench_helper", "frappe", "--site", site, *args]
	return run(cmd, check=check, cwd=BENCH / "sites", env=bench_env(), **kw)


def link_app():
	"""Make the bench know the app for this run: list it in apps.txt and, when the bench has no
	apps/account_manager of its own, link that to this checkout, and its assets. All are undone at exit; a
	developer's own apps/account_manager is left as it is, since the checkout under test comes first
	on PYTHONPATH (checked below)."""
	target = BENCH / "apps" / APP
	if not target.exists() and not target.is_symlink():
		target.symlink_to(CHECKOUT, target_is_directory=True)
		on_exit(lambda: target.unlink(missing_ok=True))
	# the app's public/ folder as /assets/account_manager, as `bench build` links an app's (frappe.build:
	# generate_assets_map): the desk's app_include_js comes from there
	assets = BENCH / "sites" / "assets" / APP
	if not assets.exists() and not assets.is_symlink():
		assets.parent.mkdir(parents=True, exist_ok=True)
		assets.symlink_to(CHECKOUT / APP / "public", target_is_directory=True)
		on_exit(lambda: assets.unlink(missing_ok=True))
	apps_txt = BENCH / "sites" / "apps.txt"
	original = apps_txt.read_text()
	if APP not in original.split():
		apps_txt.write_text(original.rstrip("\n") + f"\n{APP}\n")
		on_exit(lambda: apps_txt.write_text(original))
	imported = capture(
		[python(), "-c", f"import {APP}; print({APP}.__file__)"], env=bench_env()
	).stdout.strip()
	if not imported or Path(imported).resolve().parent.parent != CHECKOUT:
		fail(f"the bench's Python imports {APP} from {imported or 'nowhere'}, not from {CHECKOUT}")
	log(f"{APP} is imported from {Path(imported).parent}")
