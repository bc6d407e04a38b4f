"""Journeys through the desk in headless Chromium (Debian's, driven by Playwright).

./run-tests starts a web server for the test site (gunicorn, several worker processes) and passes its
address in AM_UI_URL. The records a journey needs are committed (the web server is another process and
cannot see an open transaction); the test site is restored from its saved copy at every run, so nothing piles up.
Screenshots go to test-artifacts/screenshots/ (not committed), or, with AM_UPDATE_SCREENSHOTS=1, to
docs/screenshots/ (the README shows some of them): a developer's tree stays clean after a test run.
On a v16 bench they go to a v16/ folder in either, beside v15's.
"""

import os
import re
from pathlib import Path

import pytest

import frappe
from frappe.utils import random_string

from account_manager.compat import FRAPPE_MAJOR

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = (
	ROOT / "docs" / "screenshots"
	if os.environ.get("AM_UPDATE_SCREENSHOTS") == "1"
	else ROOT / "test-artifacts" / "screenshots"
) / ("v16" if FRAPPE_MAJOR >= 16 else "")
PASSWORD = "Journey-Pass-2026!"


@pytest.fixture(scope="session")
def base_url():
	url = os.environ.get("AM_UI_URL")
	if not url:
		pytest.fail("AM_UI_URL is not set: the journeys run from ./run-tests, which starts the web server")
	return url


@pytest.fixture(scope="session")
def browser():
	from playwright.sync_api import sync_playwright

	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(
			executable_path="/usr/bin/chromium",
			args=[
				"--no-sandbox",
				"--disable-gpu",
				"--disable-background-networking",
				"--disable-component-update",
				"--no-first-run",
			],
		)
		yield browser
		browser.close()


@pytest.fixture
def page(browser, base_url):
	context = browser.new_context(base_url=base_url, viewport={"width": 1440, "height": 900}, locale="en-US")
	context.set_default_timeout(30_000)
	page = context.new_page()
	yield page
	context.close()


def committed(fn):
	"""Run a factory and commit, so the web server sees its records."""
	result = fn()
	frappe.db.commit()  # nosemgrep: the journeys' records must be visible to the web server
	return result


@pytest.fixture
def outgoing_email(outgoing_email):
	"""The outgoing e-mail account of the root conftest.py, committed: the web server sends the journey's
	mail with it (the mail is only queued)."""
	frappe.db.commit()  # nosemgrep: the web server must see the account


def desk_user(roles, first_name="Journey") -> str:
	email = f"{first_name.lower()}-{random_string(6).lower()}@example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first_name,
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"user_type": "System User",
		}
	)
	user.insert(ignore_permissions=True)
	user.add_roles(*roles)
	frappe.db.commit()  # nosemgrep
	return email


def login(page, user: str, password: str = PASSWORD):
	# leave the previous user's page first: a request of it still under way could set its session cookie
	# again after the cookies were cleared, and /login would then send us on to the desk as that user
	page.goto("about:blank")
	page.context.clear_cookies()
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	# v15 lands on /app/<workspace>, v16 on its desktop, /desk
	page.wait_for_url(re.compile(r"/(app|desk)(/|$)"))


def wait_for_desk(page):
	page.wait_for_load_state("networkidle")
	page.wait_for_function("() => window.frappe && frappe.boot && !frappe.dom.freeze_count")


def shot(page, name: str):
	SCREENSHOTS.mkdir(parents=True, exist_ok=True)
	page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def fill_link(page, fieldname: str, value: str, scope=None):
	"""Type into a Link field as a user does and take the matching suggestion."""
	from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

	field = (scope or page).locator(f".frappe-control[data-fieldname='{fieldname}'] input").first
	option = page.locator("ul[role=listbox]:not([hidden]) [role=option]", has_text=value).first
	for attempt in range(3):
		field.click()
		field.fill(value)
		try:
			# the suggestions come from a search request: on a loaded machine, or typed before the
			# field's search was bound, they may not come; type again, as a user would
			option.wait_for(timeout=15000)
			break
		except PlaywrightTimeoutError:
			if attempt == 2:
				raise
			field.fill("")
	option.click()
	page.wait_for_timeout(300)


def save(page):
	page.keyboard.press("Control+s")
	page.wait_for_function("() => cur_frm && !cur_frm.is_dirty() && !cur_frm.is_new()")
	wait_for_desk(page)
