#!/usr/bin/env python3
"""Every user-facing string of the app, and how much of it a translation file covers.

Plain Python (no frappe import), so CI and the unit tests can run it anywhere:

	python3 account_manager/translations/extract.py            # share translated to Polish
	python3 account_manager/translations/extract.py --missing  # and the strings still missing, as CSV
	python3 account_manager/translations/extract.py --lang de --missing

What counts as a string, following what Frappe v15 translates at render time (frappe/translate.py,
frappe/gettext/extractors/):
- `_("...")` / `_lt("...")` literals in Python (read with `ast`), `_("...")` in Jinja (.html, print
  formats) and `__("...")` in JavaScript and HTML templates;
- DocTypes: name, description, field labels and descriptions, Select options one by one,
  connection groups;
- reports (name, column and filter labels of the JSON), workspaces (label, shortcuts, links, cards,
  charts, header and paragraph text without its HTML), number cards, dashboard charts and chart
  sources, print formats (name and template);
- fixtures: Role names, Custom Field labels, descriptions and Select options; the module name;
- the few values the code translates through a variable (DYNAMIC below).
Tests (`tests/` folders and `test_*.py`) are not user-facing and are skipped.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

TRANSLATIONS_DIR = Path(__file__).resolve().parent
APP_DIR = TRANSLATIONS_DIR.parent  # the `account_manager` package

# Values that reach `_()` / `__()` through a variable and are not a Select option anywhere:
# the basis of the reliability score (rules/scoring.py), shown on the Client Card as __(basis).
DYNAMIC = {
	"history": "rules/scoring.py: Score.basis",
	"warning signs": "rules/scoring.py: Score.basis",
	"no data": "rules/scoring.py: Score.basis",
}

# Select options that read the same in every language are not strings to translate.
SELECT_SKIP = re.compile(r"^(\d+|[A-Z])$")
JINJA_OR_JS_CALL = re.compile(
	r"(?<![\w.$])(?P<fn>_{1,2})\(\s*"  # _( or __( not preceded by an identifier character
	r"(?P<q>['\"`])(?P<msg>(?:\\.|(?!(?P=q)).)*?)(?P=q)"  # a quoted literal
	r"\s*(?P<end>[,)+])",  # followed by an argument, the end of the call or a concatenation
	re.S,
)
# What may follow the message of a JavaScript `__(message, replace, "context")` or a Jinja
# `_(message, context="context")` call: the context, when it is a literal.
CODE_CONTEXT = re.compile(
	r"\s*(?:(?:null|undefined|\[[^\]]*\])\s*,\s*|context\s*=\s*)(?P<q>['\"])(?P<ctx>[^'\"]*)(?P=q)\s*\)"
)
PLACEHOLDER = re.compile(r"\{\d*\}|\{[A-Za-z_][A-Za-z0-9_]*\}")
HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


@dataclass
class Catalog:
	"""The app's strings, where each was found, and what is wrong in the code's use of `_()`."""

	strings: dict[str, list[str]] = field(default_factory=dict)
	# {text: {context or None}}: the contexts a string is looked up with (`_(text, context=...)`,
	# `__(text, null, context)`, a DocType's labels and options, which the desk translates with the
	# DocType's name as context). A `text:context` row of the CSV serves only that context.
	contexts: dict[str, set[str | None]] = field(default_factory=dict)
	problems: list[str] = field(default_factory=list)

	def add(self, text, where: str, context: str | None = None) -> None:
		if not isinstance(text, str):
			return
		text = text.strip()
		if is_translatable(text):
			self.strings.setdefault(text, []).append(where)
			self.contexts.setdefault(text, set()).add(context or None)


def is_translatable(text: str) -> bool:
	"""frappe.gettext.extractors.utils.is_translatable, plus: no template expressions."""
	return bool(
		re.search("[a-zA-Z]", text)
		and not text.startswith(("fa fa-", "eval:"))
		and not text.endswith("px")
		and "${" not in text
	)


def rel(path: Path) -> str:
	return str(path.relative_to(APP_DIR.parent))


def is_test_file(path: Path) -> bool:
	parts = path.relative_to(APP_DIR).parts
	return "tests" in parts or path.name.startswith("test_") or "translations" in parts


def source_files(*suffixes: str):
	for path in sorted(APP_DIR.rglob("*")):
		if path.suffix in suffixes and path.is_file() and not is_test_file(path):
			if "node_modules" in path.parts or "dist" in path.parts or "__pycache__" in path.parts:
				continue
			yield path


# Code -----------------------------------------------------------------------------------------------


def extract_python(text: str, where: str, catalog: Catalog) -> None:
	"""`_("...")` / `_lt("...")` literals of Python source, and `_()` calls Frappe cannot translate."""
	for node in ast.walk(ast.parse(text, filename=where)):
		if not (
			isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "_lt")
		):
			continue
		here = f"{where}:{node.lineno}"
		if not node.args:
			continue
		arg = node.args[0]
		if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
			catalog.add(arg.value, here, python_context(node))
			if HTML_TAG.search(arg.value):
				catalog.problems.append(f"{here}: HTML inside _(): frappe._ looks it up without its tags")
		elif isinstance(arg, ast.JoinedStr):
			catalog.problems.append(f"{here}: f-string inside _(): use _('... {{0}}').format(...)")
		elif isinstance(arg, ast.BinOp):
			catalog.problems.append(f"{here}: expression inside _(): translate a whole literal")


def python_context(node: ast.Call) -> str | None:
	"""The literal `context=` of a `_()` call, if any."""
	for keyword in node.keywords:
		if keyword.arg == "context" and isinstance(keyword.value, ast.Constant):
			return keyword.value.value
	return None


def extract_code(text: str, where: str, catalog: Catalog) -> None:
	"""`_("...")` / `__("...")` literals in JavaScript, Jinja and HTML templates."""
	for match in JINJA_OR_JS_CALL.finditer(text):
		line = text.count("\n", 0, match.start()) + 1
		message = match.group("msg")
		if match.group("end") == "+":
			catalog.problems.append(f"{where}:{line}: concatenation inside a translation call")
		if match.group("q") == "`" and "${" in message:
			catalog.problems.append(f"{where}:{line}: template literal with ${{}} inside __()")
			continue
		if match.group("fn") == "_" and HTML_TAG.search(message):
			catalog.problems.append(f"{where}:{line}: HTML inside _(): frappe._ looks it up without its tags")
		context = None
		if match.group("end") == ",":
			tail = CODE_CONTEXT.match(text, match.end())
			context = tail.group("ctx") if tail else None
		catalog.add(unescape(message), f"{where}:{line}", context)


def unescape(message: str) -> str:
	return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), message)


def html_text(html: str) -> str:
	"""The visible text of a small HTML fragment (a workspace header), as Frappe's desk reads it."""
	return re.sub(r"\s+", " ", HTML_TAG.sub("", html)).strip()


