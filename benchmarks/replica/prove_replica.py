"""Proof that a site's reports, number cards and chart sources are read from its read replica (issue 16).

    benchmarks/replica/setup_replica.sh SITE          # the pair, and the site pointed at the replica
    cd ~/frappe-bench/sites
    PYTHONPATH=<checkout> ../env/bin/python <checkout>/benchmarks/replica/prove_replica.py SITE

Needs benchmarks/generate_receivables.py run on SITE first (its manager bm-manager-00@example.com and
their clients with receivables). Starts Frappe's web server for SITE (`bench serve`, a free port) and calls,
over HTTP with the manager's API key, the app's eight reports (frappe.desk.query_report.run), its number
cards and chart sources (account_manager.desk.*), its reading REST methods (account_manager.api.*) and
Frappe's Document Type number card. For each call, with the replica's general log on (to its table
mysql.general_log): the answer must be 200, the queries of the site's user must arrive at the replica, and
the answer must equal the same call run here on the primary. Then the replica is made to lag (STOP
REPLICA: not replicating, beyond `replica_max_lag`) and is shut down: the calls must still answer, the
same, from the primary. Frappe's own read_only list view (frappe.desk.reportview.get) with the replica down
is shown for contrast. Last, the replica is started again (setup_replica.sh). Prints the evidence as
Markdown; exits non-zero when a check fails.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import frappe
from frappe.utils import add_days, add_months, get_first_day, nowdate
from frappe.utils.password import set_encrypted_password

HERE = Path(__file__).resolve().parent
MANAGER = "bm-manager-00@example.com"
ITEM = "BM-REPLICA-ITEM"
REPLICA_DIR = os.environ.get("REPLICA_DIR", "/root/mariadb-replica")
SOCKET = f"{REPLICA_DIR}/mysqld.sock"
FRAPPE = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe"]
failures = []


def check(ok: bool, what: str):
	print(f"- {'ok' if ok else 'FAILED'}: {what}")
	if not ok:
		failures.append(what)


def replica_sql(sql: str) -> list[list[str]]:
	out = subprocess.run(
		["mariadb", f"--socket={SOCKET}", "-uroot", "-N", "-B", "-e", sql],
		check=True,
		capture_output=True,
		text=True,
	).stdout
	return [line.split("\t") for line in out.splitlines()]


def replica_log(db_user: str) -> list[str]:
	"""The statements of the site's user in the replica's general log since it was last emptied."""
	rows = replica_sql(
		"select command_type, left(replace(replace(convert(argument using utf8mb4), '\\n', ' '), '\\t', ' '), 200)"
		f" from mysql.general_log where user_host like '{db_user}[%' order by event_time"
	)
	return [f"{kind}: {arg}" for kind, arg in rows if kind in ("Query", "Connect")]


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class Server:
	"""Frappe's web server for the site (bench serve), in its own process group."""

	def __init__(self, site: str):
		self.port = free_port()
		self.process = subprocess.Popen(
			[*FRAPPE, "--site", site, "serve", "--port", str(self.port), "--noreload", "--nothreading"],
			cwd=os.getcwd(),
			stdout=subprocess.DEVNULL,
			stderr=open("/tmp/am-replica-serve.log", "w"),
			start_new_session=True,
		)
		for _ in range(120):
			try:
				urlopen(f"http://127.0.0.1:{self.port}/api/method/ping", timeout=2)
				return
			except Exception:
				time.sleep(0.5)
		raise RuntimeError("bench serve did not start: /tmp/am-replica-serve.log")

	def stop(self):
		os.killpg(self.process.pid, 15)
		self.process.wait(10)


def call(server, auth, method: str, params: dict) -> tuple[int, object, float]:
	query = urlencode({k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()})
	request = Request(
		f"http://127.0.0.1:{server.port}/api/method/{method}?{query}",
		headers={"Authorization": auth, "Accept": "application/json"},
	)
	started = time.perf_counter()
	try:
		with urlopen(request, timeout=60) as response:
			status, body = response.status, json.loads(response.read())
	except Exception as e:  # HTTPError: Frappe's error answer
		status, body = getattr(e, "code", 0), {}
		try:
			body = json.loads(e.read())
		except Exception:
			pass
	return status, body.get("message"), time.perf_counter() - started


