"""Client Cards imported with Frappe's Data Import (issue 12, CB17): owner, segment and terms from a CSV of
the Data Import template's columns; a bad row fails with its message and the others are imported.

Frappe's importer commits after every row, so this test cannot be rolled back like the others: what it
makes carries one prefix and is deleted (and committed) when it ends.
"""

import csv
import io

import pytest

import frappe
from frappe.core.doctype.data_import.data_import import start_import
from frappe.utils import random_string

from account_manager.tests.utils import make_customer, make_user

ROWS = 100


@pytest.fixture
def prefix():
	prefix = f"_Test Import {random_string(5)}"
	frappe.db.commit()
	yield prefix
	frappe.db.rollback()
	customers = frappe.get_all("Customer", filters={"name": ("like", f"{prefix}%")}, pluck="name")
	for doctype, field in (("Client Card", "party"), ("Customer Credit Limit", "parent")):
		frappe.db.delete(doctype, {field: ("in", customers or [""])})
	frappe.db.delete("Customer", {"name": ("in", customers or [""])})
	imports = frappe.get_all("Data Import", filters={"reference_doctype": "Client Card"}, pluck="name")
	frappe.db.delete("Data Import Log", {"data_import": ("in", imports or [""])})
	frappe.db.delete("Data Import", {"name": ("in", imports or [""])})
	frappe.db.delete("File", {"file_name": ("like", "client-cards-%.csv")})
	frappe.db.delete("User", {"name": ("like", "am-import-%")})
	frappe.db.delete("Has Role", {"parent": ("like", "am-import-%")})
	frappe.db.commit()


def test_a_csv_of_client_cards_is_imported_and_a_bad_row_fails_alone(prefix):
	manager = make_user(f"am-import-{random_string(6).lower()}@example.com")
	clerk = make_user(f"am-import-{random_string(6).lower()}@example.com", roles=("Sales User",))
	customers = [make_customer(f"{prefix} {i:03d}").name for i in range(ROWS + 1)]
	frappe.db.delete("Client Card", {"party": ("in", customers)})  # customers of a site without the app yet

	rows = [["Party Type", "Party", "Account Manager", "Company", "Segment", "Overdue Tolerance (Days)"]]
	company = frappe.db.get_single_value("Global Defaults", "default_company")
	for i, customer in enumerate(customers[:ROWS]):
		rows.append(["Customer", customer, manager if i % 2 else "", company, "ABC"[i % 3], 14])
	rows.append(["Customer", f"{prefix} No Such Client", manager, company, "A", 14])  # no such party
	rows.append(["Customer", customers[ROWS], clerk, company, "A", 14])  # not an Account Manager
	buffer = io.StringIO()
	csv.writer(buffer).writerows(rows)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"client-cards-{random_string(5)}.csv",
			"content": buffer.getvalue(),
			"is_private": 1,
		}
	).insert()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": "Client Card",
			"import_type": "Insert New Records",
			"import_file": file.file_url,
		}
	).insert()
	frappe.db.commit()

	start_import(data_import.name)  # what the Data Import form's Start Import runs in a worker

	cards = frappe.get_all(
		"Client Card",
		filters={"party": ("in", customers)},
		fields=["party", "account_manager", "segment", "overdue_tolerance_days"],
	)
	assert len(cards) == ROWS
	by_party = {c.party: c for c in cards}
	assert by_party[customers[1]].account_manager == manager
	assert by_party[customers[0]].account_manager is None  # the unassigned pool
	assert by_party[customers[2]].segment == "C" and by_party[customers[2]].overdue_tolerance_days == 14
	assert frappe.db.get_value("Customer", customers[1], "account_manager") == manager
	assert customers[ROWS] not in by_party  # nothing half-written for the bad rows

	logs = frappe.get_all(
		"Data Import Log", filters={"data_import": data_import.name, "success": 0}, fields=["messages"]
	)
	messages = " ".join(log.messages or "" for log in logs)
	assert len(logs) == 2
	assert "No Such Client" in messages and "not an Account Manager" in messages
	assert frappe.db.get_value("Data Import", data_import.name, "status") == "Partial Success"