# Desk JSON ----------------------------------------------------------------------------------------


def extract_select(options: str | None, where: str, catalog: Catalog, context: str | None) -> None:
	values = [o for o in (options or "").split("\n") if o.strip()]
	if values and "icon" in values[0]:
		return
	for option in values:
		if not SELECT_SKIP.match(option.strip()):
			catalog.add(option, where, context)


def extract_doctype(data: dict, where: str, catalog: Catalog) -> None:
	catalog.add(data.get("name"), f"{where} (DocType name)")
	catalog.add(data.get("description"), f"{where} (description)")
	# The desk reads labels and options as __(label, null, df.parent): the DocType is their context.
	doctype = data.get("name")
	for df in data.get("fields", []):
		name = df.get("fieldname")
		catalog.add(df.get("label"), f"{where} ({name} label)", doctype)
		catalog.add(df.get("description"), f"{where} ({name} description)")
		if df.get("fieldtype") == "Select" and name not in ("naming_series",):
			extract_select(df.get("options"), f"{where} ({name} option)", catalog, doctype)
		if df.get("fieldtype") == "HTML" and df.get("options"):
			catalog.add(html_text(df["options"]), f"{where} ({name} HTML)")
	for link in data.get("links", []):
		catalog.add(link.get("group"), f"{where} (connections group)")


