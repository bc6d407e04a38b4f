import re

from setuptools import find_packages, setup

with open("account_manager/__init__.py") as f:
	version = re.search(r'__version__ = "(.*?)"', f.read()).group(1)

setup(
	name="account_manager",
	version=version,
	description="Wholesale account manager's job in ERPNext: client data bank, offers on real stock, debt rule, KPI plan",
	author="account_manager contributors",
	license="MIT",
	packages=find_packages(include=["account_manager", "account_manager.*"]),
	zip_safe=False,
	include_package_data=True,
	python_requires=">=3.10",
)
