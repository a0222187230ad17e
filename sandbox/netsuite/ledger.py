"""Every change to the account, with NetSuite's bookkeeping rules.

Payments and credits applied to an invoice lower its amount unpaid, set its
status and stamp its ``lastmodifieddate``; deposits move payments out of
Undeposited Funds. The record service and the test controls both go through
here, so a change looks the same whoever makes it.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from sandbox.netsuite import reference_data as ref
from sandbox.netsuite.clock import SandboxClock, add_days
from sandbox.netsuite.database import Database
from sandbox.netsuite.errors import NetSuiteError, not_found, user_error
from sandbox.netsuite.schema import TRANSACTION_INSERT, transaction_row
from sandbox.netsuite.statuses import (
    CREDIT_APPLIED,
    CREDIT_MEMO,
    DEPOSIT,
    INVOICE,
    INVOICE_OPEN,
    INVOICE_PAID,
    INVOICE_VOIDED,
    PAYMENT,
    PAYMENT_DEPOSITED,
    PAYMENT_NOT_DEPOSITED,
    RECORD_TYPES,
    TYPE_LABELS,
)

EXTERNAL_ID = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
CENT = 0.005
UNSET = object()  # "leave this field as it is"
T = '"transaction"'


def check_external_id(value: str, path: str = "externalId") -> str:
    if not isinstance(value, str) or not EXTERNAL_ID.match(value):
        raise NetSuiteError(
            400,
            "INVALID_ID",
            f"Invalid external ID {value!r}: use only letters, digits, '_' and '-' (at most 255).",
            path,
        )
    return value


@dataclass
class InvoiceLine:
    item: int
    quantity: float = 1.0
    rate: float | None = None
    amount: float | None = None
    description: str | None = None


@dataclass
class Application:
    invoice: int
    amount: float | None = None  # None: as much as the invoice and the payment allow


@dataclass
class PaymentSpec:
    customer: int
    amount: float
    applications: list[Application] = field(default_factory=list)
    undepfunds: bool = True
    account: int | None = None
    trandate: date | None = None
    currency: int | None = None
    memo: str | None = None
    externalid: str | None = None


@dataclass
class OtherLine:
    account: int
    amount: float
    entity: int | None = None
    memo: str | None = None


@dataclass
class CashBackLine:
    account: int
    amount: float
    memo: str | None = None


@dataclass
class DepositSpec:
    account: int
    payments: list[int] = field(default_factory=list)
    other: list[OtherLine] = field(default_factory=list)
    cashback: list[CashBackLine] = field(default_factory=list)
    trandate: date | None = None
    memo: str | None = None
    externalid: str | None = None


def _money(value: float) -> float:
    return round(float(value), 2) + 0.0  # + 0.0 turns -0.0 into 0.0


class Ledger:
    def __init__(self, database: Database, clock: SandboxClock) -> None:
        self.db = database
        self.clock = clock

    # -- shared helpers -----------------------------------------------------------------------------
    def _stamp(self) -> str:
        return self.clock.now_stored()

    def _day(self, value: date | None) -> str:
        return (value or self.clock.today()).isoformat() + " 00:00:00"

    def _next_id(self, connection: sqlite3.Connection, sequence: str) -> int:
        key = f"seq:{sequence}"
        row = connection.execute("SELECT value FROM ns_meta WHERE key = ?", (key,)).fetchone()
        value = int(row[0]) + 1 if row else 1
        connection.execute("INSERT OR REPLACE INTO ns_meta (key, value) VALUES (?, ?)", (key, str(value)))
        return value

    def _new_tranid(self, connection: sqlite3.Connection, tran_type: str) -> str:
        return f"{ref.TRANID_PREFIX[tran_type]}{100000 + self._next_id(connection, f'tranid:{tran_type}')}"

    def _transaction(self, connection: sqlite3.Connection, record_id: int, tran_type: str) -> sqlite3.Row:
        row = connection.execute(f"SELECT * FROM {T} WHERE id = ? AND type = ?", (record_id, tran_type)).fetchone()
        if row is None:
            raise not_found(RECORD_TYPES[tran_type], str(record_id))
        return row

    def _customer(self, connection: sqlite3.Connection, customer_id: int, path: str = "customer") -> sqlite3.Row:
        row = connection.execute("SELECT * FROM customer WHERE id = ?", (customer_id,)).fetchone()
        if row is None:
            raise user_error(f"Invalid Field Value {customer_id} for the following field: {path}", path)
        return row

    def _account(self, connection: sqlite3.Connection, account_id: int, path: str) -> sqlite3.Row:
        row = connection.execute("SELECT * FROM account WHERE id = ?", (account_id,)).fetchone()
        if row is None:
            raise user_error(f"Invalid Field Value {account_id} for the following field: {path}", path)
        if row["isinactive"] == "T":
            raise user_error(f"The account {row['fullname']} is inactive.", path)
        return row

    def _check_unique_external_id(
        self, connection: sqlite3.Connection, table: str, externalid: str, own_id: int | None, tran_type: str | None
    ) -> None:
        sql = f"SELECT id FROM {table} WHERE externalid = ?"
        params: list = [externalid]
        if tran_type:
            sql += " AND type = ?"
            params.append(tran_type)
        row = connection.execute(sql, params).fetchone()
        if row is not None and row[0] != own_id:
            raise user_error(f"A record with the external ID {externalid!r} already exists.", "externalId")

    def _write_transaction(
        self, connection: sqlite3.Connection, record_id: int, values: dict[str, object], new: bool
    ) -> None:
        """Insert a transaction row, or update the given columns of an existing one."""
        if new:
            connection.execute(TRANSACTION_INSERT, transaction_row(id=record_id, **values))
            return
        assignments = ", ".join(f"{name} = ?" for name in values)
        connection.execute(f"UPDATE {T} SET {assignments} WHERE id = ?", (*values.values(), record_id))

    def _deleted(
        self, connection: sqlite3.Connection, record_id: int, record_type: str, name: str, context: str
    ) -> None:
        connection.execute(
            "INSERT INTO deletedrecord VALUES (?, NULL, ?, ?, ?, ?, -5, 'F')",
            (record_id, record_type, name, self._stamp(), context),
        )

    def _refresh_invoice(self, connection: sqlite3.Connection, invoice_id: int) -> None:
        """Recompute amount paid/unpaid and status from the applications; stamp the change."""
        invoice = connection.execute(f"SELECT * FROM {T} WHERE id = ?", (invoice_id,)).fetchone()
        if invoice is None or invoice["voided"] == "T":
            return
        paid = _money(
            connection.execute(
                "SELECT COALESCE(SUM(amount), 0) FROM ns_apply WHERE invoice = ?", (invoice_id,)
            ).fetchone()[0]
        )
        unpaid = _money(invoice["foreigntotal"] - paid)
        status = INVOICE_PAID if unpaid <= CENT and invoice["foreigntotal"] > 0 else INVOICE_OPEN
        connection.execute(
            f"UPDATE {T} SET foreignamountpaid = ?, foreignamountunpaid = ?, status = ?, lastmodifieddate = ? "
            "WHERE id = ?",
            (paid, max(unpaid, 0.0), status, self._stamp(), invoice_id),
        )

    # -- customers ----------------------------------------------------------------------------------
    def create_customer(
        self,
        *,
        companyname: str,
        email: str | None = None,
        entityid: str | None = None,
        phone: str | None = None,
        isperson: bool = False,
        isinactive: bool = False,
        currency: int = ref.USD,
        externalid: str | None = None,
        subsidiary: int = 1,
    ) -> int:
        with self.db.write() as connection:
            self._check_currency(connection, currency, "currency")
            if externalid is not None:
                check_external_id(externalid)
                self._check_unique_external_id(connection, "customer", externalid, None, None)
            customer_id = self._next_id(connection, "customer")
            stamp = self._stamp()
            connection.execute(
                "INSERT INTO customer VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    customer_id,
                    entityid or f"CUST{customer_id}",
                    companyname,
                    email,
                    phone,
                    _tf(isperson),
                    _tf(isinactive),
                    externalid,
                    currency,
                    subsidiary,
                    stamp,
                    stamp,
                ),
            )
            return customer_id

    def update_customer(self, customer_id: int, changes: dict) -> None:
        """``changes``: column -> value (bools as True/False); only the given columns change."""
        allowed = {"companyname", "email", "entityid", "phone", "isperson", "isinactive", "currency", "externalid"}
        unknown = set(changes) - allowed
        if unknown:
            raise user_error(f"These customer fields cannot be changed: {sorted(unknown)}")
        with self.db.write() as connection:
            if connection.execute("SELECT 1 FROM customer WHERE id = ?", (customer_id,)).fetchone() is None:
                raise not_found("customer", str(customer_id))
            values = dict(changes)
            for flag in ("isperson", "isinactive"):
                if flag in values:
                    values[flag] = _tf(bool(values[flag]))
            if values.get("externalid") is not None:
                check_external_id(values["externalid"])
                self._check_unique_external_id(connection, "customer", values["externalid"], customer_id, None)
            if "currency" in values:
                self._check_currency(connection, values["currency"], "currency")
            values["lastmodifieddate"] = self._stamp()
            assignments = ", ".join(f"{name} = ?" for name in values)
            connection.execute(
                f"UPDATE customer SET {assignments} WHERE id = ?",
                (*values.values(), customer_id),
            )

    def delete_customer(self, customer_id: int, context: str) -> None:
        with self.db.write() as connection:
            row = connection.execute("SELECT * FROM customer WHERE id = ?", (customer_id,)).fetchone()
            if row is None:
                raise not_found("customer", str(customer_id))
            if connection.execute(f"SELECT 1 FROM {T} WHERE entity = ? LIMIT 1", (customer_id,)).fetchone():
                raise user_error(
                    "This record cannot be deleted because it has dependent records (transactions). "
                    "Make the customer inactive instead."
                )
            connection.execute("DELETE FROM customer WHERE id = ?", (customer_id,))
            self._deleted(connection, customer_id, "customer", f"{row['entityid']} {row['companyname']}", context)

    def _check_currency(self, connection: sqlite3.Connection, currency: int, path: str) -> None:
        if connection.execute("SELECT 1 FROM currency WHERE id = ?", (currency,)).fetchone() is None:
            raise user_error(f"Invalid Field Value {currency} for the following field: {path}", path)

    # -- invoices -----------------------------------------------------------------------------------
    def create_invoice(
        self,
        *,
        customer: int,
        lines: list[InvoiceLine],
        trandate: date | None = None,
        duedate: date | None = None,
        currency: int | None = None,
        memo: str | None = None,
        externalid: str | None = None,
        tranid: str | None = None,
    ) -> int:
        with self.db.write() as connection:
            owner = self._customer(connection, customer, "entity")
            if owner["isinactive"] == "T":
                raise user_error(f"The customer {customer} is inactive.", "entity")
            currency = currency or owner["currency"]
            self._check_currency(connection, currency, "currency")
            if externalid is not None:
                check_external_id(externalid)
                self._check_unique_external_id(connection, T, externalid, None, INVOICE)
            priced = self._priced_lines(connection, lines)
            total = _money(sum(line.amount for line in priced))
            invoice_id = self._next_id(connection, "transaction")
            stamp = self._stamp()
            day = self._day(trandate)
            due = self._day(duedate) if duedate else add_days(day, 30)
            if due < day:
                raise user_error("The due date must not be before the transaction date.", "dueDate")
            values = {
                "type": INVOICE,
                "recordtype": "invoice",
                "tranid": tranid or self._new_tranid(connection, INVOICE),
                "entity": customer,
                "trandate": day,
                "duedate": due,
                "currency": currency,
                "exchangerate": ref.EXCHANGE_RATES.get(currency, 1.0),
                "foreigntotal": total,
                "foreignamountunpaid": total,
                "foreignamountpaid": 0.0,
                "status": INVOICE_OPEN,
                "externalid": externalid,
                "memo": memo,
                "createddate": stamp,
                "lastmodifieddate": stamp,
                "ns_account": ref.ACCOUNTS_RECEIVABLE,
            }
            self._write_transaction(connection, invoice_id, values, new=True)
            self._write_lines(connection, invoice_id, priced, total, memo)
            return invoice_id

    def _priced_lines(self, connection: sqlite3.Connection, lines: list[InvoiceLine]) -> list[InvoiceLine]:
        if not lines:
            raise user_error("You must enter at least one line item for this transaction.", "item")
        priced = []
        for index, line in enumerate(lines):
            path = f"item.items[{index}]"
            if connection.execute("SELECT 1 FROM item WHERE id = ?", (line.item,)).fetchone() is None:
                raise user_error(f"Invalid Field Value {line.item} for the following field: item", f"{path}.item")
            if line.quantity is None or line.quantity <= 0:
                raise user_error("The quantity must be greater than zero.", f"{path}.quantity")
            rate = line.rate
            amount = line.amount
            if rate is None and amount is None:
                raise user_error("Enter a rate or an amount for each line.", f"{path}.rate")
            if rate is None:
                rate = _money(amount / line.quantity)
            if amount is None:
                amount = _money(line.quantity * rate)
            if rate < 0 or amount < 0:
                raise user_error("Line amounts must not be negative.", f"{path}.amount")
            description = line.description or ref.ITEM_NAMES.get(line.item)
            priced.append(InvoiceLine(line.item, float(line.quantity), float(rate), _money(amount), description))
        return priced

    def _write_lines(
        self, connection: sqlite3.Connection, invoice_id: int, lines: list[InvoiceLine], total: float, memo: str | None
    ) -> None:
        connection.execute('DELETE FROM transactionline WHERE "transaction" = ?', (invoice_id,))
        rows = [(invoice_id, 0, 0, "T", None, None, None, total, memo)]
        rows += [
            (invoice_id, number, number, "F", line.item, -line.quantity, line.rate, -line.amount, line.description)
            for number, line in enumerate(lines, start=1)
        ]
        connection.executemany("INSERT INTO transactionline VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def update_invoice(
        self,
        invoice_id: int,
        *,
        lines: list[InvoiceLine] | None = None,
        total: float | None = None,
        duedate: object = UNSET,
        trandate: object = UNSET,
        memo: object = UNSET,
        externalid: object = UNSET,
    ) -> None:
        """Edit an invoice; a new ``total`` without lines becomes one line of that amount."""
        with self.db.write() as connection:
            invoice = self._transaction(connection, invoice_id, INVOICE)
            if invoice["voided"] == "T":
                raise user_error("You cannot edit a voided transaction.")
            changes: dict[str, object] = {}
            if lines is None and total is not None:
                first = connection.execute(
                    "SELECT item FROM transactionline WHERE \"transaction\" = ? AND mainline = 'F' ORDER BY id LIMIT 1",
                    (invoice_id,),
                ).fetchone()
                lines = [InvoiceLine(first[0] if first else 1, 1, _money(total), None, "Adjusted amount")]
            if lines is not None:
                priced = self._priced_lines(connection, lines)
                new_total = _money(sum(line.amount for line in priced))
                paid = _money(invoice["foreignamountpaid"] or 0)
                if new_total + CENT < paid:
                    raise user_error(
                        f"The total ({new_total}) cannot be less than the amount already paid or credited ({paid}).",
                        "item",
                    )
                memo_value = invoice["memo"] if memo is UNSET else memo
                self._write_lines(connection, invoice_id, priced, new_total, memo_value)
                changes["foreigntotal"] = new_total
            if duedate is not UNSET:
                changes["duedate"] = self._day(duedate) if duedate else None
            if trandate is not UNSET:
                changes["trandate"] = self._day(trandate)
            if memo is not UNSET:
                changes["memo"] = memo
            if externalid is not UNSET:
                if externalid is not None:
                    check_external_id(externalid)
                    self._check_unique_external_id(connection, T, externalid, invoice_id, INVOICE)
                changes["externalid"] = externalid
            due = changes.get("duedate", invoice["duedate"])
            day = changes.get("trandate", invoice["trandate"])
            if due is not None and due < day:
                raise user_error("The due date must not be before the transaction date.", "dueDate")
            changes["lastmodifieddate"] = self._stamp()
            assignments = ", ".join(f"{name} = ?" for name in changes)
            connection.execute(f"UPDATE {T} SET {assignments} WHERE id = ?", (*changes.values(), invoice_id))
            self._refresh_invoice(connection, invoice_id)

    def void_transaction(self, record_id: int) -> None:
        """Void an invoice, payment or credit memo: amounts go to zero, applications are undone."""
        with self.db.write() as connection:
            row = connection.execute(f"SELECT * FROM {T} WHERE id = ?", (record_id,)).fetchone()
            if row is None or row["type"] not in (INVOICE, PAYMENT, CREDIT_MEMO):
                raise not_found("transaction", str(record_id))
            if row["voided"] == "T":
                raise user_error("This transaction has already been voided.")
            if row["type"] == INVOICE:
                if connection.execute("SELECT 1 FROM ns_apply WHERE invoice = ? LIMIT 1", (record_id,)).fetchone():
                    raise user_error("You cannot void an invoice with payments or credits applied to it.")
                connection.execute(
                    f"UPDATE {T} SET voided = 'T', status = ?, foreigntotal = 0, foreignamountunpaid = 0, "
                    "foreignamountpaid = 0, lastmodifieddate = ? WHERE id = ?",
                    (INVOICE_VOIDED, self._stamp(), record_id),
                )
                connection.execute(
                    "UPDATE transactionline SET foreignamount = 0 WHERE \"transaction\" = ? AND mainline = 'T'",
                    (record_id,),
                )
                return
            if row["ns_deposit"] is not None:
                raise user_error("You cannot void a payment that has been deposited; delete it from the deposit first.")
            invoices = self._unapply(connection, record_id)
            connection.execute(
                f"UPDATE {T} SET voided = 'T', status = 'V', foreigntotal = 0, foreignpaymentamountused = 0, "
                "foreignpaymentamountunused = 0, lastmodifieddate = ? WHERE id = ?",
                (self._stamp(), record_id),
            )
            for invoice_id in invoices:
                self._refresh_invoice(connection, invoice_id)

    def delete_transaction(self, record_id: int, tran_type: str, context: str) -> None:
        with self.db.write() as connection:
            row = self._transaction(connection, record_id, tran_type)
            if (
                tran_type == INVOICE
                and connection.execute("SELECT 1 FROM ns_apply WHERE invoice = ? LIMIT 1", (record_id,)).fetchone()
            ):
                raise user_error(
                    "This record cannot be deleted because it has dependent records (payments or credits applied)."
                )
            if tran_type == PAYMENT and row["ns_deposit"] is not None:
                raise user_error(
                    "This record cannot be deleted because it has dependent records "
                    f"(it is part of deposit {row['ns_deposit']})."
                )
            invoices = self._unapply(connection, record_id)
            if tran_type == DEPOSIT:
                self._release_payments(connection, record_id)
                connection.execute("DELETE FROM ns_depositline WHERE deposit = ?", (record_id,))
            connection.execute('DELETE FROM transactionline WHERE "transaction" = ?', (record_id,))
            connection.execute(f"DELETE FROM {T} WHERE id = ?", (record_id,))
            self._deleted(
                connection, record_id, RECORD_TYPES[tran_type], f"{TYPE_LABELS[tran_type]} #{row['tranid']}", context
            )
            for invoice_id in invoices:
                self._refresh_invoice(connection, invoice_id)

    def _unapply(self, connection: sqlite3.Connection, record_id: int) -> list[int]:
        invoices = [r[0] for r in connection.execute("SELECT invoice FROM ns_apply WHERE payment = ?", (record_id,))]
        connection.execute("DELETE FROM ns_apply WHERE payment = ?", (record_id,))
        return invoices

    # -- payments and credits -------------------------------------------------------------------------
    def create_payment(self, spec: PaymentSpec) -> int:
        with self.db.write() as connection:
            payment_id = self._next_id(connection, "transaction")
            self._save_payment(connection, payment_id, spec, existing=None)
            return payment_id

    def update_payment(self, payment_id: int, spec: PaymentSpec) -> None:
        with self.db.write() as connection:
            existing = self._transaction(connection, payment_id, PAYMENT)
            self._save_payment(connection, payment_id, spec, existing=existing)

    def _save_payment(
        self, connection: sqlite3.Connection, payment_id: int, spec: PaymentSpec, existing: sqlite3.Row | None
    ) -> None:
        customer = self._customer(connection, spec.customer)
        if existing is not None:
            self._check_payment_change(connection, existing, spec)
        elif customer["isinactive"] == "T":
            raise user_error(f"The customer {spec.customer} is inactive.", "customer")
        currency = spec.currency or customer["currency"]
        self._check_currency(connection, currency, "currency")
        amount = _money(spec.amount)
        if amount <= 0:
            raise user_error("The payment amount must be greater than zero.", "payment")
        account = self._payment_account(connection, spec, currency)
        if spec.externalid is not None:
            check_external_id(spec.externalid)
            self._check_unique_external_id(connection, T, spec.externalid, payment_id, PAYMENT)
        previous = dict(
            connection.execute("SELECT invoice, amount FROM ns_apply WHERE payment = ?", (payment_id,)).fetchall()
        )
        applied = self._applications(connection, spec, currency, amount, previous)
        used = _money(sum(applied.values()))
        stamp = self._stamp()
        deposited = existing is not None and existing["ns_deposit"] is not None
        status = PAYMENT_DEPOSITED if deposited or not spec.undepfunds else PAYMENT_NOT_DEPOSITED
        day = self._day(spec.trandate) if spec.trandate or existing is None else existing["trandate"]
        values = {
            "type": PAYMENT,
            "recordtype": "customerpayment",
            "entity": spec.customer,
            "trandate": day,
            "currency": currency,
            "exchangerate": ref.EXCHANGE_RATES.get(currency, 1.0),
            "foreigntotal": amount,
            "foreignpaymentamountused": used,
            "foreignpaymentamountunused": _money(amount - used),
            "status": status,
            "externalid": spec.externalid,
            "memo": spec.memo,
            "lastmodifieddate": stamp,
            "ns_account": account,
            "ns_undepfunds": _tf(spec.undepfunds),
        }
        if existing is None:
            values.update(tranid=self._new_tranid(connection, PAYMENT), createddate=stamp)
        self._write_transaction(connection, payment_id, values, new=existing is None)
        connection.execute('DELETE FROM transactionline WHERE "transaction" = ?', (payment_id,))
        connection.execute(
            "INSERT INTO transactionline VALUES (?, 0, 0, 'T', NULL, NULL, NULL, ?, ?)", (payment_id, amount, spec.memo)
        )
        self._replace_applications(connection, payment_id, previous, applied)

    def _check_payment_change(self, connection: sqlite3.Connection, existing: sqlite3.Row, spec: PaymentSpec) -> None:
        if existing["voided"] == "T":
            raise user_error("You cannot edit a voided transaction.")
        if existing["entity"] != spec.customer:
            raise user_error("The customer of an existing payment cannot be changed.", "customer")
        if existing["ns_deposit"] is None:
            return
        previous = dict(
            connection.execute("SELECT invoice, amount FROM ns_apply WHERE payment = ?", (existing["id"],)).fetchall()
        )
        same_amount = abs(existing["foreigntotal"] - _money(spec.amount)) < CENT
        same_applications = {a.invoice for a in spec.applications} == set(previous) and all(
            a.amount is None or abs(previous[a.invoice] - a.amount) < CENT for a in spec.applications
        )
        if not (same_amount and same_applications and spec.undepfunds):
            raise user_error(
                f"This payment is part of deposit {existing['ns_deposit']}: its amount, applications and "
                "account cannot change."
            )

    def _payment_account(self, connection: sqlite3.Connection, spec: PaymentSpec, currency: int) -> int:
        if spec.undepfunds:
            if spec.account is not None and spec.account != ref.UNDEPOSITED_FUNDS:
                raise user_error("Leave the account empty when the payment goes to Undeposited Funds.", "account")
            return ref.UNDEPOSITED_FUNDS
        if spec.account is None:
            raise user_error("Please enter value(s) for: Account (or set undepFunds to true).", "account")
        account = self._account(connection, spec.account, "account")
        if account["accttype"] != "Bank":
            raise user_error(f"The account {account['fullname']} is not a bank account.", "account")
        if account["currency"] != currency:
            raise user_error(f"The account {account['fullname']} is not in the payment's currency.", "account")
        return spec.account

    def _applications(
        self,
        connection: sqlite3.Connection,
        spec: PaymentSpec,
        currency: int,
        amount: float,
        previous: dict[int, float],
    ) -> dict[int, float]:
        applied: dict[int, float] = {}
        remaining = amount
        for index, application in enumerate(spec.applications):
            path = f"apply.items[{index}]"
            invoice = connection.execute(
                f"SELECT * FROM {T} WHERE id = ? AND type = ?", (application.invoice, INVOICE)
            ).fetchone()
            if invoice is None:
                raise user_error(
                    f"Invalid apply reference: invoice {application.invoice} does not exist.", f"{path}.doc"
                )
            if application.invoice in applied:
                raise user_error(f"Invoice {application.invoice} is listed twice.", f"{path}.doc")
            if invoice["entity"] != spec.customer:
                raise user_error(
                    f"Invoice {application.invoice} belongs to another customer and cannot be paid by this payment.",
                    f"{path}.doc",
                )
            if invoice["voided"] == "T":
                raise user_error(f"Invoice {application.invoice} is voided.", f"{path}.doc")
            if invoice["currency"] != currency:
                raise user_error(
                    f"Invoice {application.invoice} is in another currency than the payment.", f"{path}.doc"
                )
            due = _money(invoice["foreignamountunpaid"] + previous.get(application.invoice, 0.0))
            value = min(due, remaining) if application.amount is None else _money(application.amount)
            if value <= 0:
                raise user_error(f"Nothing is due on invoice {application.invoice}.", f"{path}.amount")
            if value > due + CENT:
                raise user_error(
                    f"The amount applied to invoice {application.invoice} ({value}) is more than its "
                    f"amount due ({due}).",
                    f"{path}.amount",
                )
            remaining = _money(remaining - value)
            if remaining < -CENT:
                raise user_error("The total applied is more than the payment amount.", f"{path}.amount")
            applied[application.invoice] = value
        return applied

    def _replace_applications(
        self, connection: sqlite3.Connection, record_id: int, previous: dict[int, float], applied: dict[int, float]
    ) -> None:
        changed = {
            invoice
            for invoice in set(previous) | set(applied)
            if abs(previous.get(invoice, 0.0) - applied.get(invoice, 0.0)) >= CENT
        }
        connection.execute("DELETE FROM ns_apply WHERE payment = ?", (record_id,))
        connection.executemany(
            "INSERT INTO ns_apply VALUES (?, ?, ?)", [(record_id, invoice, value) for invoice, value in applied.items()]
        )
        for invoice in sorted(changed):
            self._refresh_invoice(connection, invoice)

    def create_credit(self, invoice_id: int, amount: float, memo: str | None = None) -> int:
        """A credit memo for the invoice's customer, applied to the invoice."""
        with self.db.write() as connection:
            invoice = self._transaction(connection, invoice_id, INVOICE)
            if invoice["voided"] == "T":
                raise user_error(f"Invoice {invoice_id} is voided.")
            value = _money(amount)
            if value <= 0 or value > invoice["foreignamountunpaid"] + CENT:
                raise user_error(
                    f"The credit ({value}) must be positive and at most the amount due "
                    f"({invoice['foreignamountunpaid']})."
                )
            credit_id = self._next_id(connection, "transaction")
            stamp = self._stamp()
            values = {
                "type": CREDIT_MEMO,
                "recordtype": "creditmemo",
                "tranid": self._new_tranid(connection, CREDIT_MEMO),
                "entity": invoice["entity"],
                "trandate": self._day(None),
                "currency": invoice["currency"],
                "exchangerate": invoice["exchangerate"],
                "foreigntotal": value,
                "foreignpaymentamountused": value,
                "foreignpaymentamountunused": 0.0,
                "status": CREDIT_APPLIED,
                "memo": memo,
                "createddate": stamp,
                "lastmodifieddate": stamp,
            }
            self._write_transaction(connection, credit_id, values, new=True)
            connection.execute(
                "INSERT INTO transactionline VALUES (?, 0, 0, 'T', NULL, NULL, NULL, ?, ?)", (credit_id, value, memo)
            )
            self._replace_applications(connection, credit_id, {}, {invoice_id: value})
            return credit_id

    # -- deposits -------------------------------------------------------------------------------------
    def create_deposit(self, spec: DepositSpec) -> int:
        with self.db.write() as connection:
            deposit_id = self._next_id(connection, "transaction")
            self._save_deposit(connection, deposit_id, spec, existing=None)
            return deposit_id

    def update_deposit(self, deposit_id: int, spec: DepositSpec) -> None:
        with self.db.write() as connection:
            existing = self._transaction(connection, deposit_id, DEPOSIT)
            self._save_deposit(connection, deposit_id, spec, existing=existing)

    def _save_deposit(
        self, connection: sqlite3.Connection, deposit_id: int, spec: DepositSpec, existing: sqlite3.Row | None
    ) -> None:
        account = self._account(connection, spec.account, "account")
        if account["accttype"] != "Bank":
            raise user_error(f"The account {account['fullname']} is not a bank account.", "account")
        currency = account["currency"]
        if spec.externalid is not None:
            check_external_id(spec.externalid)
            self._check_unique_external_id(connection, T, spec.externalid, deposit_id, DEPOSIT)
        payments_total = self._check_deposit_payments(connection, deposit_id, spec.payments, currency)
        other_total = self._check_lines(connection, spec.other, "other")
        cashback_total = self._check_lines(connection, spec.cashback, "cashBack")
        if not spec.payments and not spec.other:
            raise user_error("A deposit needs at least one payment or other deposit line.", "payment")
        total = _money(payments_total + other_total - cashback_total)
        if total < 0:
            raise user_error("The cash back is more than the deposit.", "cashBack")
        stamp = self._stamp()
        day = self._day(spec.trandate) if spec.trandate or existing is None else existing["trandate"]
        values = {
            "trandate": day,
            "currency": currency,
            "exchangerate": ref.EXCHANGE_RATES.get(currency, 1.0),
            "foreigntotal": total,
            "externalid": spec.externalid,
            "memo": spec.memo,
            "lastmodifieddate": stamp,
            "ns_account": spec.account,
        }
        if existing is None:
            values.update(
                type=DEPOSIT, recordtype="deposit", tranid=self._new_tranid(connection, DEPOSIT), createddate=stamp
            )
        self._write_transaction(connection, deposit_id, values, new=existing is None)
        connection.execute('DELETE FROM transactionline WHERE "transaction" = ?', (deposit_id,))
        connection.execute(
            "INSERT INTO transactionline VALUES (?, 0, 0, 'T', NULL, NULL, NULL, ?, ?)", (deposit_id, total, spec.memo)
        )
        self._move_payments(connection, deposit_id, spec.payments)
        connection.execute("DELETE FROM ns_depositline WHERE deposit = ?", (deposit_id,))
        lines = [
            (deposit_id, n, "other", o.account, _money(o.amount), o.entity, o.memo) for n, o in enumerate(spec.other)
        ]
        lines += [
            (deposit_id, len(spec.other) + n, "cashback", c.account, _money(c.amount), None, c.memo)
            for n, c in enumerate(spec.cashback)
        ]
        connection.executemany("INSERT INTO ns_depositline VALUES (?, ?, ?, ?, ?, ?, ?)", lines)

    def _check_deposit_payments(
        self, connection: sqlite3.Connection, deposit_id: int, payments: list[int], currency: int
    ) -> float:
        total = 0.0
        if len(set(payments)) != len(payments):
            raise user_error("A payment is listed twice.", "payment")
        for index, payment_id in enumerate(payments):
            path = f"payment.items[{index}].id"
            row = connection.execute(f"SELECT * FROM {T} WHERE id = ? AND type = ?", (payment_id, PAYMENT)).fetchone()
            if row is None:
                raise user_error(f"Invalid Field Value {payment_id}: no such customer payment.", path)
            if row["voided"] == "T":
                raise user_error(f"Payment {payment_id} is voided.", path)
            if row["ns_undepfunds"] != "T":
                raise user_error(f"Payment {payment_id} was not received into Undeposited Funds.", path)
            if row["ns_deposit"] is not None and row["ns_deposit"] != deposit_id:
                raise user_error(
                    f"Payment {payment_id} has already been deposited (deposit {row['ns_deposit']}).", path
                )
            if row["currency"] != currency:
                raise user_error(f"Payment {payment_id} is not in the bank account's currency.", path)
            total += row["foreigntotal"]
        return _money(total)

    def _check_lines(self, connection: sqlite3.Connection, lines: list, sublist: str) -> float:
        total = 0.0
        for index, line in enumerate(lines):
            path = f"{sublist}.items[{index}]"
            self._account(connection, line.account, f"{path}.account")
            if line.amount is None or line.amount <= 0:
                raise user_error("The amount must be greater than zero.", f"{path}.amount")
            entity = getattr(line, "entity", None)
            if entity is not None:
                self._customer(connection, entity, f"{path}.entity")
            total += line.amount
        return _money(total)

    def _move_payments(self, connection: sqlite3.Connection, deposit_id: int, payments: list[int]) -> None:
        """Deposited payments leave Undeposited Funds; ones dropped from the deposit return to it."""
        current = {r[0] for r in connection.execute(f"SELECT id FROM {T} WHERE ns_deposit = ?", (deposit_id,))}
        stamp = self._stamp()
        for payment_id in current - set(payments):
            connection.execute(
                f"UPDATE {T} SET ns_deposit = NULL, status = ?, lastmodifieddate = ? WHERE id = ?",
                (PAYMENT_NOT_DEPOSITED, stamp, payment_id),
            )
        for payment_id in set(payments) - current:
            connection.execute(
                f"UPDATE {T} SET ns_deposit = ?, status = ?, lastmodifieddate = ? WHERE id = ?",
                (deposit_id, PAYMENT_DEPOSITED, stamp, payment_id),
            )

    def _release_payments(self, connection: sqlite3.Connection, deposit_id: int) -> None:
        self._move_payments(connection, deposit_id, [])


def _tf(flag: bool) -> str:
    return "T" if flag else "F"