def extract_report(data: dict, where: str, catalog: Catalog) -> None:
	catalog.add(data.get("report_name"), f"{where} (report name)")
	for column in data.get("columns", []):
		catalog.add(column.get("label"), f"{where} (column)")
	for report_filter in data.get("filters", []):
		catalog.add(report_filter.get("label"), f"{where} (filter)")


def extract_workspace(data: dict, where: str, catalog: Catalog) -> None:
	catalog.add(data.get("label"), f"{where} (workspace)")
	catalog.add(data.get("title"), f"{where} (workspace)")
	for key in ("links", "shortcuts", "charts", "number_cards", "quick_lists", "custom_blocks"):
		for item in data.get(key, []):
			catalog.add(item.get("label"), f"{where} ({key})")
			catalog.add(item.get("description"), f"{where} ({key} description)")
			catalog.add(item.get("format"), f"{where} ({key} format)")
	for block in json.loads(data.get("content") or "[]"):
		if block.get("type") in ("header", "paragraph"):
			catalog.add(html_text(block.get("data", {}).get("text") or ""), f"{where} ({block['type']})")


def extract_print_format(data: dict, where: str, catalog: Catalog) -> None:
	catalog.add(data.get("name"), f"{where} (print format)")
	extract_code(data.get("html") or "", f"{where} (html)", catalog)


def extract_json(data, where: str, catalog: Catalog) -> None:
	"""The strings of one desk JSON file: a DocType, Report, Workspace... or a list of fixtures."""
	if isinstance(data, list):
		for record in data:
			extract_fixture(record, where, catalog)
		return
	kind = data.get("doctype")
	if kind == "DocType":
		extract_doctype(data, where, catalog)
	elif kind == "Report":
		extract_report(data, where, catalog)
	elif kind == "Workspace":
		extract_workspace(data, where, catalog)
	elif kind == "Number Card":
		catalog.add(data.get("label"), f"{where} (number card)")
	elif kind == "Dashboard Chart":
		catalog.add(data.get("chart_name"), f"{where} (chart)")
		for dataset in data.get("y_axis", []):
			catalog.add(dataset.get("label") if isinstance(dataset, dict) else None, f"{where} (chart)")
	elif kind == "Dashboard Chart Source":
		catalog.add(data.get("source_name"), f"{where} (chart source)")
	elif kind == "Print Format":
		extract_print_format(data, where, catalog)
	elif kind == "Dashboard":
		catalog.add(data.get("dashboard_name"), f"{where} (dashboard)")


def extract_fixture(record: dict, where: str, catalog: Catalog) -> None:
	kind = record.get("doctype")
	if kind == "Role":
		catalog.add(record.get("role_name") or record.get("name"), f"{where} (role)")
	elif kind == "Custom Field":
		name = record.get("name")
		catalog.add(record.get("label"), f"{where} ({name} label)", record.get("dt"))
		catalog.add(record.get("description"), f"{where} ({name} description)")
		if record.get("fieldtype") == "Select":
			extract_select(record.get("options"), f"{where} ({name} option)", catalog, record.get("dt"))
	elif kind == "Property Setter" and record.get("property") in ("label", "description"):
		catalog.add(record.get("value"), f"{where} ({record.get('name')})")
	elif kind == "Print Format":
		extract_print_format(record, where, catalog)


# The catalog and a translation file ---------------------------------------------------------------


def extract() -> Catalog:
	catalog = Catalog()
	for module in (APP_DIR / "modules.txt").read_text(encoding="utf-8").splitlines():
		catalog.add(module, "modules.txt")
	for path in source_files(".py"):
		extract_python(path.read_text(encoding="utf-8"), rel(path), catalog)
	for path in source_files(".js", ".html", ".vue"):
		extract_code(path.read_text(encoding="utf-8"), rel(path), catalog)
	for path in source_files(".json"):
		extract_json(json.loads(path.read_text(encoding="utf-8")), rel(path), catalog)
	for text, origin in DYNAMIC.items():
		catalog.add(text, origin)
	return catalog


