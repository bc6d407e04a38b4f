"""Checks of the app's declarative files that need no site: what install and uninstall rely on."""

import ast
import json
from pathlib import Path

import pytest

APP_DIR = Path(__file__).resolve().parents[2] / "account_manager"
MODULE = "Account Manager"


def hooks() -> dict:
	tree = ast.parse((APP_DIR / "hooks.py").read_text())
	values = {}
	for node in tree.body:
		if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
			try:
				values[node.targets[0].id] = ast.literal_eval(node.value)
			except ValueError:
				pass
	return values


def fixture(name: str) -> list[dict]:
	return json.loads((APP_DIR / "fixtures" / f"{name}.json").read_text())


DOCTYPE_JSONS = sorted(p for p in APP_DIR.glob("*/doctype/*/*.json") if p.stem == p.parent.name)


def test_app_requires_erpnext_and_names_its_module():
	assert hooks()["required_apps"] == ["frappe/erpnext"]
	assert (APP_DIR / "modules.txt").read_text().split("\n")[0] == MODULE


def test_every_shipped_fixture_is_exported_by_hooks():
	"""A fixture file whose DocType hooks.py does not list would never be synced on install."""
	listed = {entry["dt"] for entry in hooks()["fixtures"]}
	shipped = {fixture(p.stem)[0]["doctype"] for p in (APP_DIR / "fixtures").glob("*.json")}
	assert shipped == listed


def test_fixture_roles_are_the_three_app_roles_with_desk_access():
	roles = fixture("role")
	assert {r["name"] for r in roles} == {"Account Manager", "Sales Head", "Logistics Manager"}
	assert all(r["desk_access"] == 1 for r in roles)


def test_uninstall_deletes_exactly_the_fixture_roles():
	tree = ast.parse((APP_DIR / "uninstall.py").read_text())
	app_roles = next(
		ast.literal_eval(n.value)
		for n in tree.body
		if isinstance(n, ast.Assign) and n.targets[0].id == "APP_ROLES"
	)
	assert set(app_roles) == {r["name"] for r in fixture("role")}


@pytest.mark.parametrize("field", fixture("custom_field"), ids=lambda f: f["name"])
def test_custom_fields_belong_to_the_module_so_uninstall_removes_them(field):
	assert field["module"] == MODULE
	assert field["name"] == f"{field['dt']}-{field['fieldname']}"


@pytest.mark.parametrize("path", DOCTYPE_JSONS, ids=lambda p: p.stem)
def test_doctypes_live_in_the_module_with_a_controller(path):
	doctype = json.loads(path.read_text())
	assert doctype["module"] == MODULE
	assert path.with_suffix(".py").exists()
	assert doctype["name"].lower().replace(" ", "_") == path.stem
