"""Which hosts a URL may reach: only public addresses, unless LANDSCAPE_ALLOW_PRIVATE_URLS=1.

A pasted link or a feed item must not make the server that runs this tool fetch from itself or its
network (loopback, private, link-local, reserved addresses): that would let a link read internal
services. The host is resolved once here, and the download connects to the very address that was
checked, so a second DNS answer cannot swap in another one. This module only decides; it never
connects.
"""

from __future__ import annotations

import ipaddress
import os
import socket

from landscape.ingest.model import Refused

ALLOW_PRIVATE_ENV = "LANDSCAPE_ALLOW_PRIVATE_URLS"


def private_allowed() -> bool:
    """Read at call time, so a test (or an intranet deployment) can allow its own hosts."""
    return os.environ.get(ALLOW_PRIVATE_ENV) == "1"


def _kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not public, or None when it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind, flag in (("loopback", address.is_loopback), ("link-local", address.is_link_local),
                       ("private", address.is_private), ("multicast", address.is_multicast),
                       ("reserved", address.is_reserved), ("unspecified", address.is_unspecified)):
        if flag:
            return kind
    return None if address.is_global else "non-public"


def resolve(host: str, port: int, allow_private: bool | None = None) -> str:
    """The address to connect to for host: every address it resolves to must be allowed.

    Raises Refused naming the host and the address that is not allowed."""
    allow = private_allowed() if allow_private is None else allow_private
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise Refused(f"could not resolve the host {host!r} ({getattr(err, 'strerror', None) or err})",
                      transient=True) from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise Refused(f"could not resolve the host {host!r}", transient=True)
    if not allow:
        for text in addresses:
            kind = _kind(ipaddress.ip_address(text.split("%")[0]))
            if kind:
                shown = "" if text == host else f" resolves to {text}, which"
                raise Refused(f"refused: {host}{shown} is a {kind} address; only public hosts are fetched "
                              f"(set {ALLOW_PRIVATE_ENV}=1 to allow it)")
    return addresses[0]
