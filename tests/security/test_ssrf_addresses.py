"""SSRF: every way of writing a private IPv4 address inside IPv6 is refused.

The posting fetch connects only to addresses `is_public_address` accepts (it checks the
address it is about to connect to, so no DNS answer can slip one past it).
"""

from __future__ import annotations

import pytest

from resumes.posting_fetch import FetchFailed, _public_addresses, is_public_address


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700::6810:85e5", True),
        ("2002:5db8:d70e::1", True),  # 6to4 of a public address
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("169.254.169.254", False),  # cloud metadata
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("fec0::1", False),  # site-local (deprecated, still routed by some)
        ("::ffff:127.0.0.1", False),  # IPv4-mapped
        ("::ffff:7f00:1", False),
        ("::127.0.0.1", False),  # IPv4-compatible
        ("::a9fe:a9fe", False),
        ("::ffff:0:127.0.0.1", False),  # SIIT, IPv4-translated
        ("64:ff9b::7f00:1", False),  # NAT64 well-known prefix
        ("64:ff9b::a9fe:a9fe", False),
        ("64:ff9b:1::a00:1", False),  # NAT64 local-use prefix
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("2002:a9fe:a9fe::1", False),
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", False),  # Teredo
        ("ff02::1", False),  # multicast
        ("224.0.0.1", False),
        ("240.0.0.1", False),  # reserved
    ],
)
def test_ssrf_address_forms(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_ssrf_the_connection_refuses_a_name_that_resolves_inside(monkeypatch) -> None:
    import socket

    def resolve(host, port, proto=0):
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::7f00:1", port, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)

    with pytest.raises(FetchFailed, match="private network"):
        _public_addresses("jobs.example.com", 443)
