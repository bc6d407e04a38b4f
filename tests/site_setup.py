"""Complete ERPNext's setup wizard on a fresh site of the harness: the test site of ./run-tests, and the
demo site of ./run-demo (a Polish wholesaler of its own name).

Usage: <bench>/env/bin/python tests/site_setup.py <site> [--company NAME --abbr ABBR
       --full-name NAME --email EMAIL --password PASSWORD]   (cwd: <bench>/sites)
"""

import argparse
import sys

import frappe
from frappe.utils import getdate, nowdate

TEST_COMPANY = "AM Test Company"


def main(argv: list[str]) -> None:
	parser = argparse.ArgumentParser(description="ERPNext's setup wizard for a Polish company")
	parser.add_argument("site")
	parser.add_argument("--company", default=TEST_COMPANY)
	parser.add_argument("--abbr", default="AMT")
	parser.add_argument("--full-name", default="Test Administrator")
	parser.add_argument("--email", default="test-admin@example.com")
	parser.add_argument("--password", default="test-admin-password")
	args = parser.parse_args(argv)
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		setup_company(args.company, args.abbr, args.full_name, args.email, args.password)
		frappe.db.commit()
	finally:
		frappe.destroy()


def setup_company(
	company: str = TEST_COMPANY,
	abbr: str = "AMT",
	full_name: str = "Test Administrator",
	email: str = "test-admin@example.com",
	password: str = "test-admin-password",
) -> None:
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
			"full_name": full_name,
			"email": email,
			"password": password,
			"company_name": company,
			"company_abbr": abbr,
			"chart_of_accounts": "Standard",
			"fy_start_date": f"{year}-01-01",
			"fy_end_date": f"{year}-12-31",
			"setup_demo": 0,
		}
	)
	if not frappe.db.exists("Company", company):
		sys.exit(f"setup wizard did not create {company}")
	# tests post documents dated weeks back, which in January falls in the year before
	frappe.get_doc(
		{
			"doctype": "Fiscal Year",
			"year": str(year - 1),
			"year_start_date": f"{year - 1}-01-01",
			"year_end_date": f"{year - 1}-12-31",
		}
	).insert(ignore_if_duplicate=True)
	print(f"setup wizard done: {company} (Poland, PLN, fiscal year {year})")


if __name__ == "__main__":
	main(sys.argv[1:])
