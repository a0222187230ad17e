"""The database: NetSuite's table and column names, and which of them SuiteQL may read.

Each exposed column has a kind that decides how SuiteQL shows it: ``date`` and
``datetime`` columns come back as the account's date format unless selected
with TO_CHAR, ``bool`` columns hold 'T'/'F'. Columns named ``ns_*`` and the
``ns_*`` tables are the sandbox's own bookkeeping and are invisible to SuiteQL.
"""

from __future__ import annotations

INT, FLOAT, TEXT, BOOL, DATE, DATETIME = "int", "float", "text", "bool", "date", "datetime"
DATE_KINDS = frozenset({DATE, DATETIME})
_SQL_TYPE = {INT: "INTEGER", FLOAT: "REAL", TEXT: "TEXT", BOOL: "TEXT", DATE: "TEXT", DATETIME: "TEXT"}

# table -> {column: kind}; the order is SELECT *'s order.
SUITEQL_TABLES: dict[str, dict[str, str]] = {
    "currency": {
        "id": INT,
        "name": TEXT,
        "symbol": TEXT,
        "displaysymbol": TEXT,
        "isbasecurrency": BOOL,
        "exchangerate": FLOAT,
        "currencyprecision": INT,
        "isinactive": BOOL,
        "lastmodifieddate": DATETIME,
    },
    "account": {
        "id": INT,
        "acctnumber": TEXT,
        "accountsearchdisplayname": TEXT,
        "fullname": TEXT,
        "accttype": TEXT,
        "currency": INT,
        "description": TEXT,
        "isinactive": BOOL,
        "lastmodifieddate": DATETIME,
    },
    "item": {
        "id": INT,
        "itemid": TEXT,
        "displayname": TEXT,
        "description": TEXT,
        "itemtype": TEXT,
        "isinactive": BOOL,
        "lastmodifieddate": DATETIME,
    },
    "customer": {
        "id": INT,
        "entityid": TEXT,
        "companyname": TEXT,
        "email": TEXT,
        "phone": TEXT,
        "isperson": BOOL,
        "isinactive": BOOL,
        "externalid": TEXT,
        "currency": INT,
        "subsidiary": INT,
        "datecreated": DATETIME,
        "lastmodifieddate": DATETIME,
    },
    "transaction": {
        "id": INT,
        "type": TEXT,
        "recordtype": TEXT,
        "tranid": TEXT,
        "entity": INT,
        "trandate": DATE,
        "duedate": DATE,
        "currency": INT,
        "exchangerate": FLOAT,
        "foreigntotal": FLOAT,
        "foreignamountunpaid": FLOAT,
        "foreignamountpaid": FLOAT,
        "foreignpaymentamountused": FLOAT,
        "foreignpaymentamountunused": FLOAT,
        "status": TEXT,
        "externalid": TEXT,
        "memo": TEXT,
        "voided": BOOL,
        "createddate": DATETIME,
        "lastmodifieddate": DATETIME,
    },
    "transactionline": {
        "transaction": INT,
        "id": INT,
        "linesequencenumber": INT,
        "mainline": BOOL,
        "item": INT,
        "quantity": FLOAT,
        "rate": FLOAT,
        "foreignamount": FLOAT,
        "memo": TEXT,
    },
    "deletedrecord": {
        "recordid": INT,
        "recordtypeid": INT,
        "type": TEXT,
        "name": TEXT,
        "deleteddate": DATETIME,
        "context": TEXT,
        "deletedby": INT,
        "iscustomrecord": BOOL,
    },
}

# Bookkeeping columns appended to exposed tables.
_HIDDEN_COLUMNS = {
    "transaction": "ns_account INTEGER, ns_undepfunds TEXT, ns_deposit INTEGER",
}
_PRIMARY_KEYS = {
    "currency": "PRIMARY KEY (id)",
    "account": "PRIMARY KEY (id)",
    "item": "PRIMARY KEY (id)",
    "customer": "PRIMARY KEY (id)",
    "transaction": "PRIMARY KEY (id)",
    "transactionline": 'PRIMARY KEY ("transaction", id)',
}
_WITHOUT_ROWID = {"transactionline"}

