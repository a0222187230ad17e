"""Customers and invoices: create, edit, void, delete (with the deletedrecord row)."""

from __future__ import annotations

from datetime import date

from sandbox.netsuite import reference_data as ref
from sandbox.netsuite.clock import add_days
from sandbox.netsuite.errors import not_found, user_error
from sandbox.netsuite.ledger.item_lines import ItemLines
from sandbox.netsuite.ledger.specs import (
    CENT,
    UNSET,
    InvoiceLine,
    T,
    check_external_id,
    money,
    tf,
)
from sandbox.netsuite.statuses import (
    CREDIT_MEMO,
    CUSTOMER_REFUND,
    DEPOSIT,
    INVOICE,
    INVOICE_OPEN,
    INVOICE_VOIDED,
    PAYMENT,
    RECORD_TYPES,
    TYPE_LABELS,
)

# What may be applied to a document and so keeps it from being voided or deleted.
_DEPENDENTS = {
    INVOICE: "payments or credits",
    PAYMENT: "customer refunds",
    CREDIT_MEMO: "customer refunds",
    CUSTOMER_REFUND: "nothing",
    DEPOSIT: "nothing",
}


class CustomersAndInvoices(ItemLines):
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
                    tf(isperson),
                    tf(isinactive),
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
                    values[flag] = tf(bool(values[flag]))
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
            total = money(sum(line.amount for line in priced))
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
                lines = [InvoiceLine(first[0] if first else 1, 1, money(total), None, "Adjusted amount")]
            if lines is not None:
                priced = self._priced_lines(connection, lines)
                new_total = money(sum(line.amount for line in priced))
                paid = money(invoice["foreignamountpaid"] or 0)
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
        """Void an invoice, payment, credit memo or refund: amounts go to zero, applications are undone."""
        with self.db.write() as connection:
            row = connection.execute(f"SELECT * FROM {T} WHERE id = ?", (record_id,)).fetchone()
            if row is None or row["type"] not in (INVOICE, PAYMENT, CREDIT_MEMO, CUSTOMER_REFUND):
                raise not_found("transaction", str(record_id))
            if row["voided"] == "T":
                raise user_error("This transaction has already been voided.")
            if self._has_applications_to(connection, record_id):
                raise user_error(f"You cannot void this transaction: {_DEPENDENTS[row['type']]} applied to it.")
            if row["type"] == INVOICE:
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
            for document_id in invoices:
                self._refresh_document(connection, document_id)

    def delete_transaction(self, record_id: int, tran_type: str, context: str) -> None:
        with self.db.write() as connection:
            row = self._transaction(connection, record_id, tran_type)
            if self._has_applications_to(connection, record_id):
                raise user_error(
                    f"This record cannot be deleted because it has dependent records ({_DEPENDENTS[tran_type]} "
                    "applied)."
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
            for document_id in invoices:
                self._refresh_document(connection, document_id)
