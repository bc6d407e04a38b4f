"""A Polish user sees the app in Polish: Frappe loads translations/pl.csv of this checkout, and the app's
catalogue leaves the screens of Frappe and ERPNext as they translate them (issue 12, item 5)."""

import csv

import pytest

import frappe
from frappe import _
from frappe.desk.query_report import run as run_report
from frappe.translate import clear_cache, get_all_translations, get_translations_from_apps, get_user_lang

from account_manager.api import client_status
from account_manager.tests.rest import RestClient
from account_manager.tests.utils import default_company, make_user
from account_manager.translations import accounting_terms
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
	assert _("Account Manager") == "Menadżer konta"  # ERPNext's own word for the Customer's field
	assert _("Out of Stock", context="Commercial Offer Item") == "Brak na stanie"
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


def test_desk_receives_every_row_of_this_apps_catalogue(polish):
	"""The browser's __() reads the merged dictionary: every row of pl.csv is in it, a row with a
	context under `source:context` (the desk's __(label, null, doctype))."""
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


# -- The app's Polish leaves Frappe's and ERPNext's own screens alone -------------------------------------


def erpnexts_word(label: str) -> str:
	"""How Frappe and ERPNext themselves put a label in Polish, against each major's catalogue: v15's
	translations/pl.csv says "Wybitny" for Outstanding, v16's locale/pl.po leaves it untranslated, so
	the English label reads."""
	return get_translations_from_apps("pl", apps=["frappe", "erpnext"]).get(label) or label


def test_every_label_frappe_and_erpnext_translate_reads_as_they_translate_it():
	"""With the app installed (and the opt-in off), each of the thousands of strings Frappe and ERPNext
	translate to Polish reads exactly as they translate it: the app's catalogue adds, never replaces."""
	assert accounting_terms.applied("pl") == {}, "the opt-in is off on a fresh install"
	theirs = get_translations_from_apps("pl", apps=["frappe", "erpnext"])
	with_the_app = get_translations_from_apps("pl")  # every installed app, this one included
	assert "account_manager" in frappe.get_installed_apps()
	assert len(theirs) > 2_000  # v15's CSV catalogues: over 10,000 strings; v16's .po: some 3,000
	replaced = {
		key: (value, with_the_app.get(key)) for key, value in theirs.items() if with_the_app.get(key) != value
	}
	assert replaced == {}

	clear_cache()
	everything = get_all_translations("pl")
	for label in ("Outstanding", "Party", "Party Type", "Credit", "Balance", "Dunning", "Submitted", "Open"):
		assert everything.get(label) == theirs.get(label), label
	# ERPNext's word, however poor, on ERPNext's screens (v15: "Wybitny"; v16 leaves it in English)
	assert everything.get("Outstanding", "Outstanding") == erpnexts_word("Outstanding") != "Do zapłaty"


def test_the_apps_own_screens_use_the_glossary(polish):
	"""The same English label reads the app's way on the app's DocTypes, reports and print formats."""
	assert _("Outstanding", context="Client Card") == "Do zapłaty"
	assert _("Outstanding", context="Client Receivables") == "Do zapłaty"
	assert _("Party", context="Client Card") == "Kontrahent"
	assert _("Party Type", context="Commercial Offer") == "Typ kontrahenta"
	assert _("Submitted", context="Account Manager Report") == "Zatwierdzone"
	assert _("Approve", context="Account Manager Report") == "Zaakceptuj"
	assert _("Sent", context="Commercial Offer") == "Wysłane"
	assert _("Expired", context="Commercial Offer") == "Wygasłe"
	assert _("Client Call") == "Połączenie z klientem"
	assert _("Sales Order") == "Zlecenie sprzedaży"
	assert _("Orders need Sales Head approval") == "Zlecenia sprzedaży wymagają zgody kierownika sprzedaży"
	# and ERPNext's screens, looked up without the app's contexts, keep ERPNext's words
	assert _("Outstanding") == erpnexts_word("Outstanding")
	assert _("Party") == erpnexts_word("Party")


@pytest.fixture
def terms_off():
	"""The opt-in as a fresh install has it, restored (and the translation cache with it) afterwards."""
	frappe.db.set_single_value("Account Manager Settings", "accounting_terms_on_erpnext", 0)
	yield
	frappe.db.rollback()
	clear_cache()


def test_the_system_manager_opts_in_to_accounting_polish_on_erpnext_screens(polish, terms_off):
	frappe.set_user("Administrator")
	own = frappe.get_doc(
		{"doctype": "Translation", "language": "pl", "source_text": "Party", "translated_text": "Strona"}
	).insert()
	settings = frappe.get_single("Account Manager Settings")
	settings.accounting_terms_on_erpnext = 1
	settings.save()

	terms = accounting_terms.catalogue("pl")
	assert _("Outstanding") == "Do zapłaty"  # on ERPNext's own screens too, now
	assert _("Dunning") == "Wezwanie do zapłaty"
	assert _("Party") == "Strona", "the admin's own wording of a label is kept"
	assert accounting_terms.applied("pl") == {k: v for k, v in terms.items() if k != "Party"}
	assert frappe.db.count("Translation", {"language": "pl", "source_text": ("in", list(terms))}) == len(
		terms
	)

	settings.reload()
	settings.accounting_terms_on_erpnext = 0
	settings.save()
	assert _("Outstanding") == erpnexts_word("Outstanding")
	assert accounting_terms.applied("pl") == {}
	assert frappe.db.get_value("Translation", own.name, "translated_text") == "Strona"


def test_only_a_system_manager_changes_how_erpnexts_screens_read(terms_off):
	"""The Sales Head may write Account Manager Settings, but not ERPNext's labels for the whole site."""
	head = make_user(roles=("Sales Head", "Sales User"))
	manager = make_user()
	translations_before = frappe.db.count("Translation")
	for user in (head, manager):
		reply = RestClient(user).write(
			"Account Manager Settings", "Account Manager Settings", {"accounting_terms_on_erpnext": 1}
		)
		assert reply.status == 403, (user, reply.status, reply.body)
		assert frappe.db.get_single_value("Account Manager Settings", "accounting_terms_on_erpnext") == 0
		assert frappe.db.count("Translation") == translations_before
	reply = RestClient(head).write(
		"Account Manager Settings", "Account Manager Settings", {"card_review_days": 45}
	)
	assert reply.status == 200, reply.body
	assert frappe.db.get_single_value("Account Manager Settings", "card_review_days") == 45
