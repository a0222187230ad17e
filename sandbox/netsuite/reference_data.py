"""The fixed part of every sandbox account: currencies, accounts, items, and name parts."""

from __future__ import annotations

from sandbox.netsuite.statuses import CREDIT_MEMO, CUSTOMER_REFUND, DEPOSIT, INVOICE, PAYMENT

USD, GBP, CAD, EUR = 1, 2, 3, 4

# id, name, symbol, display symbol, base?, exchange rate to USD
CURRENCIES = [
    (USD, "US Dollar", "USD", "$", "T", 1.0),
    (GBP, "British pound", "GBP", "£", "F", 1.27),
    (CAD, "Canadian Dollar", "CAD", "$", "F", 0.73),
    (EUR, "Euro", "EUR", "€", "F", 1.08),
]
EXCHANGE_RATES = {row[0]: row[5] for row in CURRENCIES}

# id, number, name, type, currency, inactive
ACCOUNTS = [
    (1, "1000", "Operating Checking", "Bank", USD, "F"),
    (2, "1010", "Payroll Checking", "Bank", USD, "F"),
    (3, "1020", "EUR Operating", "Bank", EUR, "F"),
    (4, "1030", "GBP Operating", "Bank", GBP, "F"),
    (5, "1040", "CAD Operating", "Bank", CAD, "F"),
    (6, "1090", "Old Checking (closed)", "Bank", USD, "T"),
    (7, "1100", "Undeposited Funds", "UndepFunds", None, "F"),
    (8, "1200", "Accounts Receivable", "AcctRec", None, "F"),
    (9, "4000", "Sales", "Income", None, "F"),
    (10, "4010", "Service Revenue", "Income", None, "F"),
    (11, "4900", "Other Income", "Income", None, "F"),
    (12, "6000", "Bank Fees", "Expense", None, "F"),
    (13, "6010", "Payment Processing Fees", "Expense", None, "F"),
]
UNDEPOSITED_FUNDS = 7
ACCOUNTS_RECEIVABLE = 8
BANK_BY_CURRENCY = {USD: 1, EUR: 3, GBP: 4, CAD: 5}

# id, item id, display name, type, base rate
ITEMS = [
    (1, "CONSULT", "Consulting (hour)", "Service", 150.0),
    (2, "MSP-SEAT", "Managed services (seat)", "Service", 45.0),
    (3, "MSP-SERVER", "Managed server", "Service", 120.0),
    (4, "BACKUP", "Cloud backup (TB)", "Service", 35.0),
    (5, "FIREWALL", "Firewall appliance", "NonInvtPart", 890.0),
    (6, "LAPTOP", "Business laptop", "NonInvtPart", 1249.0),
    (7, "M365", "Microsoft 365 licence", "NonInvtPart", 22.0),
    (8, "ONSITE", "On-site visit", "Service", 225.0),
]
ITEM_NAMES = {row[0]: row[2] for row in ITEMS}

TRANID_PREFIX = {INVOICE: "INV", PAYMENT: "PYMT", CREDIT_MEMO: "CM", DEPOSIT: "DEP", CUSTOMER_REFUND: "RFND"}
TERMS_DAYS = (15, 30, 30, 30, 45, 60)

NAME_FIRST = [
    "Blue",
    "North",
    "Summit",
    "Harbor",
    "Cedar",
    "Granite",
    "Silver",
    "Maple",
    "River",
    "Pioneer",
    "Oak",
    "Lakeside",
    "Golden",
    "Prairie",
    "Coastal",
    "Redwood",
    "Iron",
    "Evergreen",
    "Bright",
    "Union",
]
NAME_SECOND = [
    "Dental",
    "Logistics",
    "Law",
    "Architects",
    "Clinic",
    "Builders",
    "Realty",
    "Accounting",
    "Labs",
    "Foods",
    "Design",
    "Insurance",
    "Motors",
    "Studios",
    "Health",
    "Partners",
    "Supply",
    "Ventures",
]
NAME_SUFFIX = ["LLC", "Inc.", "Group", "Co.", "Ltd", "PLLC", "& Sons", "Associates"]
PERSON_FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Iris", "Jonas"]
PERSON_LAST = ["Alvarez", "Brooks", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen"]
