"""Download one URL safely: http(s) only, each redirect hop checked, a timeout and a size cap.

Every hop is resolved and checked by addresses.py, then connected to by that very address (the Host
header and TLS name stay the URL's host). Redirects are followed by hand, at most MAX_REDIRECTS of
them, so that none can lead somewhere unchecked. The body is read in chunks and abandoned as soon as
it passes the size cap or the download passes its deadline. This module only downloads: it does not
decide what the bytes are.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationParseError,
    NewConnectionError,
    ReadTimeoutError,
    SSLError,
)

from landscape.ingest.addresses import resolve
from landscape.ingest.model import DEFAULT_LIMITS, Limits, Refused

MAX_REDIRECTS = 5
USER_AGENT = "landscape-add/1.0 (news ingestion for an analysts' dashboard)"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Download:
    """What a URL returned: the last address in its redirect chain, its media type and charset (as
    the server declared them, lower-cased; empty when it declared none) and its body."""

    url: str
    media_type: str
    charset: str
    body: bytes


def _content_type(value: str) -> tuple[str, str]:
    header = Message()
    header["content-type"] = value or ""
    charset = header.get_param("charset")
    return header.get_content_type().lower() if value else "", str(charset).lower() if charset else ""


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".0 MB", " MB")


def _checked(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path?query) of an http(s) URL, or Refused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise Refused(f"not a valid URL ({err})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise Refused(f"only http and https URLs are fetched, not {parts.scheme or 'a scheme-less'} ones")
    if not parts.hostname:
        raise Refused("the URL names no host")
    scheme = parts.scheme.lower()
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), target


def _pool(scheme: str, address: str, host: str, port: int, limits: Limits) -> urllib3.HTTPConnectionPool:
    timeout = urllib3.Timeout(connect=limits.timeout, read=limits.timeout)
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(address, port, timeout=timeout, retries=False, server_hostname=host,
                                           assert_hostname=host)
    return urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)


def _read_body(response: urllib3.BaseHTTPResponse, limits: Limits, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise Refused(f"is {_mb(int(declared))}, over the {_mb(limits.max_bytes)} limit")
    body = bytearray()
    for chunk in response.stream(_CHUNK, decode_content=True):
        body += chunk
        if len(body) > limits.max_bytes:
            raise Refused(f"is over the {_mb(limits.max_bytes)} limit (stopped reading there)")
        if time.monotonic() > deadline:
            raise Refused(f"took longer than {3 * limits.timeout:g} s to download", transient=True)
    return bytes(body)


def fetch(url: str, limits: Limits = DEFAULT_LIMITS, allow_private: bool | None = None) -> Download:
    """GET url, following up to MAX_REDIRECTS redirects, each checked. Raises Refused with a reason."""
    deadline = time.monotonic() + 3 * limits.timeout
    visited: list[str] = []
    while True:
        if url in visited:
            raise Refused(f"redirect loop: {url} redirects back to itself after {len(visited)} hop(s)")
        if len(visited) > MAX_REDIRECTS:
            raise Refused(f"more than {MAX_REDIRECTS} redirects")
        visited.append(url)
        scheme, host, port, target = _checked(url)
        address = resolve(host, port, allow_private)
        default_port = port == (443 if scheme == "https" else 80)
        headers = {"Host": host if default_port else f"{host}:{port}", "User-Agent": USER_AGENT,
                   "Accept": "text/html,application/xhtml+xml,application/pdf,application/rss+xml,"
                             "application/atom+xml,application/xml;q=0.9,*/*;q=0.5",
                   "Accept-Encoding": "gzip, deflate"}
        if ":" in host:  # an IPv6 literal goes in brackets in the Host header
            headers["Host"] = f"[{host}]" if default_port else f"[{host}]:{port}"
        try:
            with _pool(scheme, address, host, port, limits) as pool:
                response = pool.urlopen("GET", target, headers=headers, redirect=False, retries=False,
                                        preload_content=False, assert_same_host=False)
                try:
                    if response.status in (301, 302, 303, 307, 308) and response.headers.get("location"):
                        url = urljoin(url, response.headers["location"].strip())
                        continue
                    if response.status >= 400:
                        reason = f"HTTP {response.status}" + (f" {response.reason}" if response.reason else "")
                        raise Refused(reason, transient=response.status >= 500 or response.status == 429)
                    if response.status != 200:
                        raise Refused(f"HTTP {response.status}: the server sent no page")
                    media_type, charset = _content_type(response.headers.get("content-type", ""))
                    return Download(url, media_type, charset, _read_body(response, limits, deadline))
                finally:
                    response.release_conn()
        except (ConnectTimeoutError, ReadTimeoutError):
            raise Refused(f"timed out (no answer within {limits.timeout:g} s)", transient=True) from None
        except NewConnectionError as err:
            raise Refused(f"could not connect to {host} ({_first_line(err)})", transient=True) from None
        except SSLError as err:
            raise Refused(f"TLS error talking to {host} ({_first_line(err)})") from None
        except LocationParseError as err:
            raise Refused(f"not a valid URL ({_first_line(err)})") from None
        except HTTPError as err:
            raise Refused(f"download failed ({type(err).__name__}: {_first_line(err)})", transient=True) from None


def _first_line(err: BaseException) -> str:
    text = str(err.__cause__ or err) or type(err).__name__
    return text.splitlines()[0][:200]
