"""The WSGI application ./run-tests serves the test site with under gunicorn (several worker processes,
as a production bench runs): Frappe's, fixed to the site named in AM_TEST_SITE (as `bench serve --site`
does), with the static files of sites/ (/assets, /files), which a production bench leaves to nginx; wrapped as
account_manager.wsgi wraps it for a production bench (a clear 503 while the database is unreachable).

    gunicorn --chdir <bench>/sites harness.web:application     (this checkout on PYTHONPATH)
"""

import os

import frappe.app

from account_manager.outage import DatabaseOutageMiddleware

frappe.app._site = os.environ["AM_TEST_SITE"]
frappe.app._sites_path = "."
application = DatabaseOutageMiddleware(frappe.app.application_with_statics())
