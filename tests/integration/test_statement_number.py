"""A settlement statement has a number a client can quote back (CB4, issue 15): new ones are named by the
series SR-.YYYY.-.MM.-.####, the printed statement shows it, and the statements made before keep theirs."""

import re

import frappe
from frappe.utils import add_months, get_first_day, get_last_day, getdate, nowdate

from account_manager.patches.v15_0 import settlement_reconciliation_naming_series as patch
from account_manager.tests.utils import default_company, make_customer

LAST_MONTH = get_first_day(add_months(nowdate(), -1))


def reconciliation(**fields):
	return frappe.get_doc(
		{
			"doctype": "Settlement Reconciliation",
			"customer": make_customer().name,
			"company": default_company(),
			"from_date": LAST_MONTH,
			"to_date": get_last_day(LAST_MONTH),
			**fields,
		}
	)


def test_a_new_statement_is_numbered_by_the_series_and_printed_with_its_number():
	today = getdate(nowdate())
	first, second = reconciliation().insert(), reconciliation().insert()

	pattern = rf"SR-{today:%Y}-{today:%m}-(\d{{4}})"
	numbers = [int(re.fullmatch(pattern, doc.name).group(1)) for doc in (first, second)]
	assert numbers[1] == numbers[0] + 1
	html = frappe.get_print("Settlement Reconciliation", first.name, print_format="Settlement Statement")
	assert first.name in html


def test_the_patch_renames_no_statement_made_before_and_it_can_still_be_answered():
	old = reconciliation().insert(set_name="rc46vtdu64")  # named by hash, as before the series
	old.db_set({"naming_series": None, "status": "Sent"}, update_modified=False)

	patch.execute()
	patch.execute()  # safe to run again

	assert frappe.db.get_value("Settlement Reconciliation", old.name, "naming_series") == patch.SERIES
	answered = frappe.get_doc("Settlement Reconciliation", "rc46vtdu64")
	answered.dispute(client_closing_balance=10)  # saved: the mandatory series does not refuse it
	assert frappe.db.get_value("Settlement Reconciliation", "rc46vtdu64", "status") == "Disputed"
