#!/usr/bin/env python3
"""Time to first screen, gangmu vs less, measured through a pseudo-terminal (no tmux polling).

    python3 bench/first_screen.py FILE [RUNS] [PROBE]

Starts each program in a 120x40 pty, answers the terminal queries a terminal would (device
attributes), and stops the clock when PROBE (default: the novel's first body line) appears in
the output. Runs alternate between the two programs; prints the medians and their ratio.

With PEER=/path/to/another/gangmu the peer is that binary instead of less (for files less cannot
show, such as an EPUB: compare two builds of gangmu).
"""
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import termios
import time

GANGMU = os.environ.get("GANGMU", os.path.join(os.path.dirname(__file__), "..", "target", "release", "gangmu"))


def first_screen(argv, probe):
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    buf = b""
    found = None
    while time.perf_counter() - t0 < 10:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        buf += data
        if b"\x1b[c" in data:
            os.write(fd, b"\x1b[?1;2c")
        if probe in buf:
            found = time.perf_counter() - t0
            break
    os.write(fd, b"q")
    time.sleep(0.05)
    try:
        os.kill(pid, 9)
    except OSError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return found


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    probe = (sys.argv[3] if len(sys.argv) > 3 else "话说大宋仁宗").encode()
    state = "/tmp/gangmu-first-screen-state"
    peer = os.environ.get("PEER")
    peer_argv = [peer, "--no-resume", "--state-dir", state, path] if peer else ["less", path]
    peer_name = peer or "less"
    g, l = [], []
    for _ in range(runs):
        for times, argv in ((g, [GANGMU, "--no-resume", "--state-dir", state, path]), (l, peer_argv)):
            t = first_screen(argv, probe)
            if t is None:
                sys.exit(f"{argv[0]}: {probe.decode()!r} not on the first screen within 10 s")
            times.append(1000 * t)
    mg, ml = statistics.median(g), statistics.median(l)
    print(f"first screen {path}: gangmu {mg:.1f} ms, {peer_name} {ml:.1f} ms, ratio {mg / ml:.2f} (medians of {runs})")


if __name__ == "__main__":
    main()