def read_translations(lang: str = "pl") -> dict[str, str]:
	"""{source: translation} of `<lang>.csv`, as frappe.translate.get_translation_dict_from_file reads it
	(a third column is a context: such rows are keyed `source:context`)."""
	path = TRANSLATIONS_DIR / f"{lang}.csv"
	if not path.exists():
		return {}
	translations = {}
	with path.open(encoding="utf-8", newline="") as f:
		for row in csv.reader(f):
			if len(row) == 3 and row[2]:
				translations[f"{row[0]}:{row[2]}"] = row[1].strip()
			elif len(row) in (2, 3):
				translations[row[0]] = row[1].strip()
	return translations


def duplicate_sources(lang: str = "pl") -> list[str]:
	path = TRANSLATIONS_DIR / f"{lang}.csv"
	if not path.exists():
		return []
	with path.open(encoding="utf-8", newline="") as f:
		keys = Counter(
			row[0] + (f":{row[2]}" if len(row) == 3 and row[2] else "") for row in csv.reader(f) if row
		)
	return sorted(key for key, count in keys.items() if count > 1)


def placeholders(text: str) -> Counter:
	return Counter(PLACEHOLDER.findall(text))


def html_tags(text: str) -> Counter:
	return Counter(tag.lower() for tag in HTML_TAG.findall(text))


def mismatches(translations: dict[str, str]) -> list[str]:
	"""Translations whose {0}-style placeholders or HTML tags differ from their source."""
	wrong = []
	for source, translated in translations.items():
		if not translated:
			continue
		if placeholders(source) != placeholders(translated):
			wrong.append(f"placeholders differ: {source!r} -> {translated!r}")
		if html_tags(source) != html_tags(translated):
			wrong.append(f"HTML tags differ: {source!r} -> {translated!r}")
	return wrong


def uncovered(catalog: Catalog, translations: dict[str, str]) -> list[tuple[str, str | None]]:
	"""The (string, context) uses no row translates, as Frappe looks them up: `string:context` first,
	then `string`."""
	return sorted(
		(
			(text, context)
			for text, contexts in catalog.contexts.items()
			for context in contexts
			if not translations.get(text) and not (context and translations.get(f"{text}:{context}"))
		),
		key=lambda use: (use[0], use[1] or ""),
	)


def coverage(lang: str = "pl") -> tuple[list[str], list[str], dict[str, str]]:
	"""(all strings, the ones with a use no row translates, the translations)."""
	catalog = extract()
	translations = read_translations(lang)
	missing = sorted({text for text, _context in uncovered(catalog, translations)})
	return sorted(catalog.strings), missing, translations


def stale(translations: dict[str, str], strings: list[str]) -> list[str]:
	"""Translated sources the app no longer uses (a `source:context` key counts as its source)."""
	used = set(strings)
	return sorted(
		key for key in translations if key not in used and not (":" in key and key.rsplit(":", 1)[0] in used)
	)


def main(argv=None) -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--lang", default="pl")
	parser.add_argument("--missing", action="store_true", help="list the untranslated strings as CSV rows")
	parser.add_argument("--stale", action="store_true", help="list translations of strings no longer used")
	parser.add_argument("--where", action="store_true", help="with --missing: where each string is")
	args = parser.parse_args(argv)

	catalog = extract()
	strings, missing, translations = coverage(args.lang)
	done = len(strings) - len(missing)
	share = 100.0 * done / len(strings) if strings else 100.0
	print(f"{args.lang}: {done}/{len(strings)} strings translated ({share:.1f}%)")
	for problem in catalog.problems + mismatches(translations):
		print(f"problem: {problem}", file=sys.stderr)
	if args.missing and missing:
		writer = csv.writer(sys.stdout, lineterminator="\n")
		for text, context in uncovered(catalog, translations):
			if args.where:
				print(f"# {', '.join(catalog.strings[text][:3])}")
			writer.writerow([text, "", context] if context else [text, ""])
	if args.stale:
		for source in stale(translations, strings):
			print(f"stale: {source}")
	return 0 if not missing else 1


if __name__ == "__main__":
	sys.exit(main())
