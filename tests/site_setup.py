"""Complete ERPNext's setup wizard on the harness's fresh test site (run by ./run-tests).

Usage: <bench>/env/bin/python tests/site_setup.py <site>   (cwd: <bench>/sites)
"""

import sys

import frappe
from frappe.utils import getdate, nowdate

TEST_COMPANY = "AM Test Company"


def main(site: str) -> None:
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		setup_company()
		frappe.db.commit()
	finally:
		frappe.destroy()


def setup_company() -> None:
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	if frappe.db.a_row_exists("Company"):
		return
	year = getdate(nowdate()).year
	setup_complete(
		{
			"language": "English",
			"country": "Poland",
			"timezone": "Europe/Warsaw",
			"currency": "PLN",
			"full_name": "Test Administrator",
			"email": "test-admin@example.com",
			"password": "test-admin-password",
			"company_name": TEST_COMPANY,
			"company_abbr": "AMT",
			"chart_of_accounts": "Standard",
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"setup_demo": 0,
		}
	)
	if not frappe.db.exists("Company", TEST_COMPANY):
		sys.exit(f"setup wizard did not create {TEST_COMPANY}")
	# tests post documents dated weeks back, which in January falls in the year before
	frappe.get_doc(
		{
			"doctype": "Fiscal Year",
			"year": str(year - 1),
			"year_start_date": f"{year - 1}-01-01",
			"year_end_date": f"{year - 1}-12-31",
		}
	).insert(ignore_if_duplicate=True)
	print(f"setup wizard done: {TEST_COMPANY} (Poland, PLN, fiscal year {year})")


if __name__ == "__main__":
	main(sys.argv[1])