def on_primary(method: str, params: dict):
	"""The same call here, on the primary (no replica in this process's config)."""
	frappe.local.conf.read_from_replica = 0
	frappe.local.form_dict = frappe._dict(params)
	result = frappe.call(frappe.get_attr(method), **params)
	frappe.db.rollback()
	return json.loads(frappe.as_json(result))


def comparable(method: str, message):
	if method.endswith("query_report.run") and isinstance(message, dict):
		return {"columns": message.get("columns"), "result": message.get("result")}
	return message


def summary(message) -> str:
	if isinstance(message, dict) and "result" in message:
		return f"{len(message['result'] or [])} rows"
	if isinstance(message, dict) and "value" in message:
		return str(message["value"])
	if isinstance(message, dict) and "datasets" in message:
		return f"{len(message['labels'])} points"
	if isinstance(message, dict):
		return f"{len(message)} keys"
	if isinstance(message, list):
		return f"{len(message)} lines: " + ", ".join(str(line.get("verdict")) for line in message)
	return str(message)


def calls(company: str, customer: str, card: dict) -> list[tuple[str, str, dict]]:
	today = nowdate()
	report = "frappe.desk.query_report.run"
	month = str(get_first_day(add_months(today, -1)))
	reports = {
		"Client Receivables": {"company": company, "report_date": today, "only_with_debt": 1},
		"Client Portfolio": {"company": company},
		"Client Segmentation": {"company": company, "from_date": add_days(add_months(today, -12), 1)},
		"Follow-up Queue": {"to_date": add_days(today, 7)},
		"Daily Activity": {"from_date": add_days(today, -30), "to_date": today},
		"Calls Without Outcome": {"date": today},
		"Order Fulfilment": {"from_date": add_months(today, -3), "to_date": today},
		"Unreconciled Settlements": {"company": company, "month": month},
	}
	result = [
		(name, report, {"report_name": name, "filters": {k: str(v) for k, v in filters.items()}})
		for name, filters in reports.items()
	]
	for method in (
		"calls_today",
		"email_offers_today",
		"phone_offers_today",
		"overdue_receivables",
		"clients_to_contact_today",
		"late_orders",
		"monthly_report_status",
		"calls_against_quota",
		"turnover_by_month",
	):
		result.append((f"desk.{method}", f"account_manager.desk.{method}", {"filters": {}}))
	result += [
		(
			"api.client_status",
			"account_manager.api.client_status",
			{"party_type": "Customer", "party": customer},
		),
		("api.manager_progress", "account_manager.api.manager_progress", {}),
		(
			"api.check_availability",
			"account_manager.api.check_availability",
			{"items": [{"item_code": ITEM, "qty": 2}], "customer": customer},
		),
		(
			"number card Unassigned Clients (Frappe's get_result)",
			"frappe.desk.doctype.number_card.number_card.get_result",
			{"doc": card, "filters": card.get("filters_json") or "[]"},
		),
	]
	return result


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("site")
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	conf = frappe.local.conf
	if not (conf.read_from_replica and conf.replica_host):
		sys.exit(f"{args.site} has no read replica: run benchmarks/replica/setup_replica.sh {args.site}")
	db_user = conf.db_name
	print(f"# Read replica proof: {args.site}, replica {conf.replica_host}:{conf.replica_db_port}\n")

	# the manager's API key, committed: the replica sees committed data only
	frappe.set_user("Administrator")
	if not frappe.db.exists("User", MANAGER):
		sys.exit("run benchmarks/generate_receivables.py on the site first")
	key, secret = frappe.generate_hash(length=15), frappe.generate_hash(length=15)
	frappe.db.set_value("User", MANAGER, "api_key", key, update_modified=False)
	set_encrypted_password("User", MANAGER, secret, "api_secret")
	if not frappe.db.exists("Item", ITEM):  # for check_availability: a stock item, with no stock
		frappe.get_doc(
			{"doctype": "Item", "item_code": ITEM, "item_group": "All Item Groups", "stock_uom": "Nos"}
		).insert()
	frappe.db.commit()
	auth = f"token {key}:{secret}"
	for _ in range(60):
		seen = replica_sql(f"select api_key from `{db_user}`.tabUser where name = '{MANAGER}'")
		if seen and seen[0][0] == key:
			break
		time.sleep(0.5)
	check(seen and seen[0][0] == key, "the manager's new API key reached the replica (replication runs)")

	customer = frappe.get_all("Customer", filters={"account_manager": MANAGER}, pluck="name", limit=1)[0]
	company = frappe.db.get_value("Payment Ledger Entry", {"party": customer}, "company")
	card = frappe.get_doc("Number Card", "Unassigned Clients").as_dict()
	card = json.loads(frappe.as_json(card))
	todo = calls(company, customer, card)

	frappe.set_user(MANAGER)
	expected = {label: comparable(method, on_primary(method, params)) for label, method, params in todo}

	server = Server(args.site)
	try:
		replica_sql(
			"set global log_output = 'TABLE'; set global general_log = ON; truncate mysql.general_log"
		)
		print("\n## Replica up: every call answered by the replica\n")
		print(
			"| call | HTTP | answer | time | statements of the site's user at the replica | equal to the primary |"
		)
		print("| --- | ---: | --- | ---: | ---: | --- |")
		samples = {}
		for label, method, params in todo:
			replica_sql("truncate mysql.general_log")
			status, message, seconds = call(server, auth, method, params)
			seen = replica_log(db_user)
			selects = [s for s in seen if s.lower().startswith("query: select")]
			equal = comparable(method, message) == expected[label]
			print(
				f"| {label} | {status} | {summary(message)} | {seconds * 1000:.0f} ms | {len(seen)} ({len(selects)} SELECT) | {equal} |"
			)
			samples[label] = seen
			check(status == 200 and bool(selects) and equal, f"{label}: 200, read at the replica, equal")
		print("\nThe statements of Client Receivables at the replica (general log, first 200 characters):\n")
		for line in samples["Client Receivables"]:
			print(f"    {line}")

		receivables = [t for t in todo if t[0] in ("Client Receivables", "desk.overdue_receivables")]
		timings = {}

		def measure(name):
			for label, method, params in receivables:
				runs = [call(server, auth, method, params) for _ in range(5)]
				timings[name, label] = statistics.median(r[2] for r in runs)
				check(
					all(r[0] == 200 and comparable(method, r[1]) == expected[label] for r in runs),
					f"{name}: {label} answers 200, equal to the primary (5 calls)",
				)

		measure("replica up")

		print(
			"\n## Replica lagging (STOP REPLICA: not replicating, over replica_max_lag): the primary answers\n"
		)
		replica_sql("stop replica; truncate mysql.general_log")
		measure("replica lagging")
		seen = replica_log(db_user)
		asked = sorted({s.split(" /*")[0] for s in seen})
		check(
			all(
				s.startswith(("Connect", "Query: SET ", "Query: set ", "Query: show replica status"))
				for s in asked
			),
			"the lagging replica was asked nothing but its status: " + "; ".join(asked),
		)
		replica_sql("start replica")

		print("\n## Replica down (mariadb-admin shutdown): the primary answers\n")
		subprocess.run(["mariadb-admin", f"--socket={SOCKET}", "-uroot", "shutdown"], check=True)
		time.sleep(1)
		measure("replica down")
		for label, method, params in todo:
			status, message, _ = call(server, auth, method, params)
			check(
				status == 200 and comparable(method, message) == expected[label],
				f"replica down: {label} answers",
			)
		status, _, _ = call(
			server, auth, "frappe.desk.reportview.get", {"doctype": "Client Card", "fields": ["name"]}
		)
		print(
			f"- for contrast, Frappe's own read_only frappe.desk.reportview.get (not the app's) answers {status} "
			"with the replica down"
		)

		print("\n## Median of 5 calls (HTTP, bench serve)\n")
		print("| call | replica up | replica lagging (primary) | replica down (primary) |")
		print("| --- | ---: | ---: | ---: |")
		for label, _, _ in receivables:
			cells = " | ".join(
				f"{timings[name, label] * 1000:.0f} ms"
				for name in ("replica up", "replica lagging", "replica down")
			)
			print(f"| {label} | {cells} |")
	finally:
		server.stop()
		if subprocess.run(
			["mariadb-admin", f"--socket={SOCKET}", "-uroot", "ping"], capture_output=True
		).returncode:
			print("\nstarting the replica again (setup_replica.sh)")
			subprocess.run(
				["bash", str(HERE / "setup_replica.sh"), args.site], check=True, stdout=subprocess.DEVNULL
			)
		replica_sql("set global general_log = OFF")
		frappe.destroy()

	print(f"\n{len(failures)} checks failed" if failures else "\nall checks passed")
	sys.exit(1 if failures else 0)


if __name__ == "__main__":
	main()
