"""The site's database gone for a while, as a MariaDB restart does it to the site (issue 26, item 4).

Every connection of the site's database user is killed mid-query, and new ones are refused (ACCOUNT LOCK)
until `end()`. It is done to this site's database user only, as the harness's MariaDB admin, so the other
sites of a shared MariaDB server keep running.

	with Outage():
		...  # requests and jobs of this site find no database
"""

import frappe


def db_admin(sql: str) -> str:
	from harness import services  # the checkout's harness: tests run from the checkout

	res = services.db_admin(sql)
	assert res.returncode == 0, res.stderr
	return res.stdout


class Outage:
	"""The site's database gone: its user's connections killed, new ones refused; then back."""

	def __init__(self):
		self.user = frappe.conf.db_user or frappe.conf.db_name
		self.hosts = db_admin(f"select host from mysql.user where user='{self.user}'").split()

	def begin(self):
		db_admin("; ".join(f"alter user '{self.user}'@'{host}' account lock" for host in self.hosts))
		ids = db_admin(f"select id from information_schema.processlist where user='{self.user}'").split()
		for connection in ids:
			db_admin(f"kill connection {connection}")  # ours too: a request cut as any other

	def end(self):
		db_admin("; ".join(f"alter user '{self.user}'@'{host}' account unlock" for host in self.hosts))
		frappe.db.connect()  # this process's connection, as the next request opens one

	def __enter__(self):
		self.begin()
		return self

	def __exit__(self, *exc):
		self.end()
