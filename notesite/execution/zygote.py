"""A pre-warmed server that forks a fresh worker per page.

Started once per build process (runner.py calls `main(FD)`), it imports
numpy and matplotlib once, then forks on request: each child gets its own socket to
the build and runs one page (worker.serve_page). multiprocessing's forkserver does the
same but re-imports the build's `__main__` (mkdocs, pytest) in every child; this does
not. The build asks for a child's exit status after it ends, so none is left a zombie.

The control socket carries, first, the time the server became ready, then one datagram per request ("fork" with the child's socket
attached, "wait PID") and per reply (a pid or an exit code). A worker's socket carries
pickles with an 8-byte length in front.
"""

from __future__ import annotations

import gc
import os
import pickle
import socket
import struct
import time

HEADER = struct.Struct("!Q")
REPLY = struct.Struct("!q")
READY = struct.Struct(
    "!d"
)  # time.monotonic() when the imports are done: one clock for all processes


def send(sock: socket.socket, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(HEADER.pack(len(data)) + data)


def _exactly(sock: socket.socket, size: int) -> bytes:
    chunks = []
    while size:
        chunk = sock.recv(min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def receive(sock: socket.socket):
    (size,) = HEADER.unpack(_exactly(sock, HEADER.size))
    return pickle.loads(_exactly(sock, size))


def _fork_worker(control: socket.socket, channel_fd: int) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            control.close()
            from notesite.execution.worker import serve_page

            channel = socket.socket(fileno=channel_fd)
            serve_page(channel, receive(channel))  # ends with os._exit
        finally:
            os._exit(1)  # a child whose build went away never returns into the server's loop
    os.close(channel_fd)
    return pid


def main(control_fd: int) -> None:
    import notesite.execution.preload  # noqa: F401 - what every child inherits

    # Children's garbage collections skip what the server made, instead of touching (and
    # so copying) every page of it.
    gc.freeze()
    control = socket.socket(fileno=control_fd)
    try:
        control.send(READY.pack(time.monotonic()))
    except OSError:
        return  # the build ended before it needed a worker
    while True:
        try:
            request, fds, _, _ = socket.recv_fds(control, 64, 1)
        except OSError:
            return
        if not request:
            return  # the build has ended
        kind, _, argument = request.decode().partition(" ")
        if kind == "fork":
            control.send(REPLY.pack(_fork_worker(control, fds[0])))
        elif kind == "wait":
            _, status = os.waitpid(int(argument), 0)
            control.send(REPLY.pack(os.waitstatus_to_exitcode(status)))
