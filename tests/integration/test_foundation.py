"""The app on a real ERPNext site: what install brings, and real ERPNext records around it."""

import pytest

import frappe

from account_manager.install import (
	MissingAppError,
	UnsupportedDatabaseError,
	check_database,
	check_required_apps,
)
from account_manager.tests.utils import (
	default_company,
	make_customer,
	make_item,
	receive_stock,
	stores_warehouse,
)

APP_ROLES = ("Account Manager", "Sales Head", "Logistics Manager")


def test_site_is_an_erpnext_site_with_a_polish_test_company():
	assert {"frappe", "erpnext", "account_manager"} <= set(frappe.get_installed_apps())
	company = frappe.get_doc("Company", default_company())
	assert (company.country, company.default_currency) == ("Poland", "PLN")


@pytest.mark.parametrize("role", APP_ROLES)
def test_install_creates_roles_with_desk_access(role):
	assert frappe.db.get_value("Role", role, "desk_access") == 1


def test_install_creates_workspace_for_managers():
	workspace = frappe.get_doc("Workspace", "Account Manager")
	assert workspace.module == "Account Manager"
	assert {"Account Manager", "Sales Head"} <= {r.role for r in workspace.roles}


def test_contact_gets_birthday_and_decision_maker_fields():
	meta = frappe.get_meta("Contact")
	assert meta.get_field("birthday").fieldtype == "Date"
	assert meta.get_field("is_decision_maker").fieldtype == "Check"


def test_settings_have_defaults():
	assert frappe.db.get_single_value("Account Manager Settings", "card_review_days") == 30


def test_customers_account_manager_is_indexed_and_stays_so_through_schema_syncs():
	from account_manager.install import PORTFOLIO_INDEX

	assert frappe.db.has_index("tabCustomer", PORTFOLIO_INDEX)  # every portfolio rule filters on it
	# the Property Setter makes Frappe's schema sync of Customer keep the index rather than drop it
	assert frappe.get_meta("Customer").get_field("account_manager").search_index == 1


def test_customer_is_written_and_read_back():
	customer = make_customer(account_manager="Administrator")
	assert frappe.db.get_value("Customer", customer.name, "account_manager") == "Administrator"


def test_material_receipt_fills_the_bin():
	item = make_item()
	warehouse = stores_warehouse()
	assert not frappe.db.exists("Bin", {"item_code": item.name, "warehouse": warehouse})

	receive_stock(item.name, 12, warehouse)
	receive_stock(item.name, 3, warehouse)

	assert frappe.db.get_value("Bin", {"item_code": item.name, "warehouse": warehouse}, "actual_qty") == 15


def test_rollback_isolates_tests():
	"""Records of the tests above were rolled back: no test item is left on the site."""
	assert not frappe.db.exists("Item", {"item_code": ("like", "_Test AM Item %")})


def test_install_refuses_a_site_without_erpnext_naming_it():
	with pytest.raises(MissingAppError, match="erpnext"):
		check_required_apps(["frappe"])
	check_required_apps(["frappe", "erpnext"])  # does not raise


def test_install_refuses_postgres_saying_the_app_runs_on_mariadb():
	with pytest.raises(UnsupportedDatabaseError, match=r"MariaDB.*postgres"):
		check_database("postgres")
	check_database(frappe.db.db_type)  # this site's MariaDB: does not raise
