"""Run an ASGI app on a loopback port, in a thread or in the foreground."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import uvicorn

LOOPBACK = "127.0.0.1"


@dataclass
class RunningServer:
    """A server started by :func:`serve_in_thread`; ``stop()`` shuts it down."""

    base_url: str
    port: int
    _server: uvicorn.Server
    _thread: threading.Thread

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def bind_loopback(port: int = 0) -> socket.socket:
    """Bind 127.0.0.1 (port 0 picks a free one) so the port is known before serving."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, port))
    sock.listen(2048)
    return sock


def _config(app, **uvicorn_options) -> uvicorn.Config:
    options = {"log_level": "warning", "access_log": False, "lifespan": "off", "timeout_keep_alive": 30}
    options.update(uvicorn_options)
    return uvicorn.Config(app, **options)


def serve_in_thread(app, port: int = 0, startup_timeout: float = 15.0, **uvicorn_options) -> RunningServer:
    """Start ``app`` on 127.0.0.1 in a daemon thread and wait until it accepts requests."""
    sock = bind_loopback(port)
    server = uvicorn.Server(_config(app, **uvicorn_options))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"server did not start on {LOOPBACK}:{sock.getsockname()[1]}")
        time.sleep(0.01)
    bound = sock.getsockname()[1]
    return RunningServer(f"http://{LOOPBACK}:{bound}", bound, server, thread)


def serve_forever(app, port: int, **uvicorn_options) -> None:
    """Serve ``app`` on 127.0.0.1:``port`` in the foreground until interrupted."""
    sock = bind_loopback(port)
    uvicorn.Server(_config(app, **uvicorn_options)).run(sockets=[sock])
