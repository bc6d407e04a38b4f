"""A background worker and a scheduler that serve one site only (run in the bench's Python by ./run-demo).

    <bench>/env/bin/python -m harness.site_jobs worker <site>      (cwd: <bench>/sites)
    <bench>/env/bin/python -m harness.site_jobs scheduler <site>

`bench worker` and `bench schedule` serve every site of the bench; the demo's should not run the jobs
of the developer's other sites (a test site, say). The demo site names a `bench_id` of its own in its
site_config.json, so Frappe puts its jobs on queues of their own (`<bench_id>:default`, ...): this
worker listens to those queues only, and this scheduler enqueues the scheduled jobs of that site only,
as Frappe's own scheduler does for each site on every tick.
"""

import sys
import time

import frappe


def worker(site: str):
	from rq import Worker

	from frappe.utils.background_jobs import get_queue_list, get_redis_conn

	frappe.init(site=site, sites_path=".")
	try:
		connection = get_redis_conn()
		queues = get_queue_list(build_queue_name=True)  # named after the site's bench_id
	finally:
		frappe.destroy()
	print(f"worker for {site} on the queues {', '.join(queues)}", flush=True)
	Worker(queues, connection=connection).work(
		logging_level="INFO", date_format="%Y-%m-%d %H:%M:%S", log_format="%(asctime)s %(message)s"
	)


def scheduler(site: str):
	from frappe.utils.scheduler import enqueue_events_for_site, get_scheduler_tick

	tick = get_scheduler_tick()
	print(f"scheduler for {site}: every {tick} s", flush=True)
	while True:
		time.sleep(tick)
		enqueue_events_for_site(site)


if __name__ == "__main__":
	{"worker": worker, "scheduler": scheduler}[sys.argv[1]](sys.argv[2])
