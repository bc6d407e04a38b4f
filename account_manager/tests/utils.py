"""Factories for integration tests: real ERPNext records made through ERPNext's own APIs.

Names carry a random suffix, so a record never collides with one a rolled-back test left in a cache.
"""

import time
from contextlib import contextmanager

import frappe
from frappe.utils import getdate, random_string

from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry


def default_company() -> str:
	"""The company the harness's setup wizard made (Poland, PLN)."""
	return (
		frappe.db.get_single_value("Global Defaults", "default_company")
		or frappe.get_all("Company", pluck="name", limit=1)[0]
	)


def stores_warehouse(company: str | None = None) -> str:
	company = company or default_company()
	abbr = frappe.get_cached_value("Company", company, "abbr")
	return f"Stores - {abbr}"


def outgoing_email_account() -> None:
	"""An outgoing e-mail account, as a site that sends mail has (made when the site has none); in tests the
	mail is only queued and rendered, never delivered."""
	if not frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "AM Test Outgoing",
				"email_id": "account-manager-tests@example.com",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)
	frappe.local.outgoing_email_account = {}  # Frappe caches the account per process


def make_customer(customer_name: str | None = None, **fields) -> "frappe.Document":
	doc = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": customer_name or f"_Test Client {random_string(6)}",
			"customer_type": "Company",
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
			"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name"),
			**fields,
		}
	)
	return doc.insert()


def make_item(item_code: str | None = None, is_stock_item: int = 1, **fields) -> "frappe.Document":
	doc = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": item_code or f"_Test AM Item {random_string(6)}",
			"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name"),
			"stock_uom": "Nos",
			"is_stock_item": is_stock_item,
			"valuation_rate": 10,
			**fields,
		}
	)
	return doc.insert()


def receive_stock(item_code: str, qty: float, warehouse: str | None = None, rate: float = 10):
	"""A submitted Material Receipt of `qty` into `warehouse` (default: Stores of the test company)."""
	return make_stock_entry(
		item_code=item_code,
		qty=qty,
		to_warehouse=warehouse or stores_warehouse(),
		company=default_company(),
		rate=rate,
		purpose="Material Receipt",
	)


def make_user(email: str | None = None, roles=("Account Manager", "Sales User")) -> str:
	"""An enabled desk user with the given roles (account managers hold ERPNext's Sales User too). Made in
	one insert, with an image, so Frappe neither saves it twice nor asks Gravatar for one."""
	email = email or f"am-{random_string(8).lower()}@example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": email.split("@")[0],
			"send_welcome_email": 0,
			"user_type": "System User",
			"user_image": "/assets/frappe/images/default-avatar.png",
			"roles": [{"role": role} for role in roles],
		}
	)
	user.insert(ignore_permissions=True)
	return user.name


def make_client_card(party, party_type: str = "Customer", account_manager: str | None = None, **fields):
	"""The party's card with the given owner and fields. Every party gets its card when it is made
	(account_manager.cards), so this fills in that card; a party without one gets a new card."""
	name = frappe.db.get_value("Client Card", {"party_type": party_type, "party": party})
	if not name:
		return frappe.get_doc(
			{
				"doctype": "Client Card",
				"party_type": party_type,
				"party": party,
				"account_manager": account_manager,
				"company": default_company(),
				**fields,
			}
		).insert()
	card = frappe.get_doc("Client Card", name)
	card.update(
		{"account_manager": account_manager or card.account_manager, "company": default_company(), **fields}
	)
	card.save()
	return card


def make_lead(company_name: str | None = None) -> str:
	name = company_name or f"_Test Lead Co {random_string(6)}"
	return (
		frappe.get_doc({"doctype": "Lead", "lead_name": f"Buyer of {name}", "company_name": name})
		.insert()
		.name
	)


def make_prospect(company_name: str | None = None) -> str:
	return (
		frappe.get_doc(
			{"doctype": "Prospect", "company_name": company_name or f"_Test Prospect {random_string(6)}"}
		)
		.insert()
		.name
	)


def make_contact(party_type: str, party: str, **fields) -> str:
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": fields.pop("first_name", f"Anna {random_string(4)}"),
			"links": [{"link_doctype": party_type, "link_name": party}],
			**fields,
		}
	)
	if contact.get("email_id"):
		contact.append("email_ids", {"email_id": contact.email_id, "is_primary": 1})
	return contact.insert().name


def service_item() -> str:
	"""A non-stock item for invoices that need no stock."""
	return make_item(is_stock_item=0).name


def make_sales_invoice(customer: str, amount: float, posting_date: str, due_date: str, item_code=None):
	"""A submitted Sales Invoice of `amount` (one line) posted and due on the given dates."""
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"company": default_company(),
			"set_posting_time": 1,
			"posting_date": posting_date,
			"due_date": due_date,
			"items": [{"item_code": item_code or service_item(), "qty": 1, "rate": amount}],
		}
	)
	invoice.insert()
	invoice.submit()
	return invoice


