"""The demo's calendar (fiscal years, holidays), users and masters: groups, terms, price lists,
suppliers, competitors, e-mail templates and the app's settings."""

from datetime import date

import frappe
from frappe.utils import add_days, add_years, get_first_day, getdate

from erpnext.accounts.utils import FiscalYearError, get_fiscal_year

from account_manager.demo.data import (
	COMPETITORS,
	ITEM_GROUP,
	KEY_ACCOUNT_PRICE_LIST,
	PASSWORD,
	PAYMENT_TERMS,
	SUPPLIERS,
	USERS,
)
from account_manager.demo.utils import root

POLISH_NUMBER_FORMAT = "# ###,##"  # 8 090,00 zł


class Masters:
	"""Part of :class:`account_manager.demo.Demo`."""

	def setup_calendar(self):
		"""Fiscal years over every posting date, and a Holiday List for the company when it has none."""

		for when in (self.day(-120), self.day(0)):
			for _attempt in range(3):
				try:
					get_fiscal_year(when, company=self.company)
					break
				except FiscalYearError:
					self.add_fiscal_year(when)

		if frappe.get_cached_value("Company", self.company, "default_holiday_list"):
			return
		start, end = get_first_day(self.day(-120)).replace(month=1), date(self.today.year, 12, 31)
		name = f"Polska {start.year}-{end.year}" if start.year != end.year else f"Polska {end.year}"
		if not frappe.db.exists("Holiday List", name):
			holidays = frappe.get_doc(
				{"doctype": "Holiday List", "holiday_list_name": name, "from_date": start, "to_date": end}
			)
			holidays.country = "PL"
			holidays.get_local_holidays()
			for weekday in ("Saturday", "Sunday"):
				holidays.weekly_off = weekday
				holidays.get_weekly_off_dates()
			holidays.insert()
			self.created("Holiday List")
		frappe.db.set_value("Company", self.company, "default_holiday_list", name)

	def add_fiscal_year(self, when: date):
		"""The fiscal year before the site's first one (or after its last one), of the same months."""
		years = frappe.get_all(
			"Fiscal Year", fields=["year_start_date", "year_end_date"], order_by="year_start_date asc"
		)
		if not years:
			start, end = date(when.year, 1, 1), date(when.year, 12, 31)
		elif when < getdate(years[0].year_start_date):
			start = getdate(add_years(years[0].year_start_date, -1))
			end = getdate(add_days(years[0].year_start_date, -1))
		else:
			start = getdate(add_days(years[-1].year_end_date, 1))
			end = getdate(add_days(add_years(start, 1), -1))
		frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": str(start.year) if start.year == end.year else f"{start.year}-{end.year}",
				"year_start_date": start,
				"year_end_date": end,
			}
		).insert()
		self.created("Fiscal Year")

	def holidays(self) -> set[date]:
		holiday_list = frappe.get_cached_value("Company", self.company, "default_holiday_list")
		return {
			getdate(d)
			for d in frappe.get_all("Holiday", filters={"parent": holiday_list}, pluck="holiday_date")
		}

	# -- people -------------------------------------------------------------------------------------

	def make_users(self):
		for email, first, last, roles in USERS:
			if frappe.db.exists("User", email):
				continue
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": first,
					"last_name": last,
					"send_welcome_email": 0,
					"user_type": "System User",
					"new_password": PASSWORD,
				}
			)
			user.insert(ignore_permissions=True)
			user.add_roles(*roles)
			self.created("User")

	# -- masters ------------------------------------------------------------------------------------

	def make_masters(self):
		if not frappe.db.exists("Item Group", ITEM_GROUP):
			frappe.get_doc(
				{
					"doctype": "Item Group",
					"item_group_name": ITEM_GROUP,
					"parent_item_group": root("Item Group"),
				}
			).insert()
			self.created("Item Group")
		for name, days in PAYMENT_TERMS:
			if frappe.db.exists("Payment Terms Template", name):
				continue
			frappe.get_doc(
				{
					"doctype": "Payment Terms Template",
					"template_name": name,
					"terms": [
						{
							"invoice_portion": 100,
							"due_date_based_on": "Day(s) after invoice date",
							"credit_days": days,
							"description": name,
						}
					],
				}
			).insert()
			self.created("Payment Terms Template")
		if not frappe.db.exists("Price List", KEY_ACCOUNT_PRICE_LIST):
			frappe.get_doc(
				{
					"doctype": "Price List",
					"price_list_name": KEY_ACCOUNT_PRICE_LIST,
					"currency": self.currency,
					"selling": 1,
				}
			).insert()
			self.created("Price List")
		for name in COMPETITORS:
			if not frappe.db.exists("Competitor", name):
				frappe.get_doc({"doctype": "Competitor", "competitor_name": name}).insert()
				self.created("Competitor")
		for name, group in SUPPLIERS:
			if not frappe.db.exists("Supplier", {"supplier_name": name}):
				frappe.get_doc(
					{
						"doctype": "Supplier",
						"supplier_name": name,
						"supplier_group": group
						if frappe.db.exists("Supplier Group", group)
						else root("Supplier Group"),
						"country": "Poland",
					}
				).insert()
				self.created("Supplier")
		self.make_email_templates()
		self.configure_settings()

	def make_email_templates(self):
		templates = (
			(
				"Oferta handlowa",
				"Oferta {{ doc.name }} dla {{ party_name }}",
				"<p>Dzień dobry,</p><p>w załączeniu przesyłam ofertę {{ doc.name }} ważną do "
				"{{ frappe.format(doc.valid_till, {'fieldtype': 'Date'}) }}. Chętnie odpowiem na pytania.</p>"
				# signed by whoever sends it: a deputy for a manager on leave (issue 27)
				"<p>Z poważaniem<br>{{ sender_name }}</p>",
			),
			(
				"Życzenia",
				"Najlepsze życzenia",
				"<p>Szanowni Państwo,</p><p>z okazji święta składamy najlepsze życzenia: dużo zdrowia, "
				"sukcesów i udanych budów.</p><p>Zespół sprzedaży hurtowej</p>",
			),
		)
		for name, subject, body in templates:
			if frappe.db.exists("Email Template", name):
				# a demo site made before offers were signed by their sender: its template signed for the owner
				if "doc.account_manager" in (
					frappe.db.get_value("Email Template", name, "response_html") or ""
				):
					frappe.db.set_value("Email Template", name, "response_html", body)
				continue
			frappe.get_doc(
				{
					"doctype": "Email Template",
					"name": name,
					"subject": subject,
					"use_html": 1,
					"response_html": body,
				}
			).insert()
			self.created("Email Template")

	def polish_number_format(self):
		"""Numbers and amounts as a Polish company writes them, "8 090,00 zł": a space groups the thousands,
		a comma marks the decimals (System Settings), the currency symbol follows the amount (the company's
		currency). Frappe's setup wizard gives Poland "#.###,##" with the symbol in front ("zł 8.090,00")."""
		settings = frappe.get_single("System Settings")
		if settings.number_format != POLISH_NUMBER_FORMAT:
			settings.number_format = POLISH_NUMBER_FORMAT
			settings.save()  # System Settings writes the site's defaults the desk formats with
		currency = frappe.get_cached_value("Company", self.company, "default_currency")
		wanted = {"number_format": POLISH_NUMBER_FORMAT, "symbol_on_right": 1}
		if currency and frappe.db.get_value("Currency", currency, list(wanted), as_dict=True) != wanted:
			doc = frappe.get_doc("Currency", currency)
			doc.update(wanted)
			doc.save()

	def configure_settings(self):
		"""Offers go out with the demo template; clients are served from the company's Stores."""
		self.polish_number_format()
		settings = frappe.get_single("Account Manager Settings")
		changed = False
		if not settings.offer_email_template:
			settings.offer_email_template = "Oferta handlowa"
			changed = True
		if not any(row.company == self.company for row in settings.serving_warehouses):
			settings.append("serving_warehouses", {"company": self.company, "warehouse": self.warehouse})
			changed = True
		if changed:
			settings.save()

	def stores_warehouse(self) -> str:
		stores = f"Stores - {self.abbr}"  # the one ERPNext's setup wizard makes
		if frappe.db.exists("Warehouse", stores):
			return stores
		return frappe.get_all(
			"Warehouse",
			filters={"company": self.company, "is_group": 0},
			pluck="name",
			order_by="creation",
			limit=1,
		)[0]
