-- A new initial sync (a re-connect, or a window given by hand) plans its chunks afresh.
DELETE FROM initial_sync_chunk WHERE partner_id = :partner_id
