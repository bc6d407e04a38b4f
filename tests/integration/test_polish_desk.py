"""A Polish user sees the app in Polish: Frappe loads translations/pl.csv of this checkout."""

import csv

import pytest

import frappe
from frappe import _
from frappe.desk.query_report import run as run_report
from frappe.translate import clear_cache, get_all_translations, get_user_lang

from account_manager.api import client_status
from account_manager.tests.utils import default_company, make_user
from account_manager.translations.extract import TRANSLATIONS_DIR


@pytest.fixture
def polish():
	"""A desk user whose Language is pl, logged in as a request would set it up."""
	clear_cache()  # a merged dictionary cached before this checkout's pl.csv was installed
	user = make_user()
	frappe.db.set_value("User", user, "language", "pl")
	frappe.clear_cache(user=user)
	frappe.set_user(user)
	frappe.local.lang = get_user_lang(user)
	yield user
	frappe.local.lang = "en"


def test_the_users_language_setting_switches_the_app_to_polish(polish):
	assert frappe.local.lang == "pl"
	assert _("Client Card") == "Karta klienta"
	assert _("Account Manager") == "Opiekun klienta"
	assert _("Out of Stock") == "Brak na stanie"
	assert _("Client Card {0} does not exist.").format("KK-1") == "Karta klienta KK-1 nie istnieje."


def test_english_stays_english():
	frappe.local.lang = "en"
	assert _("Client Card") == "Client Card"


def test_bad_input_is_refused_in_polish(polish):
	with pytest.raises(frappe.ValidationError) as refused:
		client_status("Supplier", "anything")
	assert "Typ kontrahenta musi być jednym z" in str(refused.value)


def test_report_columns_come_in_polish(polish):
	frappe.set_user("Administrator")  # sees every client; the language stays the user's
	columns = run_report("Client Receivables", filters={"company": default_company()})["columns"]
	labels = {c["fieldname"]: c["label"] for c in columns}
	assert labels["overdue"] == "Przeterminowane"
	assert labels["outstanding"] == "Do zapłaty"


def test_desk_receives_this_apps_polish_wording_over_erpnexts(polish):
	"""The browser's __() reads the merged dictionary: every row of pl.csv is in it, ours winning
	over ERPNext's own Polish where both translate a string (e.g. "Outstanding")."""
	merged = get_all_translations("pl")
	with (TRANSLATIONS_DIR / "pl.csv").open(encoding="utf-8", newline="") as f:
		rows = list(csv.reader(f))
	for row in rows:
		key = f"{row[0]}:{row[2]}" if len(row) == 3 else row[0]
		assert merged.get(key) == row[1], key
	assert merged["Range:Client Card"] == "Asortyment"


def test_the_settlement_statement_prints_in_polish(polish):
	frappe.set_user("Administrator")
	statement = frappe.get_doc(
		{
			"doctype": "Settlement Reconciliation",
			"company": default_company(),
			"customer": "Any Client",
			"from_date": "2026-01-01",
			"to_date": "2026-01-31",
			"entries": [],
		}
	)
	html = frappe.get_print(
		"Settlement Reconciliation", None, print_format="Settlement Statement", doc=statement
	)
	for polish_text in (
		"Zestawienie rozrachunków",
		"Saldo początkowe",
		"Saldo końcowe",
		'<th class="num">Winien</th>',
		'<th class="num">Ma</th>',
	):
		assert polish_text in html, polish_text
	assert "Statement of Account" not in html
