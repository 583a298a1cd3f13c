"""`clausegen serve`: a local web page for buyers on top of the same API as the CLI."""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path

from ..catalog import message
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
    except socket.gaierror:
        raise ClausegenError(code="web.unknown-address", params={"host": host}) from None
    except OSError as exc:
        raise _cannot_listen(exc, host, port) from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise _cannot_listen(exc, host, port) from None
    return sock


_LISTEN_CODES = {
    errno.EADDRINUSE: "web.port-in-use",
    errno.EACCES: "web.port-denied",
    errno.EADDRNOTAVAIL: "web.address-not-here",
}


def _cannot_listen(exc: OSError, host: str, port: int) -> ClausegenError:
    """Why the socket cannot listen, with the fix: a port in use, a port that needs privileges,
    an address of another machine; otherwise the system's own reason."""
    code = _LISTEN_CODES.get(exc.errno or 0, "web.cannot-listen")
    return ClausegenError(code=code, params={"host": host, "port": port, "reason": exc.strerror or str(exc)})


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
    echo(message("web.serving", {"url": f"http://{shown}:{server.port}/"}))
    if not is_loopback(host):
        echo(message("web.not-loopback", {"host": host}))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
