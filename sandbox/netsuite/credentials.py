"""The demo integration: fixed ids and secrets (documented in README.md) and a key pair made at start-up.

The certificate's key pair is generated with ``cryptography`` when a sandbox
starts (kept in the database when ``db_path`` is set, so a restarted sandbox
keeps accepting the same private key). Secret fields stay out of ``repr``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from sandbox.netsuite.database import Database

CLIENT_ID = "cc49c7bad177858f587f8a937250084aa2efd90bd8bd0163b3cd5592bb493caf"
CLIENT_SECRET = "5b66e7768d538968f6a94456b3615489a2c0b8795dc300d433b5a842dd751eaa"
CONSUMER_KEY = "dec165d33ea19130f0c639a5f8e95d91166e96bc0ee3881980d78b365b2455e9"
CONSUMER_SECRET = "1c978fdcc4b5df770845c6b0e4814429fd94b191bf5ede5251c7cb44f4309993"
TOKEN_ID = "d84068d029c48ba549d9e1f1acc00dcb22225e76ba70b2ad44c96b46aff00a9c"
TOKEN_SECRET = "93b5f23c2605033a9ae0df9e74f7cb4b37a75a656d871cc91479140eb3fbe264"
CERTIFICATE_ID = "TtuwfoK72Eu6zR763UCvt3DAnagxXSyeti9-ETuzpOU"
REDIRECT_URI = "http://127.0.0.1:8765/netsuite/oauth2/callback"


@dataclass(frozen=True)
class NetSuiteCredentials:
    """Everything a client needs to connect, for each auth method."""

    account_id: str
    client_id: str = CLIENT_ID
    client_secret: str = field(default=CLIENT_SECRET, repr=False)
    certificate_id: str = CERTIFICATE_ID
    private_key_pem: str = field(default="", repr=False)
    certificate_pem: str = field(default="", repr=False)
    consumer_key: str = CONSUMER_KEY
    consumer_secret: str = field(default=CONSUMER_SECRET, repr=False)
    token_id: str = TOKEN_ID
    token_secret: str = field(default=TOKEN_SECRET, repr=False)
    redirect_uri: str = REDIRECT_URI
    restlet_script_id: str = "customscript_ap_invoice_pdf"
    restlet_deploy_id: str = "customdeploy_ap_invoice_pdf"

    def public_key(self) -> rsa.RSAPublicKey:
        certificate = x509.load_pem_x509_certificate(self.certificate_pem.encode())
        return certificate.public_key()  # type: ignore[return-value]

    def as_dict(self) -> dict[str, str]:
        """All fields, secrets included (for the demo's printout and /_sandbox/credentials)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@lru_cache(maxsize=1)
def _key_pair() -> tuple[str, str]:
    """One RSA key and self-signed certificate per process (generating one takes a moment)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "NetSuite sandbox integration")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=730))
        .sign(key, hashes.SHA256())
    )
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return private_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


def load_credentials(
    db: Database, account_id: str, restlet_script_id: str, restlet_deploy_id: str
) -> NetSuiteCredentials:
    """The account's credentials; the key pair is reused from the database when one is stored there."""
    private_pem = db.get_meta("credentials:private_key")
    certificate_pem = db.get_meta("credentials:certificate")
    if not private_pem or not certificate_pem:
        private_pem, certificate_pem = _key_pair()
        db.set_meta("credentials:private_key", private_pem)
        db.set_meta("credentials:certificate", certificate_pem)
    return NetSuiteCredentials(
        account_id=account_id,
        private_key_pem=private_pem,
        certificate_pem=certificate_pem,
        restlet_script_id=restlet_script_id,
        restlet_deploy_id=restlet_deploy_id,
    )
