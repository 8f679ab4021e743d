"""Fetch a job posting from its URL: schema.org JobPosting JSON-LD when the page has it
(as many career sites do), else the page's main text.

Refuses private, loopback and link-local addresses unless the setting
POSTING_FETCH_ALLOW_PRIVATE allows them: checked on the addresses each connection (the
first, and one per redirect) resolves and connects to, so no second lookup can answer
differently. Stops at a size limit and at one deadline for the
whole fetch, however slowly a server drips its answer.
"""

from __future__ import annotations

import codecs
import contextlib
import http.client
import ipaddress
import json
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from urllib.parse import urlsplit

MAX_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 8  # for each connect and read
TOTAL_SECONDS = 20  # for the whole fetch: redirects, headers and body
MAX_REDIRECTS = 5
USER_AGENT = "Reframe posting capture (+self-hosted)"


class FetchFailed(ValueError):
    """The posting could not be fetched; the message says why, for the person."""


@dataclass(frozen=True)
class FetchedPosting:
    url: str
    title: str
    company: str
    text: str
    from_json_ld: bool


def fetch_posting(url: str, *, allow_private: bool = False) -> FetchedPosting:
    html, final_url = _download(url, allow_private)
    job = _job_posting_json_ld(html)
    description = html_to_text(_text_of(job.get("description"))) if job is not None else ""
    # A JobPosting without its description still names the role; the page says the rest.
    text = description or html_to_text(html)
    if not text.strip():
        raise FetchFailed("The page has no readable text; paste the posting instead.")
    if job is not None:
        return FetchedPosting(
            url=final_url,
            title=_text_of(job.get("title")) or _page_title(html),
            company=_organization_name(job.get("hiringOrganization")),
            text=text,
            from_json_ld=bool(description),
        )
    return FetchedPosting(final_url, _page_title(html), "", text, from_json_ld=False)


# --------------------------------------------------------------------------- download


def check_address(url: str, *, allow_private: bool = True) -> None:
    """Refuse what is not a web address, and an address written as a private IP. Where a
    name points is checked by the connection, on the addresses it is about to connect to
    (no DNS here: a web request that captures a posting must not wait on it)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchFailed("Give a full web address starting with http:// or https://.")
    if not allow_private and _is_ip(parts.hostname) and not is_public_address(parts.hostname):
        raise FetchFailed(PRIVATE_NETWORK)


def _public_addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise FetchFailed(f"The address {host} could not be found.") from error
    addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        if not is_public_address(address):
            raise FetchFailed(PRIVATE_NETWORK)
    return addresses


PRIVATE_NETWORK = (
    "That address points inside a private network; only public pages can be fetched. "
    "Paste the posting's text instead."
)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


# IPv6 ranges that carry an IPv4 address in their last 32 bits: IPv4-compatible (::/96),
# SIIT's IPv4-translated (::ffff:0:0/96) and NAT64's well-known prefix (64:ff9b::/96).
_LOW_32_PREFIXES = tuple(
    ipaddress.ip_network(n) for n in ("::/96", "::ffff:0:0/96", "64:ff9b::/96")
)
# Ranges no public page lives in, whatever they embed: NAT64 for local use (RFC 8215),
# the deprecated site-local range.
_NEVER_PUBLIC = tuple(ipaddress.ip_network(n) for n in ("64:ff9b:1::/48", "fec0::/10"))


def is_public_address(text: str) -> bool:
    """Whether a connection to this address reaches the public internet, and only it.

    An IPv6 address that wraps an IPv4 one (mapped, compatible, SIIT, NAT64, 6to4,
    Teredo) is judged by the IPv4 address too: ``64:ff9b::7f00:1`` is 127.0.0.1."""
    address = ipaddress.ip_address(text.split("%", 1)[0])  # a zone id is not an address
    if not address.is_global or address.is_multicast or address.is_reserved:
        return False
    if address.version == 4:
        return True
    if any(address in network for network in _NEVER_PUBLIC) or address.is_site_local:
        return False
    embedded = [address.ipv4_mapped, address.sixtofour]
    if address.teredo:
        embedded.extend(address.teredo)
    if any(address in network for network in _LOW_32_PREFIXES):
        embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return all(is_public_address(str(v4)) for v4 in embedded if v4 is not None)


class _Deadline:
    """One deadline for a whole fetch: when it passes, every socket the fetch opened is
    shut down, so a read blocked on a server that drips a byte at a time returns at once."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                sock.close()
                raise TimeoutError("deadline passed")
            self._sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):  # already closed
                    sock.shutdown(socket.SHUT_RDWR)


