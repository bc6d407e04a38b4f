"""The WSGI application ./run-tests serves the test site with under gunicorn (several worker processes,
as a production bench runs): Frappe's, fixed to the site named in AM_TEST_SITE (as `bench serve --site`
does), with the static files of sites/ (/assets, /files), which a production bench leaves to nginx.

    gunicorn --chdir <bench>/sites harness.web:application     (this checkout on PYTHONPATH)
"""

import os

import frappe.app

frappe.app._site = os.environ["AM_TEST_SITE"]
frappe.app._sites_path = "."
application = frappe.app.application_with_statics()
