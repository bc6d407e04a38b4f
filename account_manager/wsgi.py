"""Frappe's WSGI application, answering clearly while the site's database is unreachable.

A bench serves `frappe.app:application` with gunicorn (Procfile, supervisor.conf). Serve this one in its
place to give a request during a database outage an HTTP 503 and a translated message instead of a bare
"Internal Server Error" (account_manager/outage.py):

    gunicorn ... account_manager.wsgi:application
"""

import frappe.app

from account_manager.outage import DatabaseOutageMiddleware

application = DatabaseOutageMiddleware(frappe.app.application)