def _connector(allow_private: bool, deadline: _Deadline):
    """`_create_connection` for http.client: connect to the address just checked, not to
    whatever the name resolves to a moment later."""

    def connect(address, timeout=TIMEOUT_SECONDS, source_address=None) -> socket.socket:
        host, port = address
        if allow_private:
            sock = socket.create_connection(address, timeout, source_address)
        else:
            checked = _public_addresses(host, port)[0]
            sock = socket.create_connection((checked, port), timeout, source_address)
        deadline.watch(sock)
        return sock

    return connect


def _guarded_connection(connection_class, connect, host, **kwargs):
    connection = connection_class(host, **kwargs)
    connection._create_connection = connect  # http.client's own hook for opening sockets
    return connection


class _GuardedHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """Plain and TLS connections whose sockets are opened by `connect`. SNI and the
    certificate check still use the host name: HTTPSConnection wraps our socket with it."""

    def __init__(self, connect) -> None:
        super().__init__()
        self.connect = connect

    def http_open(self, req):
        return self.do_open(self._factory(http.client.HTTPConnection), req)

    def https_open(self, req):
        return self.do_open(self._factory(http.client.HTTPSConnection), req, context=self._context)

    def _factory(self, connection_class):
        return partial(_guarded_connection, connection_class, self.connect)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects only to web addresses (never file:// and the like), at most MAX_REDIRECTS
    of them; the connection to each checks where it points."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _download(url: str, allow_private: bool) -> tuple[str, str]:
    check_address(url)
    with _Deadline(TOTAL_SECONDS) as deadline:
        connect = _connector(allow_private, deadline)
        opener = urllib.request.build_opener(_CheckedRedirects(), _GuardedHandler(connect))
        opener.addheaders = [("User-Agent", USER_AGENT), ("Accept", "text/html,*/*;q=0.5")]
        try:
            with opener.open(url, timeout=TIMEOUT_SECONDS) as response:
                body = response.read(MAX_BYTES + 1)
                final_url = response.geturl()
                charset = response.headers.get_content_charset() or "utf-8"
        except urllib.error.HTTPError as error:
            raise FetchFailed(f"The site answered {error.code} ({error.reason}).") from error
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            if deadline.expired:
                raise _too_slow() from error
            reason = getattr(error, "reason", error)
            raise FetchFailed(f"The page could not be fetched: {reason}.") from error
    if deadline.expired:  # the shut-down socket read as an early end of the page
        raise _too_slow()
    if len(body) > MAX_BYTES:
        raise FetchFailed("The page is larger than 2 MB; paste the posting's text instead.")
    return body.decode(known_charset(charset), errors="replace"), final_url


def known_charset(name: str) -> str:
    """`name` when Python knows the codec, else UTF-8: a page served with
    `charset=bogus-xyz` is read as the UTF-8 it almost certainly is, not a server error."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def _too_slow() -> FetchFailed:
    return FetchFailed(
        f"The site took longer than {TOTAL_SECONDS} s to send the page; "
        "paste the posting's text instead."
    )


# --------------------------------------------------------------------------- JSON-LD


def _job_posting_json_ld(html: str) -> dict | None:
    for block in _ScriptCollector.json_ld_blocks(html):
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
            continue
        found = _find_job_posting(data)
        if found is not None:
            return found
    return None


def _find_job_posting(data) -> dict | None:
    if isinstance(data, list):
        return next((j for j in map(_find_job_posting, data) if j is not None), None)
    if not isinstance(data, dict):
        return None
    kind = data.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "JobPosting" in kinds:
        return data
    return _find_job_posting(data.get("@graph", []))


def _text_of(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _organization_name(value) -> str:
    if isinstance(value, dict):
        return _text_of(value.get("name"))
    return _text_of(value)


# --------------------------------------------------------------------------- HTML → text

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
    "section", "article", "header", "footer", "table", "dd", "dt", "blockquote",
}  # fmt: skip
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "nav", "svg", "head", "iframe"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag) -> None:
        if tag in _SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable text: block elements become lines, list items bullets, scripts vanish."""
    if "<" not in html:
        return html.strip()
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = [" ".join(line.split()) for line in "".join(extractor.parts).splitlines()]
    text = "\n".join(line for line in lines if line and line != "-")
    return text.strip()


class _ScriptCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self.inside = False
        self.title: list[str] = []
        self.in_title = False

    @classmethod
    def json_ld_blocks(cls, html: str) -> list[str]:
        collector = cls()
        collector.feed(html)
        return collector.blocks

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "script" and dict(attrs).get("type", "").lower() == "application/ld+json":
            self.inside = True
            self.blocks.append("")
        self.in_title = tag == "title"

    def handle_endtag(self, tag) -> None:
        if tag == "script":
            self.inside = False
        if tag == "title":
            self.in_title = False

    def handle_data(self, data) -> None:
        if self.inside:
            self.blocks[-1] += data
        elif self.in_title:
            self.title.append(data)


def _page_title(html: str) -> str:
    collector = _ScriptCollector()
    collector.feed(html)
    return " ".join("".join(collector.title).split())
