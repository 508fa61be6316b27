"""The demo's contract (namespaces / and /chat) checked with python-socketio (Debian's python3-socketio),
over websocket only, polling only, and polling with upgrade.

    python3 demo/python_contract.py <base url>

Prints "ok - <case>" / "not ok - <case>: <why>" and a closing "N passed, N failed"; exits 1 on any failure.
"""
import sys
import threading
import time
import re
import traceback

import engineio
import socketio

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000").rstrip("/")
MODES = {"websocket": ["websocket"], "polling": ["polling"], "upgrade": ["polling", "websocket"]}
results = []


def run(name, fn):
    started = time.monotonic()
    try:
        fn()
        results.append((name, None))
        print(f"ok - {name} ({int((time.monotonic() - started) * 1000)} ms)", flush=True)
    except Exception as e:  # noqa: BLE001 - report every failure
        results.append((name, e))
        print(f"not ok - {name}: {e!r}\n{traceback.format_exc()}", flush=True)


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def wait_for(pred, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


OFFSET = re.compile(r"^[0-9a-z]+-[0-9a-z]+$")


class Recorder:
    """A client that records every event it receives, per namespace."""

    def __init__(self):
        self.sio = socketio.Client(reconnection=False, handle_sigint=False)
        self.events = []
        self.lock = threading.Lock()
        for nsp in ("/", "/chat"):
            self.sio.on("*", lambda event, *args, nsp=nsp: self._any(event, nsp, *args), namespace=nsp)

    def _any(self, event, namespace, *args):
        # connection state recovery is on: the server appends each event's offset to its arguments
        if len(args) >= 2 and isinstance(args[-1], str) and OFFSET.match(args[-1]):
            args = args[:-1]
        with self.lock:
            self.events.append((namespace, event, args[0] if len(args) == 1 else list(args), time.monotonic()))

    def of(self, event, namespace="/"):
        with self.lock:
            return [e[2] for e in self.events if e[0] == namespace and e[1] == event]

    def times(self, event, namespace="/"):
        with self.lock:
            return [e[3] for e in self.events if e[0] == namespace and e[1] == event]

    def since(self, event, t0, namespace="/"):
        with self.lock:
            return [e[2] for e in self.events if e[0] == namespace and e[1] == event and e[3] >= t0]

    def connect(self, mode, namespaces=("/",), auth=None, wait_timeout=5):
        self.sio.connect(BASE, transports=MODES[mode], namespaces=list(namespaces), auth=auth, wait_timeout=wait_timeout)
        if mode == "upgrade":
            wait_for(lambda: self.sio.transport() == "websocket", 5, "the upgrade to websocket")
        else:
            check(self.sio.transport() == mode, f"transport {self.sio.transport()}")
        return self

    def close(self):
        # The Engine.IO close, sent and waited for. python-engineio 4.3's disconnect() queues the CLOSE packet and then
        # marks the client "disconnecting"; a write loop still inside an earlier POST sees that mark when the POST
        # returns and exits without sending the CLOSE (the server would only notice at the ping timeout). So: queue the
        # CLOSE, wait (bounded) until the write loop has sent everything queued, then let disconnect() tidy up. This is
        # what a client that closes its connection looks like to the server.
        eio = self.sio.eio
        if eio.state == "connected":
            try:
                eio._send_packet(engineio.packet.Packet(engineio.packet.CLOSE))
            except Exception:  # noqa: BLE001
                pass
            deadline = time.monotonic() + 10
            while eio.queue.unfinished_tasks and eio.state == "connected" and time.monotonic() < deadline:
                time.sleep(0.01)
        try:
            self.sio.disconnect()
        except Exception:  # noqa: BLE001
            pass


def check_at_most(count, since, every, extra, what):
    """A fixed-rate schedule of `every` s started after `since` (monotonic, before the request) has sent at most
    (now - since) / every numbers by now, however loaded the machine (it runs late, never early); `extra` allows for a
    number of a replaced schedule still in flight."""
    elapsed = time.monotonic() - since
    most = int(elapsed / every) + extra
    check(count <= most, f"{what}: {count} numbers within {elapsed:.3f} s at {every} s (at most {most})")


def check_numbers(values):
    for v in values:
        check(isinstance(v, dict) and list(v) == ["numero"], f"payload {v!r}")
        n = v["numero"]
        check(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 1000, f"numero {n!r}")


INVALID = [49, 0, -5, 600001, 10 ** 13, 100.5, 49.0, "1000", "abc", None, True, {}, [100]]


def welcome(mode):
    c = Recorder()
    try:
        c.connect(mode)
        wait_for(lambda: c.of("bienvenida"), 5, "bienvenida")
        check(c.of("bienvenida") == [{"digo": "Hola cliente WS!"}], f"bienvenida {c.of('bienvenida')!r}")
    finally:
        c.close()


def numbers(mode):
    c = Recorder()
    try:
        c.connect(mode)
        t100 = time.monotonic()
        check(c.sio.call("quiero un random", 100, timeout=5) == {"cada": 100}, "ack 100")
        # ten numbers come (late on a loaded machine), and not sooner than the schedule allows
        wait_for(lambda: len(c.of("toma un random")) >= 10, 10, "10 numbers at 100 ms")
        check_at_most(len(c.of("toma un random")), t100, 0.1, 0, "100 ms schedule")
        tenth = c.times("toma un random")[9] - t100
        check(tenth >= 1.0, f"the 10th number of a 100 ms schedule after {tenth:.3f} s")
        check_numbers(c.of("toma un random"))
        # a JSON number with an integral value is an integer, as in JavaScript
        check(c.sio.call("quiero un random", 1000.0, timeout=5) == {"cada": 1000}, "ack 1000.0")
        t400 = time.monotonic()
        check(c.sio.call("quiero un random", 400, timeout=5) == {"cada": 400}, "ack 400")
        # numbers after this are of the 400 ms schedule (the replaced one is cancelled before the ack; one number of
        # it may still be on its way)
        after = time.monotonic()
        for bad in INVALID:
            res = c.sio.call("quiero un random", bad, timeout=5)
            check(isinstance(res, dict) and list(res) == ["error"] and isinstance(res["error"], str) and res["error"],
                  f"ack for {bad!r}: {res!r}")
        res = c.sio.call("quiero un random", timeout=5)
        check(isinstance(res, dict) and "error" in res, f"ack without argument: {res!r}")
        # the scenario: listen to the schedule for 1.3 s. Still the 400 ms one: no more numbers than it can have sent
        # since it started (a schedule restarted by an invalid value, e.g. 49 ms, sends far more), and it goes on
        time.sleep(1.3)
        wait_for(lambda: len(c.since("toma un random", after)) >= 2, 10, "numbers at 400 ms")
        slow = c.since("toma un random", after)
        check_at_most(len(slow), t400, 0.4, 1, "400 ms schedule after invalid requests")
        check_numbers(slow)
        # without an ack: 'random rechazado'
        c.sio.emit("quiero un random", "pronto")
        wait_for(lambda: c.of("random rechazado"), 5, "random rechazado")
        r = c.of("random rechazado")[0]
        check(isinstance(r, dict) and list(r) == ["motivo"] and r["motivo"], f"random rechazado {r!r}")
        check(c.sio.connected, "disconnected by invalid input")
    finally:
        c.close()


def chat(mode):
    bad = Recorder()
    errors = []
    bad.sio.on("connect_error", lambda data: errors.append(data), namespace="/chat")
    try:
        bad.connect(mode, namespaces=["/chat"], auth={"name": ""}, wait_timeout=1)
        raise AssertionError("connected with an empty name")
    except socketio.exceptions.ConnectionError:
        pass
    finally:
        bad.close()
    check(errors and errors[0].get("message") == "name required", f"connect_error {errors!r}")

    room = "sala-py-" + mode
    a, b = Recorder(), Recorder()
    try:
        a.connect(mode, namespaces=["/chat"], auth={"name": "Zoe"})
        b.connect(mode, namespaces=["/chat"], auth={"name": "Ana"})
        check(a.sio.call("join", room, namespace="/chat", timeout=5) == {"room": room, "members": ["Zoe"]}, "join a")
        check(b.sio.call("join", room, namespace="/chat", timeout=5) == {"room": room, "members": ["Ana", "Zoe"]},
              "join b")
        wait_for(lambda: a.of("joined", "/chat"), 5, "joined")
        check(a.of("joined", "/chat") == [{"room": room, "name": "Ana"}], f"joined {a.of('joined', '/chat')!r}")
        check(b.sio.call("say", {"room": room, "text": "¡hola!"}, namespace="/chat", timeout=5) == {"ok": True}, "say")
        said = {"room": room, "name": "Ana", "text": "¡hola!"}
        wait_for(lambda: a.of("said", "/chat") and b.of("said", "/chat"), 5, "said")
        check(a.of("said", "/chat") == [said] and b.of("said", "/chat") == [said], "said payloads")
        check(a.sio.call("say", {"room": "otra", "text": "x"}, namespace="/chat", timeout=5) == {"error": "not in room"},
              "say outside the room")
        b.sio.emit("leave", room, namespace="/chat")
        wait_for(lambda: a.of("left", "/chat"), 5, "left")
        check(a.of("left", "/chat") == [{"room": room, "name": "Ana"}], f"left {a.of('left', '/chat')!r}")
        check(b.sio.call("join", room, namespace="/chat", timeout=5) == {"room": room, "members": ["Ana", "Zoe"]},
              "join again")
        b.close()
        wait_for(lambda: len(a.of("left", "/chat")) == 2, 5, "left on disconnect")
        check(a.of("left", "/chat")[1] == {"room": room, "name": "Ana"}, "left on disconnect payload")
    finally:
        a.close()
        b.close()


for mode in MODES:
    run(f"[{mode}] / sends bienvenida on connection", lambda: welcome(mode))
    run(f"[{mode}] / quiero un random: ack, numbers, replacement, invalid input", lambda: numbers(mode))
    run(f"[{mode}] /chat: name required, join, say, leave, disconnect", lambda: chat(mode))

failed = sum(1 for _, e in results if e)
print(f"{len(results) - failed} passed, {failed} failed", flush=True)
sys.exit(1 if failed else 0)
