"""The permission policy of the app: what each actor may do with a record of A's client.

Proven cell by cell by tests/integration/test_permission_matrix.py over Frappe's request path, and
rendered to docs/permissions.md.
"""

from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
ACTORS = ("A", "Deputy", "B", "Sales Head", "Accounts User", "Website User")
Y, N, NA = "yes", "no", "–"

# What each actor may do with a record of A's client: y = done, n = refused (or, for list and search,
# not shown), - = does not apply. Columns in the order of ACTORS.
EXPECTED_DOCTYPES = """
Client Card               | list   | y y n y n n
Client Card               | read   | y y n y n n
Client Card               | create | y y n y n n
Client Card               | write  | y y n y n n
Client Card               | owner  | n n n y n n
Client Card               | delete | n n n y n n
Client Card               | search | y y n y n n
Commercial Offer          | list   | y y n y n n
Commercial Offer          | read   | y y n y n n
Commercial Offer          | create | y y n y n n
Commercial Offer          | write  | y y n y n n
Commercial Offer          | owner  | n n n n n n
Commercial Offer          | delete | n n n y n n
Commercial Offer          | search | y y n y n n
Offer Campaign            | list   | y y n y n n
Offer Campaign            | read   | y y n y n n
Offer Campaign            | create | y y n y n n
Offer Campaign            | write  | y y n y n n
Offer Campaign            | owner  | n n n n n n
Offer Campaign            | delete | n n n y n n
Offer Campaign            | search | y y n y n n
Client Call               | list   | y y n y n n
Client Call               | read   | y y n y n n
Client Call               | create | y y n y n n
Client Call               | write  | y y n y n n
Client Call               | owner  | n n n y n n
Client Call               | delete | n n n y n n
Client Call               | search | y y n y n n
Product Request           | list   | y y n y n n
Product Request           | read   | y y n y n n
Product Request           | create | y y n y n n
Product Request           | write  | y y n y n n
Product Request           | owner  | n n n n n n
Product Request           | delete | n n n y n n
Product Request           | search | y y n y n n
Collection Plan           | list   | y y n y y n
Collection Plan           | read   | y y n y y n
Collection Plan           | create | n n n y n n
Collection Plan           | write  | y y n y n n
Collection Plan           | owner  | n n n y n n
Collection Plan           | delete | n n n y n n
Collection Plan           | search | y y n y y n
Settlement Reconciliation | list   | y y n y y n
Settlement Reconciliation | read   | y y n y y n
Settlement Reconciliation | create | y y n y n n
Settlement Reconciliation | write  | y y n y n n
Settlement Reconciliation | owner  | n n n y n n
Settlement Reconciliation | delete | n n n y n n
Settlement Reconciliation | search | y y n y y n
KPI Plan                  | list   | y y n y n n
KPI Plan                  | read   | y y n y n n
KPI Plan                  | create | n n n y n n
KPI Plan                  | write  | n n n y n n
KPI Plan                  | owner  | n n n n n n
KPI Plan                  | delete | n n n y n n
KPI Plan                  | search | y y n y n n
Account Manager Report    | list   | y y n y n n
Account Manager Report    | read   | y y n y n n
Account Manager Report    | create | n n n y n n
Account Manager Report    | write  | y y n y n n
Account Manager Report    | owner  | n n n y n n
Account Manager Report    | delete | n n n y n n
Account Manager Report    | search | y y n y n n
Portfolio Delegation      | list   | y y n y n n
Portfolio Delegation      | read   | y y n y n n
Portfolio Delegation      | create | n n n y n n
Portfolio Delegation      | write  | n n n y n n
Portfolio Delegation      | owner  | - - - - - -
Portfolio Delegation      | delete | n n n y n n
Portfolio Delegation      | search | y y n y n n
Job Run                   | list   | n n n y n n
Job Run                   | read   | n n n y n n
Job Run                   | create | n n n n n n
Job Run                   | write  | n n n n n n
Job Run                   | owner  | - - - - - -
Job Run                   | delete | n n n n n n
Job Run                   | search | n n n y n n
Account Manager Settings  | list   | - - - - - -
Account Manager Settings  | read   | y y y y n n
Account Manager Settings  | create | - - - - - -
Account Manager Settings  | write  | n n n y n n
Account Manager Settings  | owner  | - - - - - -
Account Manager Settings  | delete | - - - - - -
Account Manager Settings  | search | - - - - - -
Customer                  | list   | y y n y y n
Customer                  | read   | y y n y y n
Customer                  | create | y y n y n n
Customer                  | write  | y y n y n n
Customer                  | owner  | n n n y n n
Customer                  | delete | n n n n n n
Customer                  | search | y y n y y n
Lead                      | list   | y y n y n n
Lead                      | read   | y y n y n n
Lead                      | create | y y y y n n
Lead                      | write  | y y n y n n
Lead                      | owner  | - - - - - -
Lead                      | delete | n n n n n n
Lead                      | search | y y n y n n
Quotation                 | list   | y y n y n n
Quotation                 | read   | y y n y n n
Quotation                 | create | y y n y n n
Quotation                 | write  | y y n y n n
Quotation                 | owner  | - - - - - -
Quotation                 | delete | y y n y n n
Quotation                 | search | y y n y n n
Opportunity               | list   | y y n y n n
Opportunity               | read   | y y n y n n
Opportunity               | create | y y n y n n
Opportunity               | write  | y y n y n n
Opportunity               | owner  | - - - - - -
Opportunity               | delete | y y n y n n
Opportunity               | search | y y n y n n
Sales Order               | list   | y y n y y n
Sales Order               | read   | y y n y y n
Sales Order               | create | y y n y n n
Sales Order               | write  | y y n y n n
Sales Order               | owner  | - - - - - -
Sales Order               | delete | y y n y n n
Sales Order               | search | y y n y y n
Contact                   | list   | y y n y y n
Contact                   | read   | y y n y y n
Contact                   | create | y y n y y n
Contact                   | write  | y y n y y n
Contact                   | owner  | - - - - - -
Contact                   | delete | n n n n n n
Contact                   | search | y y n y y n
Address                   | list   | y y n y y n
Address                   | read   | y y n y y n
Address                   | create | y y n y y n
Address                   | write  | y y n y y n
Address                   | owner  | - - - - - -
Address                   | delete | n n n n n n
Address                   | search | y y n y y n
"""

