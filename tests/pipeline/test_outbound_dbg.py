import json
from decimal import Decimal
from sqlalchemy import text
from tests.pipeline.outbound_support import *

def test_dbg(partner_world):
    world, (invoice_id, other_id) = world_with_invoices(partner_world, [180.0, 64.0])
    world.set_up_accounts()
    ap = world.ap_controls
    payment = ap.pay_invoice(ap_invoice_of(world, invoice_id)["id"])
    world.payments()
    posted = one(world, "payments", f"apay-{payment['id']}")
    later(world)
    world.ns_controls.delete("customerpayment", posted["id"])
    print(world.ns_records("deleted"))
    cycle = world.payments()
    print(json.dumps(cycle, default=str))
    with world.engine.connect() as c:
        for t in ("stg_ap_payment", "stg_ns_invoice", "stg_ns_deleted_payment"):
            for row in c.execute(text(f"select * from {t}")).mappings(): print(t, {k: v for k, v in row.items() if k != 'raw_json'})
        for row in c.execute(text("select * from ledger")).mappings(): print(dict(row))
        for row in c.execute(text("select * from ap_invoice")).mappings(): print(dict(row))
        for row in c.execute(text("select * from quarantine")).mappings(): print(dict(row))
