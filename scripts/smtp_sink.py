"""A mail server that keeps what it is sent: somewhere for `make prod-check` to see an email land.

Enough SMTP for Django's SMTP backend (and ``smtplib``): EHLO/HELO, AUTH PLAIN and LOGIN
(any user and password is let in), MAIL, RCPT, DATA, RSET, NOOP, QUIT. It speaks no TLS, so
its address is ``smtp://user:password@127.0.0.1:<port>``. It runs on an asyncio loop in a
thread of its own::

    with SmtpSink() as sink:
        ...  # EMAIL_URL=smtp://user:password@127.0.0.1:{sink.port}
        message = sink.wait_for(lambda m: m["To"] == "a@example.org", timeout=30)

or alone, printing each message it takes: ``python -m scripts.smtp_sink --port 1025``.
"""

from __future__ import annotations

import argparse
import asyncio
import email
import email.policy
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage


class SmtpSink:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.messages: list[EmailMessage] = []
        self.on_message: Callable[[EmailMessage], None] | None = None
        self._arrived = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> SmtpSink:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> int:
        """Listen (on a free port when none was given); returns the port."""
        ready = threading.Event()
        failed: list[BaseException] = []

        def run() -> None:
            loop = self._loop = asyncio.new_event_loop()
            try:
                server = loop.run_until_complete(
                    asyncio.start_server(self._session, self.host, self.port)
                )
            except OSError as error:
                failed.append(error)
                ready.set()
                return
            self.port = server.sockets[0].getsockname()[1]
            ready.set()
            try:
                loop.run_forever()
            finally:
                server.close()
                loop.run_until_complete(server.wait_closed())
                loop.close()

        self._thread = threading.Thread(target=run, name="smtp-sink", daemon=True)
        self._thread.start()
        ready.wait()
        if failed:
            raise failed[0]
        return self.port

    def stop(self) -> None:
        if self._loop and self._thread:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
            self._thread = self._loop = None

    def wait_for(
        self, matches: Callable[[EmailMessage], bool], *, timeout: float
    ) -> EmailMessage | None:
        """The first message that ``matches``, waiting up to ``timeout`` seconds for it."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for message in self.messages:
                    if matches(message):
                        return message
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._arrived.wait(left)

    def _keep(self, data: bytes, sender: str, recipients: list[str]) -> None:
        message = email.message_from_bytes(
            data.replace(b"\r\n", b"\n"), policy=email.policy.default
        )
        message["X-Sink-Envelope-From"] = sender
        message["X-Sink-Envelope-To"] = ", ".join(recipients)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        if self.on_message:
            self.on_message(message)

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def reply(line: str) -> None:
            writer.write(f"{line}\r\n".encode())
            await writer.drain()

        sender, recipients = "", []
        await reply("220 smtp-sink ready")
        try:
            while line := await reader.readline():
                verb, _, argument = line.decode("utf-8", "replace").rstrip("\r\n").partition(" ")
                verb = verb.upper()
                if verb == "EHLO":
                    await reply("250-smtp-sink")
                    await reply("250-AUTH PLAIN LOGIN")
                    await reply("250-8BITMIME")
                    await reply("250 SMTPUTF8")
                elif verb == "HELO":
                    await reply("250 smtp-sink")
                elif verb == "AUTH":
                    mechanism, *initial = argument.split()
                    if mechanism.upper() == "LOGIN":
                        for prompt in ("VXNlcm5hbWU6", "UGFzc3dvcmQ6"):  # Username:, Password:
                            if initial:
                                initial = []
                                continue
                            await reply(f"334 {prompt}")
                            await reader.readline()
                    elif not initial:
                        await reply("334 ")
                        await reader.readline()
                    await reply("235 2.7.0 Authentication successful")
                elif verb == "MAIL":
                    sender, recipients = argument.partition(":")[2].split(" ")[0].strip("<>"), []
                    await reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(argument.partition(":")[2].split(" ")[0].strip("<>"))
                    await reply("250 OK")
                elif verb == "DATA":
                    await reply("354 End data with <CR><LF>.<CR><LF>")
                    lines = []
                    while (data := await reader.readline()) not in (b".\r\n", b".\n", b""):
                        lines.append(data[1:] if data.startswith(b".") else data)
                    self._keep(b"".join(lines), sender, recipients)
                    sender, recipients = "", []
                    await reply("250 OK: queued")
                elif verb == "RSET":
                    sender, recipients = "", []
                    await reply("250 OK")
                elif verb == "NOOP":
                    await reply("250 OK")
                elif verb == "QUIT":
                    await reply("221 Bye")
                    break
                else:
                    await reply(
                        "502 Unrecognised command: this sink takes HELO, EHLO, MAIL, RCPT, DATA, RSET, NOOP and QUIT"
                    )
        except ConnectionError:
            pass
        finally:
            writer.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    args = parser.parse_args()
    sink = SmtpSink(args.host, args.port)
    sink.on_message = lambda message: print(message.as_string(), flush=True)
    print(f"Listening on smtp://{args.host}:{sink.start()}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        sink.stop()


if __name__ == "__main__":
    main()
