"""The monthly report: drafted on the 1st from real actuals, flagged on the 4th (KP2-KP4, OF4, CB6)."""

import pytest

import frappe
from frappe.utils import add_days, getdate, nowdate

from account_manager.account_manager.doctype.account_manager_report.account_manager_report import (
	draft_monthly_reports,
	flag_unsubmitted_reports,
)
from account_manager.rules.kpi import month_end, month_start, previous_month
from account_manager.tests.utils import (
	frozen_time,
	make_call,
	make_client_card,
	make_credit_note,
	make_customer,
	make_holiday_list,
	make_kpi_plan,
	make_prospect,
	make_sales_invoice,
	make_sales_order,
	make_user,
)

# The month reported on is the current one; the clock is moved to the 1st and the 4th after it.
MONTH = month_start(getdate(nowdate()))
FIRST_OF_NEXT = add_days(month_end(MONTH), 1)


def day(n: int) -> str:
	return str(add_days(MONTH, n - 1))


@pytest.fixture
def month_of_work():
	"""A manager's month: plan, calls, a new client's first order, turnover, a prospect found."""
	manager, head = make_user(), make_user(roles=("Sales Head",))
	holiday_list = make_holiday_list(MONTH)
	make_kpi_plan(manager, MONTH, holiday_list=holiday_list, calls_per_day=2, new_prospects=2, turnover=3000)
	with frozen_time(f"{day(5)} 08:00"):  # the work is entered during the month
		new_client = make_customer(account_manager=manager).name
		old_client = make_customer(account_manager=manager).name
		card = make_client_card(new_client, "Customer", manager).name
		make_client_card(make_prospect(), "Prospect", manager, next_contact_date=add_days(FIRST_OF_NEXT, 3))
		for purpose, outcome in [
			("Offer", "Offer Made"),
			("Offer", "Not Interested"),
			("Follow-up", "Reached"),
		]:
			make_call(
				card, purpose=purpose, outcome=outcome, call_time=f"{day(1)} 10:00", account_manager=manager
			)
		make_sales_order(
			old_client, 100, transaction_date=str(previous_month(MONTH)), submit=True
		)  # an old client: not new this month
		make_sales_order(old_client, 100, transaction_date=day(2), submit=True)
		make_sales_order(new_client, 400, transaction_date=day(2), submit=True)
		make_sales_invoice(new_client, 1000, day(2), day(20))
		invoice = make_sales_invoice(old_client, 500, day(3), day(20))
		make_credit_note(invoice.name, 200, day(4))
		make_sales_invoice(old_client, 1000, str(previous_month(MONTH)), str(previous_month(MONTH)))
	return frappe._dict(manager=manager, head=head, holiday_list=holiday_list, card=card)


def drafted(worker, manager) -> str:
	"""The monthly job on the 1st, as the scheduler starts it (its batches run on the real worker,
	conftest.py): the manager's report."""
	with frozen_time(f"{FIRST_OF_NEXT} 05:00"):
		draft_monthly_reports()
	worker.drain()
	(name,) = frappe.get_all("Account Manager Report", filters={"account_manager": manager}, pluck="name")
	return name


def test_job_on_the_first_drafts_one_report_per_planned_manager_once(worker, month_of_work):
	w = month_of_work
	drafted(worker, w.manager)
	with frozen_time(f"{FIRST_OF_NEXT} 05:00"):
		draft_monthly_reports()  # the job again: nothing new
	worker.drain()
	reports = frappe.get_all("Account Manager Report", filters={"account_manager": w.manager}, pluck="name")
	assert len(reports) == 1
	report = frappe.get_doc("Account Manager Report", reports[0])
	days = len([d for d in range((month_end(MONTH) - MONTH).days + 1) if add_days(MONTH, d).weekday() < 5])
	assert report.month == MONTH and report.working_days == days
	assert (report.calls_target, report.calls_actual, report.phone_offers_actual) == (2 * days, 3, 1)
	assert (report.new_client_contracts_actual, report.new_prospects_actual) == (1, 1)
	assert report.turnover_actual == 1300  # 1000 + 500 - 200 credit note
	assert report.turnover_previous_month == 1000
	assert report.turnover_growth == 30.0
	assert report.search_plan_fulfilment == 50.0
	stats = {(s.purpose, s.outcome): (s.calls, s.share) for s in report.call_stats}
	assert stats[("Offer", "Offer Made")] == (1, 50.0)
	assert stats[("Follow-up", "Reached")] == (1, 100.0)
	assert [c.client_card for c in report.next_clients] != []
	assert report.due_date == getdate(add_days(FIRST_OF_NEXT, 2))


def test_unsubmitted_report_is_flagged_to_the_sales_head_on_the_4th_once(worker, month_of_work):
	w = month_of_work
	name = drafted(worker, w.manager)
	with frozen_time(f"{add_days(FIRST_OF_NEXT, 2)} 23:00"):  # the 3rd: still in time
		assert flag_unsubmitted_reports() == []
	with frozen_time(f"{add_days(FIRST_OF_NEXT, 3)} 06:00"):  # the 4th
		assert flag_unsubmitted_reports() == [name]
		assert flag_unsubmitted_reports() == []
	assert frappe.db.get_value("Account Manager Report", name, "flagged_late") == 1
	assert frappe.db.count("Notification Log", {"for_user": w.head, "document_name": name}) == 1


def test_manager_submits_and_only_the_sales_head_approves(worker, month_of_work):
	w = month_of_work
	name = drafted(worker, w.manager)
	frappe.set_user(w.manager)
	report = frappe.get_doc("Account Manager Report", name)
	report.manager_comments = "Two big clients postponed orders to December."
	report.save()
	report.submit()
	with pytest.raises(frappe.PermissionError):
		report.approve()
	assert not frappe.db.get_value("Account Manager Report", name, "approved_by")
	frappe.set_user(w.head)
	frappe.get_doc("Account Manager Report", name).approve()
	assert frappe.db.get_value("Account Manager Report", name, "approved_by") == w.head