# Whitelisted methods of the app, called on A's client: y = answered, n = refused.
EXPECTED_METHODS = """
account_manager.api.client_status                         | y y n y n n
account_manager.api.send_greeting                         | y y n y n n
account_manager.api.log_call                              | y y n y n n
account_manager.api.manager_progress                      | y y n y n n
account_manager.api.check_availability                    | y y n y y n
account_manager.api.request_goods                         | y y n y n n
account_manager.api.approve_debt_order                    | n n n y n n
account_manager.api.request_debt_approval                 | y y n y n n
account_manager.desk.calls_today                          | y y n y n n
account_manager.desk.email_offers_today                   | y y n y n n
account_manager.desk.phone_offers_today                   | y y n y n n
account_manager.desk.calls_against_quota                  | y y n y n n
account_manager.desk.overdue_receivables                  | y y n y n n
account_manager.desk.clients_to_contact_today             | y y n y n n
account_manager.desk.monthly_report_status                | y y n y n n
account_manager.desk.turnover_by_month                    | y y n y n n
account_manager.desk.offers_by_status                     | y y n y n n
Client Card.mark_reviewed                                 | y y n y n n
Client Card.convert_to_customer                           | y y n y n n
Client Card.apply_proposed_terms                          | n n n y n n
Commercial Offer.request_goods                            | y y n y n n
Commercial Offer.ask_production                           | y y n y n n
Commercial Offer.use_alternative                          | y y n y n n
Commercial Offer.send                                     | y y n y n n
Commercial Offer.set_status                               | y y n y n n
commercial_offer.make_quotation                           | y y n y n n
commercial_offer.make_sales_order                         | y y n y n n
Offer Campaign.send                                       | y y n y n n
Offer Campaign.preview                                    | y y n y n n
offer_campaign.make_campaign                              | y y n y n n
Collection Plan.log_outcome                               | y y n y n n
Settlement Reconciliation.send_to_client                  | y y n y n n
Settlement Reconciliation.confirm                         | y y n y n n
Settlement Reconciliation.dispute                         | y y n y n n
Account Manager Report.approve                            | n n n y n n
KPI Plan.copy_from_last_month                             | y y n y n n
client_segmentation.apply_suggested_segments              | n n n y n n
cards.enqueue_missing_cards                               | n n n y n n
cards.assign_cards                                        | n n n y n n
call_log.prospect_from_call                               | y y n y n n
account_manager.desk.late_orders                          | y y n y n n
Product Request.approve                                   | n n n n n n
Product Request.reject                                    | n n n n n n
contracts.draft_contract                                  | y y n y n n
contracts.send_contract                                   | y y n y n n
contracts.mark_agreed                                     | y y n y n n
contracts.sign_contract                                   | y y n y n n
contracts.approve_terms                                   | n n n y n n
contracts.renew_contract                                  | y y n y n n
contracts.terms_changes                                   | y y n y n n
contract_performance.rebate_progress                      | y y n y n n
follow_up_queue.log_call                                  | y y n y n n
commercial_offer.offer_defaults                           | y y n y n n
commercial_offer.quote_line                               | y y n y n n
"""

