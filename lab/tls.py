"""The lab's own certificate authority, for the stand-in endpoint's HTTPS (port 443).

One CA per lab, made when the lab is built and thrown away with it: an EC
P-256 key and a self-signed CA certificate, and a server certificate signed
by it for every endpoint name any host maps to the stand-in (see
:func:`lab.render.tls_names`) plus the stand-in's address.  Each host trusts
the CA through its /etc/ssl/certs/ca-certificates.crt: this machine's bundle
followed by the lab CA.  Made with python ``cryptography`` (already needed
for the lab's ssh keys), so no ``openssl`` command is involved.
"""

from __future__ import annotations

import datetime
import ipaddress
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SYSTEM_BUNDLE: Final = Path("/etc/ssl/certs/ca-certificates.crt")
VALID_DAYS: Final = 30


@dataclass(frozen=True)
class LabTls:
    """PEM texts of the lab CA and of the stand-in's certificate and key."""

    ca_cert: bytes
    server_cert: bytes
    server_key: bytes

    def bundle(self, system_bundle: Path = SYSTEM_BUNDLE) -> bytes:
        """This machine's CA bundle (if any) followed by the lab CA."""
        try:
            system = system_bundle.read_bytes()
        except OSError:
            system = b""
        if system and not system.endswith(b"\n"):
            system += b"\n"
        return system + b"# logtail-doctor lab CA (this lab only)\n" + self.ca_cert


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "logtail-doctor lab"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_lab_tls(dns_names: Sequence[str], ips: Sequence[str]) -> LabTls:
    """A fresh CA and a server certificate for dns_names and ips, valid VALID_DAYS days.

    The CA's name carries a random tag, so two labs' CAs are told apart.
    """
    now = datetime.datetime.now(datetime.UTC)
    not_before = now - datetime.timedelta(days=1)
    not_after = now + datetime.timedelta(days=VALID_DAYS)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"logtail-doctor lab CA {secrets.token_hex(4)}")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )

    key = ec.generate_private_key(ec.SECP256R1())
    alt_names: list[x509.GeneralName] = [x509.DNSName(n) for n in dns_names]
    alt_names += [x509.IPAddress(ipaddress.IPv4Address(ip)) for ip in ips]
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("sls stand-in"))  # names are in the SAN, as clients want
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return LabTls(
        ca_cert=ca_cert.public_bytes(serialization.Encoding.PEM),
        server_cert=cert.public_bytes(serialization.Encoding.PEM),
        server_key=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
