-- One AP connection (one API key) belongs to one partner: AP keeps one
-- integration status per key, so a second partner on it would overwrite the
-- first's. The NetSuite connection is unique since 0001. Registration refuses a
-- connection in use with what to do; this index makes two registrations at the
-- same moment unable to both win. A warehouse that already holds two partners on
-- one AP connection fails here naming it: give one of them its own AP API key and
-- connection (partners_cli register), then migrate again.
CREATE UNIQUE INDEX partner_ap_conn_id ON partner (ap_conn_id);
