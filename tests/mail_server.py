"""A real SMTP server on loopback (aiosmtpd), for tests and benchmarks of outgoing mail.

No pytest here: `bench/digest_bench.py` uses it as well. It keeps every message it
accepts, and can be told to answer the next RCPT or DATA commands with an error, to play
a greylisting (4xx) or refusing (5xx) server; `stop()` makes the port refuse connections.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: list[str]
    data: bytes  # exactly as it came over the wire

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)

    def raw_header(self, name: str) -> str:
        """The header line as sent (unfolded only where the sender folded it)."""
        head = self.data.split(b"\r\n\r\n", 1)[0].decode()
        prefix = f"{name.lower()}:"
        lines = head.split("\r\n")
        for n, line in enumerate(lines):
            if line.lower().startswith(prefix):
                folded = [line]
                folded += [rest for rest in lines[n + 1 :] if rest[:1] in (" ", "\t")]
                return "\r\n".join(folded)
        return ""


class LoopbackSMTP:
    """`start()`, point MAILERS at `mailers()`, then read `messages`."""

    def __init__(self, *, port: int | None = None, keep: bool = True) -> None:
        self.port = port or free_port()
        self.keep = keep
        self.messages: list[Received] = []
        self.accepted = 0
        self.connections = 0
        self.rcpt_replies: deque[str] = deque()
        self.data_replies: deque[str] = deque()
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    # --- aiosmtpd handler hooks -------------------------------------------------------

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self._lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_replies:
            return self.rcpt_replies.popleft()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_replies:
            return self.data_replies.popleft()
        with self._lock:
            self.accepted += 1
            if self.keep:
                data = envelope.original_content or envelope.content
                self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), data))
        return "250 Message accepted for delivery"

    # --- control ----------------------------------------------------------------------

    def start(self) -> LoopbackSMTP:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def mailers(self) -> dict:
        """A MAILERS setting that delivers here over SMTP."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }

    def wait_for(self, count: int, *, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while self.accepted < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.accepted} of {count} messages after {timeout:.0f} s")
            time.sleep(0.02)
        return self.messages


def main() -> None:
    """Serve until SIGTERM or SIGINT, then print how many messages were accepted.

    python -m tests.mail_server --port 2525   (a process of its own: no GIL shared with
    the sender, as in bench/digest_bench.py)
    """
    import argparse
    import signal

    parser = argparse.ArgumentParser(description=main.__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    server = LoopbackSMTP(port=args.port, keep=False).start()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    server.stop()
    print(f"accepted {server.accepted}", flush=True)


if __name__ == "__main__":
    main()
