import cProfile, pstats, time
from tests.pipeline.inbound_support import *

def test_dbg(partner_world, warehouse):
    w0 = synced(partner_world, customers=3, invoices=5)  # warm up GX
    pr = cProfile.Profile()
    t = time.time()
    pr.enable()
    world = synced(partner_world)
    new_invoice(world)
    world.hourly()
    pr.disable()
    print("took", time.time() - t)
    pstats.Stats(pr).sort_stats("cumulative").print_stats(45)
