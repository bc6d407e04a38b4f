"""A sales team on a real site, for the tests that attack the controls: two Account Managers A and B, A's
deputy D (a Portfolio Delegation of A's portfolio covering today), the Sales Head, an Accounts User and a
website user; each with an API key, and each manager with a client (Customer, Client Card, Contact,
Address, Quotation, Sales Order, an open offer, a call, an open collection plan, a draft reconciliation
and a draft monthly report) made as ERPNext and the app make them."""

from types import SimpleNamespace

import frappe
from frappe.utils import add_days, add_months, get_first_day, get_last_day, nowdate, random_string

from account_manager.tests.rest import RestClient
from account_manager.tests.utils import (
	default_company,
	make_call,
	make_client_card,
	make_contact,
	make_customer,
	make_kpi_plan,
	make_lead,
	make_quotation,
	make_sales_invoice,
	make_sales_order,
	make_user,
	service_item,
)

LAST_MONTH = get_first_day(add_months(nowdate(), -1))


def website_user() -> str:
	email = f"web-{random_string(8).lower()}@example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Web",
			"send_welcome_email": 0,
			"user_type": "Website User",
			"user_image": "/assets/frappe/images/default-avatar.png",
		}
	)
	user.insert(ignore_permissions=True)
	return user.name


def make_address(party_type: str, party: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": party,
				"address_type": "Billing",
				"address_line1": "ul. Prosta 1",
				"city": "Warszawa",
				"country": "Poland",
				"links": [{"link_doctype": party_type, "link_name": party}],
			}
		)
		.insert()
		.name
	)


def make_client(manager: str, label: str) -> SimpleNamespace:
	"""A customer of the manager with everything the app and ERPNext keep about it."""
	customer = make_customer(f"_Test {label} Client {random_string(5)}", account_manager=manager).name
	card = make_client_card(customer, "Customer", manager, needs="cement")
	offer = frappe.get_doc(
		{
			"doctype": "Commercial Offer",
			"client_card": card.name,
			"channel": "E-mail",
			"valid_till": add_days(nowdate(), 14),
			"items": [{"item_code": service_item(), "qty": 1, "rate": 100}],
		}
	).insert()
	frappe.set_user(manager)
	call = make_call(card.name)
	frappe.set_user("Administrator")
	plan = frappe.get_doc(
		{"doctype": "Collection Plan", "customer": customer, "company": default_company()}
	).insert()
	reconciliation = frappe.get_doc(
		{
			"doctype": "Settlement Reconciliation",
			"customer": customer,
			"company": default_company(),
			"from_date": LAST_MONTH,
			"to_date": get_last_day(LAST_MONTH),
		}
	).insert()
	quotation = make_quotation(customer).name
	order = make_sales_order(customer).name
	return SimpleNamespace(
		customer=customer,
		card=card.name,
		offer=offer.name,
		call=call.name,
		plan=plan.name,
		reconciliation=reconciliation.name,
		quotation=quotation,
		order=order,
		contact=make_contact("Customer", customer, email_id=f"{random_string(6)}@client.example"),
		address=make_address("Customer", customer),
	)


def make_report(manager: str, client) -> str:
	plan = make_kpi_plan(manager, LAST_MONTH)
	report = frappe.get_doc(
		{
			"doctype": "Account Manager Report",
			"account_manager": manager,
			"month": LAST_MONTH,
			"company": default_company(),
			"kpi_plan": plan.name,
			"calls_target": 30,
			"calls_actual": 12,
			"next_clients": [{"client_card": client.card, "party_name": client.customer}],
		}
	)
	report.insert()
	return report.name


def make_team() -> SimpleNamespace:
	a, b, deputy = make_user(), make_user(), make_user()
	head = make_user(roles=("Sales Head", "Sales User"))
	accounts = make_user(roles=("Accounts User",))
	web = website_user()
	frappe.get_doc(
		{
			"doctype": "Portfolio Delegation",
			"from_user": a,
			"to_user": deputy,
			"from_date": add_days(nowdate(), -1),
			"to_date": add_days(nowdate(), 7),
			"reason": "Leave",
		}
	).insert()
	team = SimpleNamespace(a=a, b=b, deputy=deputy, head=head, accounts=accounts, web=web)
	team.client_a = make_client(a, "A")
	team.client_b = make_client(b, "B")
	team.report_a = make_report(a, team.client_a)
	team.report_b = make_report(b, team.client_b)
	team.pool_lead = make_lead()  # nobody holds it: the pool managers prospect in
	team.unclaimed_customer = make_customer(f"_Test Unclaimed {random_string(5)}").name
	team.rest = {user: RestClient(user) for user in (a, b, deputy, head, accounts, web)}
	return team


def make_team_with_records() -> SimpleNamespace:
	"""make_team, with what the reviews of issue 23 went after on A's client: a credit limit (a child
	table), a private attachment and a comment on the card."""
	team = make_team()
	a = team.client_a
	customer = frappe.get_doc("Customer", a.customer)
	customer.append("credit_limits", {"company": default_company(), "credit_limit": 5000})
	customer.save()
	frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"terms-{random_string(5)}.txt",
			"content": "A's terms",
			"attached_to_doctype": "Client Card",
			"attached_to_name": a.card,
			"is_private": 1,
		}
	).insert()
	frappe.get_doc("Client Card", a.card).add_comment("Comment", "A's negotiation notes")
	# ERPNext's and Frappe's records of the client: an invoice (and its ledger), an issue, an opportunity, a
	# contract, an e-mail and an assignment on the offer
	make_sales_invoice(a.customer, 300, nowdate(), add_days(nowdate(), 30))
	company = default_company()
	for values in (
		{"doctype": "Issue", "subject": "Broken pallet", "customer": a.customer},
		{
			"doctype": "Opportunity",
			"opportunity_from": "Customer",
			"party_name": a.customer,
			"company": company,
		},
		{
			"doctype": "Contract",
			"party_type": "Customer",
			"party_name": a.customer,
			"contract_terms": "Terms",
		},
	):
		frappe.get_doc(values).insert()
	frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": "Sent",
			"subject": f"Offer {a.offer}",
			"content": "A's offer",
			"reference_doctype": "Commercial Offer",
			"reference_name": a.offer,
		}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": team.a,
			"description": "Call back about the offer",
			"reference_type": "Commercial Offer",
			"reference_name": a.offer,
		}
	).insert(ignore_permissions=True)
	return team
