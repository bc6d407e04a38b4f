"""The app speaks Polish: every user-facing string has a translation in translations/pl.csv.

A string added later without its Polish translation fails here; list the missing ones with
`python3 account_manager/translations/extract.py --missing --where`."""

import csv
import json
import re

from account_manager.translations import extract as ex


def catalog_of(kind: str, text: str) -> ex.Catalog:
	catalog = ex.Catalog()
	if kind == "py":
		ex.extract_python(text, "snippet.py", catalog)
	elif kind == "code":
		ex.extract_code(text, "snippet.js", catalog)
	else:
		ex.extract_json(json.loads(text), "snippet.json", catalog)
	return catalog


def test_every_string_of_the_app_has_a_polish_translation():
	strings, missing, _translations = ex.coverage("pl")
	assert len(strings) > 400, "the extractor lost most of the app's strings"
	catalog = ex.extract()
	assert not missing, (
		f"{len(missing)} of {len(strings)} strings have no Polish translation in pl.csv:\n"
		+ ("\n".join(f"  {text!r}  ({catalog.strings[text][0]})" for text in missing))
	)


def test_polish_translations_keep_placeholders_and_html_tags():
	assert ex.mismatches(ex.read_translations("pl")) == []


def test_polish_file_is_well_formed():
	path = ex.TRANSLATIONS_DIR / "pl.csv"
	with path.open(encoding="utf-8", newline="") as f:
		rows = list(csv.reader(f))
	assert rows
	for row in rows:
		assert len(row) in (2, 3), row
		assert row[0] == row[0].strip() and row[1] and row[1] == row[1].strip(), row
	assert ex.duplicate_sources("pl") == []


def test_the_code_translates_whole_literals_only():
	"""No f-string, concatenation or HTML inside _(): Frappe could not find their translation."""
	assert ex.extract().problems == []


def test_the_catalog_covers_every_kind_of_string():
	strings = ex.extract().strings
	for text in (
		"Client Card",  # DocType name
		"Overdue Tolerance (Days)",  # field label
		"Out of Stock",  # Select option
		# field description
		"ABC by the gross margin the client brings: the Client Segmentation report suggests it from ERPNext",
		"Client Data Bank",  # workspace header, without its HTML
		"Calls Today",  # number card
		"Calls per Working Day",  # dashboard chart
		"Follow-up Queue",  # report name
		"Credit Used %",  # report column label in Python
		"Log Call",  # __() in JavaScript
		"Statement of Account",  # _() in a Jinja print format
		"Settlement Statement",  # print format name
		"Logistics Manager",  # fixture Role
		"Debt Approved By",  # fixture Custom Field label
		"Choose a company.",  # frappe.throw message
		"Account Manager",  # module
	):
		assert text in strings, text


def test_extractor_reads_python_messages_and_reports_misuse():
	catalog = catalog_of(
		"py",
		'from frappe import _\n_("Plain {0}").format(1)\n_("With context", context="Ctx")\n'
		'_(f"Bad {x}")\n_("Half " + y)\n_("<b>Bold</b>")\n_(variable)\n',
	)
	assert {"Plain {0}", "With context", "<b>Bold</b>"} <= set(catalog.strings)
	problems = "\n".join(catalog.problems)
	assert "f-string" in problems and "expression" in problems and "HTML" in problems


def test_extractor_reads_javascript_and_jinja_calls():
	catalog = catalog_of(
		"code",
		'frm.add_custom_button(__("Log Call"), () => 1);\n'
		"frappe.msgprint(__('It\\'s {0}', [name]));\n"
		'{{ _("Totals") }} {{ _("For {0}").format(doc.company) }}\n'
		'my_("not a call"); __(`Plain template`); __(`Bad ${x}`); __("Concat " + x)\n',
	)
	assert {"Log Call", "It's {0}", "Totals", "For {0}", "Plain template"} <= set(catalog.strings)
	assert "not a call" not in catalog.strings
	problems = "\n".join(catalog.problems)
	assert "template literal" in problems and "concatenation" in problems


def test_extractor_reads_doctype_select_options_one_by_one():
	doctype = {
		"doctype": "DocType",
		"name": "Thing",
		"fields": [
			{"fieldname": "status", "fieldtype": "Select", "label": "State", "options": "\nOpen\nClosed"},
			{"fieldname": "segment", "fieldtype": "Select", "options": "A\nB\nC"},
			{"fieldname": "naming_series", "fieldtype": "Select", "options": "TH-.#####"},
			{"fieldname": "note", "fieldtype": "Data", "description": "A hint"},
		],
		"links": [{"group": "Orders", "link_doctype": "Sales Order"}],
	}
	strings = set(catalog_of("json", json.dumps(doctype)).strings)
	assert strings == {"Thing", "State", "Open", "Closed", "A hint", "Orders"}