_BOOKKEEPING_TABLES = [
    # A payment's or credit memo's application to an invoice.
    "CREATE TABLE IF NOT EXISTS ns_apply (payment INTEGER NOT NULL, invoice INTEGER NOT NULL, "
    "amount REAL NOT NULL, PRIMARY KEY (payment, invoice)) WITHOUT ROWID",
    # A deposit's 'other' and 'cashBack' lines.
    "CREATE TABLE IF NOT EXISTS ns_depositline (deposit INTEGER NOT NULL, line INTEGER NOT NULL, "
    "kind TEXT NOT NULL, account INTEGER, amount REAL NOT NULL, entity INTEGER, memo TEXT, "
    "PRIMARY KEY (deposit, line)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS ns_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]

# Created after the bulk load (faster than maintaining them row by row).
INDEXES = [
    'CREATE INDEX IF NOT EXISTS transaction_type_lastmodified ON "transaction" (type, lastmodifieddate)',
    'CREATE INDEX IF NOT EXISTS transaction_type_id ON "transaction" (type, id)',
    'CREATE INDEX IF NOT EXISTS transaction_trandate ON "transaction" (trandate)',
    'CREATE INDEX IF NOT EXISTS transaction_entity ON "transaction" (entity)',
    'CREATE INDEX IF NOT EXISTS transaction_externalid ON "transaction" (externalid)',
    'CREATE INDEX IF NOT EXISTS transaction_deposit ON "transaction" (ns_deposit)',
    "CREATE INDEX IF NOT EXISTS customer_lastmodified ON customer (lastmodifieddate)",
    "CREATE INDEX IF NOT EXISTS customer_externalid ON customer (externalid)",
    "CREATE INDEX IF NOT EXISTS deletedrecord_deleteddate ON deletedrecord (deleteddate)",
    "CREATE INDEX IF NOT EXISTS ns_apply_invoice ON ns_apply (invoice)",
]


TRANSACTION_COLUMNS = (*SUITEQL_TABLES["transaction"], "ns_account", "ns_undepfunds", "ns_deposit")
TRANSACTION_INSERT = (
    f'INSERT INTO "transaction" ({", ".join(TRANSACTION_COLUMNS)}) '
    f"VALUES ({', '.join('?' for _ in TRANSACTION_COLUMNS)})"
)
_TRANSACTION_COLUMN_SET = frozenset(TRANSACTION_COLUMNS)


def transaction_row(**values: object) -> tuple:
    """A row for TRANSACTION_INSERT from column=value pairs (missing columns are NULL, voided 'F')."""
    if not values.keys() <= _TRANSACTION_COLUMN_SET:
        raise ValueError(f"not transaction columns: {sorted(values.keys() - _TRANSACTION_COLUMN_SET)}")
    values.setdefault("voided", "F")
    get = values.get
    return tuple([get(column) for column in TRANSACTION_COLUMNS])


def create_table_statements() -> list[str]:
    statements = []
    for table, columns in SUITEQL_TABLES.items():
        parts = [f'"{name}" {_SQL_TYPE[kind]}' for name, kind in columns.items()]
        if table in _HIDDEN_COLUMNS:
            parts.append(_HIDDEN_COLUMNS[table])
        if table in _PRIMARY_KEYS:
            parts.append(_PRIMARY_KEYS[table])
        suffix = " WITHOUT ROWID" if table in _WITHOUT_ROWID else ""
        statements.append(f'CREATE TABLE IF NOT EXISTS "{table}" ({", ".join(parts)}){suffix}')
    return statements + _BOOKKEEPING_TABLES


def data_tables() -> list[str]:
    """Every table a reset empties (ns_meta keeps credentials and the data-set key), quoted."""
    return [f'"{table}"' for table in [*SUITEQL_TABLES, "ns_apply", "ns_depositline"]]
