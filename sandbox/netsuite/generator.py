"""Deterministic generation of one account's history, in bulk.

Invoices are spread evenly over ``years`` up to the sandbox's now and made in chunks that
go to SQLite with ``executemany``; memory stays flat whatever the size. Every
random choice comes from one ``random.Random(seed)``, so a seed and a start
day give the same data set.
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sandbox.netsuite import reference_data as ref
from sandbox.netsuite.clock import STORED_FORMAT
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
)

FIRST_CUSTOMER_ID = 101
FIRST_TRANSACTION_ID = 1001
CHUNK = 20_000
UNDEPOSITED_DAYS = 21  # payments this recent are still waiting in Undeposited Funds

_LINE_INSERT = (
    'INSERT INTO transactionline ("transaction", id, linesequencenumber, mainline, item, quantity, rate, '
    "foreignamount, memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class DataSetSpec:
    seed: int
    customers: int
    invoices: int
    years: float


@dataclass
class _Deposit:
    id: int
    currency: int
    day: date
    total: float = 0.0
    stamp: str = ""


@dataclass
class _Buffers:
    transactions: list[tuple] = field(default_factory=list)
    lines: list[tuple] = field(default_factory=list)
    applies: list[tuple] = field(default_factory=list)
    deleted: list[tuple] = field(default_factory=list)

    def size(self) -> int:
        return len(self.transactions) + len(self.lines)


class _Generator:
    def __init__(self, connection: sqlite3.Connection, spec: DataSetSpec, now: datetime) -> None:
        self.db = connection
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.now = now
        self.today = (now - timedelta(minutes=1)).date()
        self.start = self.today - timedelta(days=max(1, round(spec.years * 365)))
        self.next_transaction = FIRST_TRANSACTION_ID
        self.tranids = dict.fromkeys(ref.TRANID_PREFIX, 0)
        self.deposits: dict[tuple[int, int, int], _Deposit] = {}
        self.buffers = _Buffers()
        self.customer_currency: list[int] = []
        self.customer_since: list[date] = []

    # -- ids and times ---------------------------------------------------------------------------
    def transaction_id(self) -> int:
        value = self.next_transaction
        self.next_transaction += 1
        return value

    def tranid(self, tran_type: str) -> str:
        self.tranids[tran_type] += 1
        return f"{ref.TRANID_PREFIX[tran_type]}{100000 + self.tranids[tran_type]}"

    def stamp(self, day: date) -> str:
        """A business-hours moment on ``day``, never later than now."""
        moment = datetime(day.year, day.month, day.day, 8) + timedelta(seconds=self.rng.randrange(36000))
        return min(moment, self.now - timedelta(minutes=1)).strftime(STORED_FORMAT)

    # -- reference data and customers -------------------------------------------------------------
    def reference(self) -> None:
        created = self.stamp(self.start - timedelta(days=30))
        self.db.executemany(
            "INSERT INTO currency VALUES (?, ?, ?, ?, ?, ?, 2, 'F', ?)",
            [(*row, created) for row in ref.CURRENCIES],
        )
        self.db.executemany(
            "INSERT INTO account VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)",
            [
                (i, num, f"{num} {name}", name, kind, cur, inactive, created)
                for i, num, name, kind, cur, inactive in ref.ACCOUNTS
            ],
        )
        self.db.executemany(
            "INSERT INTO item VALUES (?, ?, ?, ?, ?, 'F', ?)",
            [(i, item_id, name, name, kind, created) for i, item_id, name, kind, _ in ref.ITEMS],
        )

    def customers(self) -> None:
        rng = self.rng
        rows = []
        span = max(1, (self.today - self.start).days)
        for index in range(self.spec.customers):
            currency = _customer_currency(index, rng)
            since = (
                self.start - timedelta(days=rng.randrange(30, 400))
                if index < 5
                else (self.start + timedelta(days=rng.randrange(int(span * 0.8))))
            )
            person = index % 17 == 16
            name = (
                f"{rng.choice(ref.PERSON_FIRST)} {rng.choice(ref.PERSON_LAST)}"
                if person
                else f"{rng.choice(ref.NAME_FIRST)} {rng.choice(ref.NAME_SECOND)} {rng.choice(ref.NAME_SUFFIX)}"
            )
            customer_id = FIRST_CUSTOMER_ID + index
            slug = "".join(ch for ch in name.lower() if ch.isalnum())[:24]
            created = self.stamp(since)
            modified = self.stamp(min(self.today, since + timedelta(days=rng.randrange(0, 400))))
            inactive = "T" if index % 29 == 28 else "F"
            rows.append(
                (
                    customer_id,
                    f"CUST{customer_id}",
                    name,
                    f"billing@{slug}{customer_id}.example.com",
                    f"555-01{index % 100:02d}",
                    "T" if person else "F",
                    inactive,
                    None,
                    currency,
                    1,
                    created,
                    max(created, modified),
                )
            )
            self.customer_currency.append(currency)
            self.customer_since.append(since)
        self.db.executemany("INSERT INTO customer VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    # -- invoices and what happened to them ---------------------------------------------------------
    def invoices(self) -> None:
        total_days = (self.today - self.start).days
        count = self.spec.invoices
        for index in range(count):
            day = self.start + timedelta(days=(index * total_days) // max(1, count))
            self.invoice(index, day)
            if self.buffers.size() >= CHUNK * 4:
                self.flush()
        self.flush()

    def invoice(self, index: int, day: date) -> None:
        rng = self.rng
        invoice_id = self.transaction_id()
        customer_index = rng.randrange(self.spec.customers)
        customer = FIRST_CUSTOMER_ID + customer_index
        currency = self.customer_currency[customer_index]
        tranid = self.tranid(INVOICE)
        slot = (index * 37 + self.spec.seed) % 100
        if slot == 0 and index > 0:
            self.deleted_invoice(invoice_id, tranid, day)
            return
        lines = []
        total = 0.0
        for number in range(1, rng.choice((1, 1, 2, 2, 3)) + 1):
            item = ref.ITEMS[rng.randrange(len(ref.ITEMS))]
            quantity = rng.randrange(1, 21)
            rate = round(item[4] * rng.uniform(0.85, 1.15), 2)
            amount = round(quantity * rate, 2)
            total = round(total + amount, 2)
            # SuiteQL shows sales lines from the ledger's side: quantity and amount negative.
            lines.append((invoice_id, number, number, "F", item[0], -quantity, rate, -amount, item[2]))
        created = self.stamp(day)
        due = day + timedelta(days=rng.choice(ref.TERMS_DAYS))
        memo = f"PO {rng.randrange(10000, 99999)}" if rng.random() < 0.2 else None
        voided = slot == 1
        paid, modified = self.settle(invoice_id, customer, currency, day, total, created, voided)
        unpaid = round(total - paid, 2)
        status = INVOICE_VOIDED if voided else (INVOICE_PAID if unpaid == 0 else INVOICE_OPEN)
        shown_total = 0.0 if voided else total
        self.buffers.transactions.append(
            transaction_row(
                id=invoice_id,
                type=INVOICE,
                recordtype="invoice",
                tranid=tranid,
                entity=customer,
                trandate=_day(day),
                duedate=_day(due),
                currency=currency,
                exchangerate=ref.EXCHANGE_RATES[currency],
                foreigntotal=shown_total,
                foreignamountunpaid=0.0 if voided else unpaid,
                foreignamountpaid=paid,
                status=status,
                memo=memo,
                voided="T" if voided else "F",
                createddate=created,
                lastmodifieddate=modified,
                ns_account=ref.ACCOUNTS_RECEIVABLE,
            )
        )
        self.buffers.lines.append((invoice_id, 0, 0, "T", None, None, None, shown_total, memo))
        self.buffers.lines.extend(lines)

    def deleted_invoice(self, invoice_id: int, tranid: str, day: date) -> None:
        deleted_day = min(self.today, day + timedelta(days=self.rng.randrange(0, 20)))
        self.buffers.deleted.append(
            (invoice_id, None, RECORD_TYPES[INVOICE], f"Invoice #{tranid}", self.stamp(deleted_day), "UI", -5, "F")
        )

    def settle(
        self, invoice_id: int, customer: int, currency: int, day: date, total: float, created: str, voided: bool
    ) -> tuple[float, str]:
        """Payments and credits applied to a new invoice: (amount paid, invoice lastmodifieddate)."""
        if voided:
            return 0.0, self.stamp(min(self.today, day + timedelta(days=2)))
        rng = self.rng
        age = (self.today - day).days
        p_paid = 0.9 if age > 120 else 0.6 if age > 45 else 0.3 if age > 10 else 0.1
        roll = rng.random()
        modified = created
        if roll < p_paid:
            kind = CREDIT_MEMO if rng.random() < 0.05 else PAYMENT
            modified = self.applied(kind, invoice_id, customer, currency, day, total, age)
            return total, max(created, modified)
        if roll < p_paid + 0.12:
            part = round(total * rng.uniform(0.2, 0.7), 2)
            modified = self.applied(PAYMENT, invoice_id, customer, currency, day, part, age)
            paid = part
            if rng.random() < 0.25:
                credit = round((total - part) * 0.1, 2)
                if credit > 0:
                    modified = max(
                        modified, self.applied(CREDIT_MEMO, invoice_id, customer, currency, day, credit, age)
                    )
                    paid = round(paid + credit, 2)
            return paid, max(created, modified)
        return 0.0, created

    def applied(
        self, kind: str, invoice_id: int, customer: int, currency: int, day: date, amount: float, age: int
    ) -> str:
        """One customer payment or credit memo applied to an invoice; returns when it was applied."""
        rng = self.rng
        record_id = self.transaction_id()
        paid_day = day + timedelta(days=rng.randrange(0, max(1, min(age, 60)) + 1))
        paid_day = min(paid_day, self.today)
        stamp = self.stamp(paid_day)
        tranid = self.tranid(kind)
        if kind == PAYMENT:
            deposit = None
            if (self.today - paid_day).days > UNDEPOSITED_DAYS and rng.random() > 0.03:
                deposit = self.deposit_for(currency, paid_day)
                deposit.total = round(deposit.total + amount, 2)
            status = PAYMENT_DEPOSITED if deposit else PAYMENT_NOT_DEPOSITED
            modified = max(stamp, deposit.stamp) if deposit else stamp
            row = transaction_row(
                id=record_id,
                type=PAYMENT,
                recordtype="customerpayment",
                tranid=tranid,
                entity=customer,
                trandate=_day(paid_day),
                currency=currency,
                exchangerate=ref.EXCHANGE_RATES[currency],
                foreigntotal=amount,
                foreignpaymentamountused=amount,
                foreignpaymentamountunused=0.0,
                status=status,
                createddate=stamp,
                lastmodifieddate=modified,
                ns_account=ref.UNDEPOSITED_FUNDS,
                ns_undepfunds="T",
                ns_deposit=deposit.id if deposit else None,
            )
        else:
            row = transaction_row(
                id=record_id,
                type=CREDIT_MEMO,
                recordtype="creditmemo",
                tranid=tranid,
                entity=customer,
                trandate=_day(paid_day),
                currency=currency,
                exchangerate=ref.EXCHANGE_RATES[currency],
                foreigntotal=amount,
                foreignpaymentamountused=amount,
                foreignpaymentamountunused=0.0,
                status=CREDIT_APPLIED,
                memo="Service credit",
                createddate=stamp,
                lastmodifieddate=stamp,
            )
        self.buffers.transactions.append(row)
        self.buffers.lines.append((record_id, 0, 0, "T", None, None, None, amount, None))
        self.buffers.applies.append((record_id, invoice_id, amount))
        return stamp

    def deposit_for(self, currency: int, day: date) -> _Deposit:
        year, week, _ = day.isocalendar()
        key = (currency, year, week)
        deposit = self.deposits.get(key)
        if deposit is None:
            # Deposited on the week's Sunday, so after every payment of that week.
            deposit_day = min(date.fromisocalendar(year, week, 7), self.today)
            deposit = _Deposit(self.transaction_id(), currency, deposit_day, stamp=self.stamp(deposit_day))
            self.deposits[key] = deposit
        return deposit

    def deposit_rows(self) -> None:
        for deposit in sorted(self.deposits.values(), key=lambda d: d.id):
            account = ref.BANK_BY_CURRENCY[deposit.currency]
            self.buffers.transactions.append(
                transaction_row(
                    id=deposit.id,
                    type=DEPOSIT,
                    recordtype="deposit",
                    tranid=self.tranid(DEPOSIT),
                    trandate=_day(deposit.day),
                    currency=deposit.currency,
                    exchangerate=ref.EXCHANGE_RATES[deposit.currency],
                    foreigntotal=deposit.total,
                    memo="Weekly deposit",
                    createddate=deposit.stamp,
                    lastmodifieddate=deposit.stamp,
                    ns_account=account,
                )
            )
            self.buffers.lines.append((deposit.id, 0, 0, "T", None, None, None, deposit.total, None))
        self.flush()

    def flush(self) -> None:
        buffers = self.buffers
        self.db.executemany(TRANSACTION_INSERT, buffers.transactions)
        self.db.executemany(_LINE_INSERT, buffers.lines)
        self.db.executemany("INSERT INTO ns_apply VALUES (?, ?, ?)", buffers.applies)
        self.db.executemany("INSERT INTO deletedrecord VALUES (?, ?, ?, ?, ?, ?, ?, ?)", buffers.deleted)
        self.buffers = _Buffers()

    def sequences(self) -> None:
        values = {
            "seq:transaction": self.next_transaction - 1,
            "seq:customer": FIRST_CUSTOMER_ID + self.spec.customers - 1,
            **{f"seq:tranid:{kind}": count for kind, count in self.tranids.items()},
        }
        self.db.executemany(
            "INSERT OR REPLACE INTO ns_meta (key, value) VALUES (?, ?)", [(k, str(v)) for k, v in values.items()]
        )


def _customer_currency(index: int, rng: random.Random) -> int:
    """A few customers pay in EUR, GBP and CAD; the first ones always do, so small sets have them."""
    fixed = {1: ref.EUR, 2: ref.GBP, 3: ref.CAD}
    if index in fixed:
        return fixed[index]
    roll = rng.random()
    return ref.EUR if roll < 0.05 else ref.GBP if roll < 0.09 else ref.CAD if roll < 0.13 else ref.USD


def _day(day: date) -> str:
    return day.isoformat() + " 00:00:00"


def generate(connection: sqlite3.Connection, spec: DataSetSpec, now: datetime) -> None:
    """Fill empty tables with the data set (the caller commits).

    History ends at the start of ``now``'s day, so one seed gives the same data all day long.
    """
    anchor = now.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    generator = _Generator(connection, spec, anchor)
    generator.reference()
    generator.customers()
    generator.invoices()
    generator.deposit_rows()
    generator.sequences()
    connection.execute(
        "INSERT OR REPLACE INTO ns_meta (key, value) VALUES ('data_set_generated_at', ?)",
        (now.strftime(STORED_FORMAT),),
    )


def spec_json(spec: DataSetSpec, now: datetime) -> str:
    """What identifies a kept data set: the spec and the day its history ends."""
    return json.dumps({**spec.__dict__, "until": now.date().isoformat()}, sort_keys=True)