def pay_invoice(invoice: str, amount: float, posting_date: str):
	"""A submitted Payment Entry of `amount` against the invoice, made the way the desk makes it."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	payment = get_payment_entry("Sales Invoice", invoice, party_amount=amount)
	payment.posting_date = posting_date
	payment.reference_no = f"PAY-{random_string(6)}"
	payment.reference_date = posting_date
	payment.insert()
	payment.submit()
	return payment


@contextmanager
def frozen_time(moment):
	"""Move the clock to `moment` (site time), as Frappe's own FrappeTestCase.freeze_time does; the clock
	keeps ticking from there, so documents saved twice get distinct timestamps."""
	import pytz
	from freezegun import freeze_time

	from frappe.utils import get_datetime, get_system_timezone

	from account_manager.tests import worker

	local = pytz.timezone(get_system_timezone()).localize(get_datetime(moment))
	started = time.monotonic()
	try:
		with freeze_time(local.astimezone(pytz.utc), tick=True):
			yield
	finally:  # rows dated then, for a test that commits them (fixture `worker`) to delete at its end
		worker.frozen_windows.append((get_datetime(moment), time.monotonic() - started + 2))


def make_holiday_list(month, extra_holidays=()) -> str:
	"""A Holiday List for the month's year with its weekends and the extra holidays of that month."""
	from account_manager.rules.kpi import month_end, month_start, weekend_days

	month = month_start(getdate(month))
	days = sorted(weekend_days(month) | {getdate(d) for d in extra_holidays})
	return (
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": f"_Test AM Holidays {random_string(6)}",
				"from_date": month,
				"to_date": month_end(month),
				"holidays": [{"holiday_date": d, "description": "Holiday"} for d in days],
			}
		)
		.insert()
		.name
	)


def make_kpi_plan(account_manager: str, month, **fields):
	return frappe.get_doc(
		{
			"doctype": "KPI Plan",
			"account_manager": account_manager,
			"month": month,
			"company": default_company(),
			**fields,
		}
	).insert()


def make_call(client_card: str, **fields):
	return frappe.get_doc(
		{
			"doctype": "Client Call",
			"client_card": client_card,
			"purpose": "Follow-up",
			"outcome": "Reached",
			**fields,
		}
	).insert()


def make_supplier(supplier_name: str | None = None) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Supplier",
				"supplier_name": supplier_name or f"_Test Supplier {random_string(6)}",
				"supplier_group": frappe.db.get_value("Supplier Group", {"is_group": 0}, "name"),
			}
		)
		.insert()
		.name
	)


def make_purchase_order(
	item_code: str, qty: float, schedule_date: str, warehouse: str | None = None, rate=10
):
	"""A submitted Purchase Order of `qty` of the item, required by `schedule_date`."""
	order = frappe.get_doc(
		{
			"doctype": "Purchase Order",
			"supplier": make_supplier(),
			"company": default_company(),
			"transaction_date": frappe.utils.nowdate(),
			"schedule_date": schedule_date,
			"items": [
				{
					"item_code": item_code,
					"qty": qty,
					"rate": rate,
					"schedule_date": schedule_date,
					"warehouse": warehouse or stores_warehouse(),
				}
			],
		}
	)
	order.insert()
	order.submit()
	return order


def make_sales_order(
	customer: str,
	amount: float = 100,
	item_code=None,
	submit: bool = False,
	transaction_date: str | None = None,
):
	"""A Sales Order of `amount` (one line of a non-stock item) dated `transaction_date` (default today),
	delivery a week later; submitted when asked."""
	from frappe.utils import add_days, nowdate

	transaction_date = transaction_date or nowdate()
	order = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": customer,
			"company": default_company(),
			"transaction_date": transaction_date,
			"delivery_date": add_days(transaction_date, 7),
			"items": [{"item_code": item_code or service_item(), "qty": 1, "rate": amount}],
		}
	).insert()
	if submit:
		order.submit()
	return order


def make_quotation(customer: str, amount: float = 100, item_code=None):
	return frappe.get_doc(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": customer,
			"company": default_company(),
			"items": [{"item_code": item_code or service_item(), "qty": 1, "rate": amount}],
		}
	).insert()


def make_credit_note(invoice: str, amount: float, posting_date: str):
	"""A submitted return (credit note) of `amount` against the invoice."""
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	note = make_sales_return(invoice)
	note.set_posting_time = 1
	note.posting_date = posting_date
	note.items[0].qty = -1
	note.items[0].rate = amount
	note.insert()
	note.submit()
	return note


# ERPNext's reports on client data that the report rule refuses to a manager (reports_rule), by name
ERPNEXT_CLIENT_REPORTS = (
	"Customer Credit Balance",
	"Sales Order Analysis",
	"Payment Terms Status for Sales Order",
	"Sales Order Trends",
	"Pending SO Items For Purchase Request",
)


def erpnext_report_filters(customer: str) -> dict:
	"""Filters that ERPNext's sales and receivables reports accept, narrowed to the customer."""
	from frappe.utils import add_days, nowdate

	return {
		"company": default_company(),
		"customer": customer,
		"from_date": add_days(nowdate(), -30),
		"to_date": nowdate(),
		"period": "Monthly",
		"based_on": "Item",
		"fiscal_year": frappe.defaults.get_global_default("fiscal_year"),
	}