# Reports: s = shows A's client, n = refused or does not show it; the second column filters on A.
EXPECTED_REPORTS = """
Client Portfolio          | s s n s n n | s s n s n n
Client Receivables        | s s n s n n | s s n s n n
Client Segmentation       | s s n s n n | s s n s n n
Follow-up Queue           | s s n s n n | s s n s n n
Unreconciled Settlements  | s s n s n n | s s n s n n
Daily Activity            | s s n s n n | s s n s n n
Order Fulfilment          | s s n s n n | s s n s n n
Calls Without Outcome     | s s n s n n | s s n s n n
Contract Performance      | s s n s n n | s s n s n n
"""


def parse(text: str) -> dict:
	table = {}
	for line in text.strip().splitlines():
		*keys, cells = (part.strip() for part in line.split("|"))
		table[tuple(keys) if len(keys) > 1 else keys[0]] = cells.split()
	return table


def parse_reports(text: str) -> dict:
	table = {}
	for line in text.strip().splitlines():
		name, plain, filtered = (part.strip() for part in line.split("|"))
		table[name] = (plain.split(), filtered.split())
	return table


def render(doctypes: dict, methods: dict, reports: dict) -> str:
	symbol = {"y": "✓", "n": "✗", "-": "–", "s": "✓"}
	head = "| | " + " | ".join(ACTORS) + " |\n|---|" + "---|" * len(ACTORS) + "\n"
	lines = [
		"# Who may do what",
		"",
		"Generated by `tests/integration/test_permission_matrix.py`, which proves every cell over Frappe's",
		"REST API on a real ERPNext site, acting as each user with an API key. Do not edit by hand: change",
		"the policy in `account_manager/tests/permission_policy.py`, run `./run-tests`, and commit the file",
		"it rewrites.",
		"",
		"The subject of every row is a record of **A's client**. *A* and *B* are Account Managers (with",
		"ERPNext's Sales User role); the *Deputy* covers A's portfolio today by a Portfolio Delegation; the",
		"*Sales Head* holds Sales Head and Sales User; the *Accounts User* holds only ERPNext's Accounts User;",
		"the *Website User* is a portal user. ✓ done (for *list* and *search*: shown), ✗ refused (or not",
		"shown), – does not apply.",
		"",
		"*owner* means giving A's record to B by writing B into its `account_manager` (for B: taking it):",
		"only the Sales Head changes who owns a client, and records about a client belong to the client's",
		"owner (an offer follows its card; a KPI Plan's manager is set once). *delete* ✓ means permitted: ERPNext still refuses to delete a record others link to. A",
		"refusal is HTTP 403 with a message naming what is not allowed, and nothing is written.",
		"The debt rule's terms (credit limit, overdue tolerance, payment terms) are the Sales Head's too: a",
		"manager proposes them on the card and the Sales Head applies them.",
		"",
		"## DocTypes",
		"",
	]
	for doctype in dict.fromkeys(d for d, _ in doctypes):
		lines += [f"### {doctype}", "", head.rstrip("\n")]
		for (name, action), cells in doctypes.items():
			if name == doctype:
				lines.append(f"| {action} | " + " | ".join(symbol[c] for c in cells) + " |")
		lines.append("")
	lines += ["## Whitelisted methods", "", "Called on A's client.", "", head.rstrip("\n")]
	for method, cells in methods.items():
		lines.append(f"| `{method}` | " + " | ".join(symbol[c] for c in cells) + " |")
	lines += [
		"",
		"## Reports",
		"",
		"Whether the report shows A's client; *filtered on A* names A in the report's Account Manager",
		"filter, which is refused to anyone who may not see A's clients (filters narrow, never widen).",
		"",
		head.rstrip("\n"),
	]
	for report, (plain, filtered) in reports.items():
		lines.append(f"| {report} | " + " | ".join(symbol[c] for c in plain) + " |")
		lines.append(f"| {report}, filtered on A | " + " | ".join(symbol[c] for c in filtered) + " |")
	return "\n".join(lines) + "\n"
