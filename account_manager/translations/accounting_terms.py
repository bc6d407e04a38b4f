"""The app's accounting Polish for ERPNext's own labels: an opt-in of the System Manager.

The app's catalogue (`pl.csv`) changes only the app's screens: a string Frappe or ERPNext also
translate carries a context there. Some of ERPNext's Polish labels are poor accounting Polish
("Wybitny" for Outstanding, "Grupa" for Party); the better terms live in `accounting_terms/<lang>.csv`,
which Frappe does not read by itself. Ticking *Accounting Polish on ERPNext Screens* in Account
Manager Settings writes them as Frappe **Translation** records (visible and editable in the
Translation list); unticking removes the ones still as the app wrote them.
"""

import csv
from pathlib import Path

import frappe

CATALOGUE_DIR = Path(__file__).resolve().parent / "accounting_terms"


def catalogue(lang: str) -> dict[str, str]:
	"""{ERPNext's English label: the app's accounting term} for one language."""
	path = CATALOGUE_DIR / f"{lang}.csv"
	if not path.exists():
		return {}
	with path.open(encoding="utf-8", newline="") as f:
		return {row[0]: row[1] for row in csv.reader(f) if len(row) >= 2}


def languages() -> list[str]:
	return sorted(path.stem for path in CATALOGUE_DIR.glob("*.csv"))


def apply(enable: bool) -> int:
	"""Write (or remove) the terms as Translations; the number of records written or removed."""
	changed = 0
	for lang in languages():
		if not frappe.db.exists("Language", lang):
			continue
		for source, translated in catalogue(lang).items():
			existing = frappe.get_all(
				"Translation",
				filters={"language": lang, "source_text": source, "context": ("is", "not set")},
				fields=["name", "translated_text"],
			)
			if enable and not existing:
				frappe.get_doc(
					{
						"doctype": "Translation",
						"language": lang,
						"source_text": source,
						"translated_text": translated,
					}
				).insert(ignore_permissions=True)
				changed += 1
			elif not enable:
				# an admin's own wording of the same label is theirs: only the app's rows go
				for row in existing:
					if row.translated_text == translated:
						frappe.delete_doc("Translation", row.name, ignore_permissions=True)
						changed += 1
	return changed


def applied(lang: str = "pl") -> dict[str, str]:
	"""The catalogue's terms that a Translation record currently sets as the app wrote them."""
	terms = catalogue(lang)
	rows = frappe.get_all(
		"Translation",
		filters={"language": lang, "source_text": ("in", list(terms) or [""])},
		fields=["source_text", "translated_text", "context"],
	)
	return {
		r.source_text: r.translated_text
		for r in rows
		if not r.context and terms.get(r.source_text) == r.translated_text
	}