def test_placeholder_check_catches_a_lost_or_renumbered_placeholder():
	assert ex.mismatches({"{0} of {1}": "{0} z {1}", "<b>{0}</b>": "<b>{0}</b>"}) == []
	assert len(ex.mismatches({"{0} of {1}": "{0} z {0}"})) == 1
	assert len(ex.mismatches({"Row {0}": "Wiersz"})) == 1
	assert len(ex.mismatches({"<b>Bold</b>": "Pogrubione"})) == 1


# -- The glossary ---------------------------------------------------------------------------------------

GLOSSARY = ex.TRANSLATIONS_DIR / "GLOSSARY.md"
CELL = re.compile(r"(?<!\\)\|")


def glossary_rules() -> list[dict]:
	"""The machine-checked table of GLOSSARY.md: term, English regex, Polish, must contain, never."""
	rules = []
	for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
		cells = [c.strip().replace("\\|", "|").strip("`") for c in CELL.split(line)[1:-1]]
		if len(cells) != 5 or cells[0] in ("Term", "---"):
			continue
		term, english, _polish, must, never = cells
		never = never.split("`")[0].strip()
		rules.append({"term": term, "english": re.compile(english, re.I), "must": must, "never": never})
	return rules


def test_the_glossary_is_read():
	terms = {rule["term"] for rule in glossary_rules()}
	assert {"Account Manager", "Sales Order", "Submit", "Approve", "Call", "Party"} <= terms


def test_the_catalogue_keeps_the_glossary():
	"""Every translation of a text naming a glossary term uses the glossary's word for it."""
	with (ex.TRANSLATIONS_DIR / "pl.csv").open(encoding="utf-8", newline="") as f:
		rows = [(row[0], row[1]) for row in csv.reader(f) if row]
	wrong = []
	for rule in glossary_rules():
		for source, translated in rows:
			if not rule["english"].search(source):
				continue
			if rule["must"] and not re.search(rule["must"], translated, re.I):
				wrong.append(f"{rule['term']}: {source!r} -> {translated!r} lacks {rule['must']!r}")
			never = rule["never"]
			if rule["term"] == "Approve" and re.search(r"\bsubmit", source, re.I):
				never = ""  # "approve ... before it can be submitted": zatwierdzić is the submit
			if never and re.search(never, translated, re.I):
				wrong.append(f"{rule['term']}: {source!r} -> {translated!r} uses {never!r}")
	assert wrong == [], "\n".join(wrong)


def test_statuses_are_in_one_grammatical_form():
	"""Each status of the app's DocTypes reads as a neuter participle (Wysłane, Przyjęte...), as the
	desk shows it: looked up with the DocType as context."""
	translations = ex.read_translations("pl")
	nouns = {"Wersja robocza", "Negocjacje"}
	statuses = []
	for path in (ex.APP_DIR / "account_manager" / "doctype").glob("*/*.json"):
		doctype = json.loads(path.read_text(encoding="utf-8"))
		for df in doctype.get("fields", []):
			if df.get("fieldname") == "status" and df.get("fieldtype") == "Select":
				for option in filter(None, (df.get("options") or "").split("\n")):
					statuses.append((doctype["name"], option))
	statuses += [("Account Manager Report", s) for s in ("Submitted", "Approved", "Late")]
	assert len(statuses) > 15
	wrong = []
	for doctype, status in statuses:
		polish = translations.get(f"{status}:{doctype}") or translations.get(status)
		if not polish or not (polish in nouns or re.fullmatch(r"\w+e", polish)):
			wrong.append(f"{doctype}: {status} -> {polish!r}")
	assert wrong == [], wrong


def test_the_corrections_a_native_reader_asked_for():
	"""Issue 27: the Polish a native reader marked, as it reads now."""
	pl = ex.read_translations("pl")
	assert pl["Add Commercial Offer"] == "Dodaj ofertę handlową"  # not "Dodaj Oferta handlowa"
	assert pl["Add Client Card"] == "Dodaj kartę klienta"
	assert pl["Add Offer Campaign"] == "Dodaj kampanię ofertową"
	assert pl["send it"] == "do wysłania"  # a statement "(do wysłania)", not "(wyślij je)"
	assert pl["Price Type (Price List)"] == "Cennik"
	assert pl["Available:Commercial Offer Item"] == "Dostępne"  # a column of quantities
	assert pl["Call Back"] == "Prosi o oddzwonienie"  # an outcome says what happened
	# menadżer, as ERPNext's own label of the Customer's field: one spelling (GLOSSARY.md)
	assert pl["Account Manager"] == "Menadżer konta"
	assert not [source for source, text in pl.items() if "menedżer" in text.lower()]
