"""./run-demo on the developer's bench, as a newcomer runs it: the desk comes up with the demo data (the
demo manager logs in, in headless Chromium, and sees the workspace's number cards with figures), Ctrl+C
stops everything it started, and a second run reuses the site in under 30 s.

Slow (the first run on a bench makes the site: minutes), so it runs only with AM_TEST_DEMO=1, in the
bench's Python (Playwright is there):

    AM_TEST_DEMO=1 ~/frappe-bench/env/bin/python -m pytest -s tests/system/test_run_demo.py
"""

import os
import re
import time

import pytest

from tests.system.runner import ROOT, Demo, alive, port_open

pytestmark = pytest.mark.skipif(
	not os.environ.get("AM_TEST_DEMO"), reason="slow: starts ./run-demo (AM_TEST_DEMO=1 runs it)"
)
if os.environ.get("AM_TEST_DEMO"):
	pytest.importorskip("playwright")
	from tests.ui.conftest import browser, login, wait_for_desk  # the journeys' headless Chromium

ARTIFACTS = ROOT / "test-artifacts"  # not committed (.gitignore)
MANAGER = "anna.nowak@demo.example"
# what the demo month gives Anna on any day, a weekend too: overdue invoices, clients to call, her report
NON_ZERO = ("Overdue Receivables", "Clients to Contact Today")


def number_cards(page) -> dict:
	page.locator(".number-widget-box .widget-content .number").first.wait_for()
	page.wait_for_function(
		"() => !document.querySelector('.number-widget-box .number-card-loading')", timeout=60_000
	)
	return {
		card.locator(".widget-title").text_content().strip(): card.locator(".number").text_content().strip()
		for card in page.locator(".number-widget-box").all()
		if card.locator(".number").count()
	}


def non_zero(figure: str) -> bool:
	"""'zł 44,56 K', '37': yes; '0', '0 / 30' (actual / quota): no."""
	return bool(re.search(r"[1-9]", figure.split("/")[0]))


def test_the_demo_comes_up_with_data_stops_on_ctrl_c_and_a_second_run_reuses_the_site(browser):
	first = Demo()
	try:
		took = first.wait_ready(timeout=30 * 60)
		print(f"\nfirst run ready in {took:.0f}s")
		context = browser.new_context(
			base_url=first.url, viewport={"width": 1440, "height": 900}, locale="en-US"
		)
		page = context.new_page()
		page.set_default_timeout(60_000)
		login(page, MANAGER, first.password)
		page.goto("/app/account-manager")
		wait_for_desk(page)
		# socket.io answers (progress bars, live list updates): no 404 for /socket.io (issue 27)
		page.wait_for_function("() => frappe.socketio.socket && frappe.socketio.socket.connected")
		cards = number_cards(page)
		ARTIFACTS.mkdir(exist_ok=True)
		page.screenshot(path=str(ARTIFACTS / "demo-workspace.png"))
		context.close()
	finally:
		code = first.stop()
	print(f"number cards of {MANAGER}: {cards}")
	assert len(cards) >= 6, cards
	for title in NON_ZERO:
		assert non_zero(cards[title]), (title, cards)
	assert code == 0, first.output
	pids = first.child_pids()
	assert set(pids) == {"web server", "socket.io server", "background worker", "scheduler"}, pids
	for name, pid in pids.items():
		assert f"stopped the {name} (pid {pid})" in first.output
		assert not alive(pid), name
	assert not port_open(first.port) and not port_open(first.socketio_port)

	second = Demo()
	try:
		took = second.wait_ready(timeout=120)
		print(f"second run ready in {took:.0f}s")
		assert "making the demo site" not in second.output
		assert took < 30, f"the second run took {took:.0f}s"
	finally:
		assert second.stop() == 0, second.output
	for pid in second.child_pids().values():
		assert not alive(pid)
	time.sleep(0.5)
	assert not port_open(second.port)
