"""A real redis-server on a free loopback port, for the Redis archive tests and benchmark.

`running_redis()` is a plain context manager, usable outside pytest (the archive
benchmark uses it): it starts ``redis-server`` in a temporary directory without
persistence, waits until it answers PING, yields its ``redis://127.0.0.1:PORT/0`` address
and stops it. Without the binary, tests are skipped, unless RECONCILE_REQUIRE_SERVERS=1
(CI sets it, so the Redis tests can never be silently skipped there).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from typing import Iterator

START_TIMEOUT_S = 10.0


class ServerUnavailable(RuntimeError):
    """redis-server is not installed here."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _missing(message: str) -> None:
    """Skip the test (or fail it when servers are required); outside pytest, raise."""
    if os.environ.get("RECONCILE_REQUIRE_SERVERS") == "1":
        raise RuntimeError(f"{message}, and RECONCILE_REQUIRE_SERVERS=1 requires it (install redis-server)")
    try:
        import pytest
    except ImportError:  # pragma: no cover - outside a test environment
        raise ServerUnavailable(message) from None
    pytest.skip(message)


@contextmanager
def running_redis(binary: str = "redis-server") -> Iterator[str]:
    """Start a throwaway redis-server; yield its URL; stop it (and remove its directory)."""
    path = shutil.which(binary)
    if path is None:
        _missing(f"{binary} not found on PATH")
    with tempfile.TemporaryDirectory(prefix="reconcile-redis-") as workdir:
        port = free_port()
        process = subprocess.Popen(
            [
                path,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                workdir,
                "--daemonize",
                "no",
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=workdir,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _answers_ping(port):
                if process.poll() is not None:
                    raise RuntimeError(f"redis-server exited with code {process.returncode} on port {port}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not answer PING on port {port} within {START_TIMEOUT_S} s")
                time.sleep(0.02)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    """Stop a server started here (by its own process handle, nothing else)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
