"""Registering a partner checks its two Airflow connections first: each exists, is
of its system's type and readable by its hook, and belongs to no other partner.
A refusal is one line that names the fix, from the CLI (stderr, non-zero exit)
and from the register DAG (AirflowFailException, no retry)."""

from __future__ import annotations

import json

import pytest
from airflow.sdk.exceptions import AirflowFailException

from netsuite_ap_sync.partners.registration import RegistrationRefused, register_partner
from netsuite_ap_sync.tools import partners_cli
from netsuite_ap_sync.warehouse import partners


def netsuite_connection(account_id: str = "1234567", **fields) -> dict:
    return {"conn_type": "netsuite", "login": "client-id", "extra": {"account_id": account_id}, **fields}


def ap_connection(client_id: str = "ap-client", **fields) -> dict:
    return {"conn_type": "alternative_payments", "login": client_id, "password": "ap-secret", **fields}


@pytest.fixture
def connections(monkeypatch):
    def define(conn_id: str, connection: dict) -> str:
        monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", json.dumps(connection))
        return conn_id

    return define


@pytest.fixture
def engine(sqlite_warehouse, monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE_DEFAULT", json.dumps(sqlite_warehouse.connection))
    return sqlite_warehouse.engine


@pytest.fixture
def beta(engine, connections):
    """A partner already registered on its own NetSuite account and AP API key."""
    connections("netsuite_beta", netsuite_connection("7654321"))
    connections("ap_beta", ap_connection("beta-key"))
    return register_partner(engine, "beta", "Beta", "netsuite_beta", "ap_beta")


def refusal(engine, *args) -> str:
    with pytest.raises(RegistrationRefused) as refused:
        register_partner(engine, "acme", "Acme IT", *args)
    assert isinstance(refused.value, AirflowFailException), "no retry can fix a refusal"
    message = str(refused.value)
    assert "\n" not in message
    with pytest.raises(partners.UnknownPartner):
        partners.get(engine, "acme")
    return message


def test_a_partner_registers_with_connections_of_the_right_types(engine, connections, beta):
    connections("netsuite_acme", netsuite_connection())
    connections("ap_acme", ap_connection())
    partner = register_partner(engine, "acme", "Acme IT", "netsuite_acme", "ap_acme", 15)
    assert (partner.netsuite_conn_id, partner.ap_conn_id, partner.netsuite_concurrency) == (
        "netsuite_acme",
        "ap_acme",
        15,
    )
    assert [p.partner_id for p in partners.all_partners(engine)] == ["acme", "beta"]


@pytest.mark.parametrize(("missing", "label"), [("netsuite_acme", "NetSuite"), ("ap_acme", "Alternative Payments")])
def test_a_connection_that_does_not_exist_is_refused(engine, connections, missing, label):
    for conn_id, connection in (("netsuite_acme", netsuite_connection()), ("ap_acme", ap_connection())):
        if conn_id != missing:
            connections(conn_id, connection)
    message = refusal(engine, "netsuite_acme", "ap_acme")
    assert message == (
        f"connection {missing!r} does not exist; create it with type {label} (Admin > Connections), "
        "then register 'acme' again"
    )


def test_a_connection_of_the_wrong_type_is_refused(engine, connections):
    connections("netsuite_acme", netsuite_connection())
    connections("ap_acme", {**ap_connection(), "conn_type": "http"})
    assert refusal(engine, "netsuite_acme", "ap_acme") == (
        "connection 'ap_acme' is of type 'http', not 'alternative_payments' (Alternative Payments); "
        "register 'acme' with a connection of type Alternative Payments"
    )
    # The two connections given the wrong way round: each is of the other system's type.
    connections("ap_acme", ap_connection())
    assert "connection 'ap_acme' is of type 'alternative_payments', not 'netsuite'" in refusal(
        engine, "ap_acme", "netsuite_acme"
    )


@pytest.mark.parametrize(
    ("netsuite", "ap", "says"),
    [
        (netsuite_connection(account_id=""), ap_connection(), "connection 'netsuite_acme' has no account_id"),
        (netsuite_connection(), ap_connection(password=""), "needs the AP client id (login) and client secret"),
        (netsuite_connection(), ap_connection(host="http://ap.example.com"), "refusing plain http://"),
    ],
)
def test_a_connection_its_hook_cannot_read_is_refused_with_the_hooks_reason(engine, connections, netsuite, ap, says):
    connections("netsuite_acme", netsuite)
    connections("ap_acme", ap)
    message = refusal(engine, "netsuite_acme", "ap_acme")
    assert says in message and message.endswith("fix it, then register 'acme' again")
    assert "ap-secret" not in message


def test_an_ap_connection_of_another_partner_is_refused_and_leaves_it_alone(engine, connections, beta):
    connections("netsuite_acme", netsuite_connection())
    assert refusal(engine, "netsuite_acme", "ap_beta") == (
        "connection 'ap_beta' is already used by partner 'beta'; create a separate AP API key and connection for 'acme'"
    )
    assert partners.get(engine, "beta") == beta


def test_a_netsuite_connection_of_another_partner_is_refused(engine, connections, beta):
    connections("ap_acme", ap_connection())
    assert refusal(engine, "netsuite_beta", "ap_acme") == (
        "connection 'netsuite_beta' is already used by partner 'beta'; "
        "connect 'acme' to its own NetSuite account with a NetSuite connection of its own"
    )


def test_a_second_connection_to_another_partners_ap_api_key_is_refused(engine, connections, beta):
    connections("netsuite_acme", netsuite_connection())
    connections("ap_acme", ap_connection("beta-key"))
    assert refusal(engine, "netsuite_acme", "ap_acme") == (
        "connection 'ap_acme' holds the same AP API key as 'ap_beta' of partner 'beta'; "
        "create a separate AP API key and connection for 'acme'"
    )
    # The same client id on another AP environment is another key.
    connections("ap_acme", ap_connection("beta-key", host="https://public-api.demo.alternativepayments.io"))
    assert register_partner(engine, "acme", "Acme IT", "netsuite_acme", "ap_acme").ap_conn_id == "ap_acme"


def test_a_second_connection_to_another_partners_netsuite_account_is_refused(engine, connections, beta):
    connections("netsuite_acme", netsuite_connection("7654321"))
    connections("ap_acme", ap_connection())
    assert refusal(engine, "netsuite_acme", "ap_acme") == (
        "connection 'netsuite_acme' reaches the same NetSuite account as 'netsuite_beta' of partner 'beta'; "
        "connect 'acme' to its own NetSuite account"
    )


def test_registering_the_same_partner_again_is_idempotent(engine, connections, beta):
    again = register_partner(engine, "beta", "Beta Corp", "netsuite_beta", "ap_beta", 10)
    assert (again.name, again.netsuite_concurrency, again.ap_conn_id) == ("Beta Corp", 10, "ap_beta")
    assert [p.partner_id for p in partners.all_partners(engine)] == ["beta"]


def test_bad_partner_input_is_a_refusal_too(engine):
    with pytest.raises(RegistrationRefused, match="lower-case letters"):
        register_partner(engine, "Acme IT", "Acme IT", "netsuite_acme", "ap_acme")


def test_cli_refusal_is_one_line_on_stderr_with_a_non_zero_exit(engine, connections, beta, capsys):
    connections("netsuite_acme", netsuite_connection())
    argv = ["register", "--partner", "acme", "--name", "Acme IT", "--netsuite-conn", "netsuite_acme"]
    assert partners_cli.main([*argv, "--ap-conn", "ap_beta"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "error: connection 'ap_beta' is already used by partner 'beta'; "
        "create a separate AP API key and connection for 'acme'\n"
    )

    connections("ap_acme", ap_connection())
    assert partners_cli.main([*argv, "--ap-conn", "ap_acme"]) == 0
    assert capsys.readouterr().out == "registered acme (Acme IT): status pending\n"


def test_cli_names_an_unknown_partner_in_one_line(engine, capsys):
    assert partners_cli.main(["show", "--partner", "nobody"]) == 2
    assert capsys.readouterr().err == "error: no partner 'nobody' is registered; register it first\n"


def test_register_dag_task_fails_at_once_with_the_refusal(engine, connections, beta):
    from airflow.dag_processing.dagbag import DagBag

    from tests.fixtures.dags import DAGS_FOLDER

    dag = DagBag(dag_folder=str(DAGS_FOLDER / "netsuite_register_partner.py")).dags["netsuite_register_partner"]
    register = dag.get_task("register").python_callable
    params = {"partner": "acme", "name": "Acme IT", "netsuite_conn_id": "netsuite_acme", "ap_conn_id": "ap_beta"}
    connections("netsuite_acme", netsuite_connection())
    with pytest.raises(AirflowFailException, match="already used by partner 'beta'; create a separate AP API key"):
        register(params={**params, "concurrency": 5})
    connections("ap_acme", ap_connection())
    assert register(params={**params, "ap_conn_id": "ap_acme", "concurrency": 5}) == {
        "partner": "acme",
        "status": "pending",
    }
