"""Each five-minute run reads AP's /payments once: the AP mirror refresh leaves the payments
to stage_payments, which reads them with the same watermark (F3)."""

from __future__ import annotations

from netsuite_ap_sync.flows import ap_to_netsuite as outbound
from netsuite_ap_sync.flows.netsuite_to_ap import refresh_ap_mirror
from tests.pipeline.outbound_support import ap_invoice_of, world_with_invoices


def payments_reads(world) -> int:
    return world.ap_controls.stats()["by_path"].get("GET /payments", 0)


def test_F3_a_payments_run_reads_ap_payments_once_and_still_posts_them(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [120.0])
    world.set_up_accounts()
    world.ap_controls.pay_invoice(ap_invoice_of(world, invoice_id)["id"])
    world.ap_controls.reset_stats()

    ctx = world.ctx("netsuite_payments_sync")  # the steps in the DAG's order, as its tasks run them
    assert "payment" not in refresh_ap_mirror(ctx)
    outbound.sync_deleted_payments(ctx)
    assert outbound.stage_payments(ctx)["read"] == 1
    outbound.validate_payments(ctx)
    assert outbound.post_payments(ctx)["posted"] == 1
    assert payments_reads(world) == 1

    world.ap_controls.reset_stats()
    world.payments()
    assert payments_reads(world) == 1


def test_S3_the_hourly_refresh_still_stages_ap_payments_for_invoice_plans(partner_world):
    world, (invoice_id,) = world_with_invoices(partner_world, [80.0])
    world.ap_controls.pay_invoice(ap_invoice_of(world, invoice_id)["id"])
    assert refresh_ap_mirror(world.ctx("netsuite_hourly_sync"))["payment"] == 1
