"""`clausegen serve`: a local web page for buyers on top of the same API as the CLI."""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path

from ..errors import ClausegenError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, or a ClausegenError saying why not (werkzeug would exit 1 itself)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise ClausegenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ClausegenError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="choose another port with --port" if exc.errno == errno.EADDRINUSE else None,
        ) from None
    return sock


def serve(
    library: str | Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    echo: Callable[[str], None] = print,
) -> None:
    """Serve the form until Ctrl+C. On a loopback address (the default) it answers only to
    loopback host names, so other websites cannot reach it through DNS tricks."""
    from werkzeug.serving import make_server

    from .app import LOOPBACK_NAMES, create_app

    trusted = LOOPBACK_NAMES | {host} if is_loopback(host) else None
    app = create_app(library, trusted_hosts=trusted)
    sock = listen(host, port)
    try:
        server = make_server(host, sock.getsockname()[1], app, threaded=True, fd=sock.fileno())
    finally:
        sock.close()  # the server holds its own duplicate of the socket
    shown = f"[{host}]" if ":" in host else host
    echo(f"clausegen serve: http://{shown}:{server.port}/  (Ctrl+C stops)")
    if not is_loopback(host):
        echo(f"Warning: {host} is not a loopback address; other computers can open this page.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
