"""Interop scenarios for python-socketio (Debian's python3-socketio) against an Enlace server started by the
Java test (InteropServers). Usage: python3 scenarios.py <port> <websocket|polling>
Prints "OK <name>" per passed check; exits 0 when all passed."""
import sys
import threading
import time

import socketio

port, mode = sys.argv[1], sys.argv[2]
url = "http://127.0.0.1:%s" % port
transports = ["websocket"] if mode == "websocket" else ["polling"]
failed = False


def check(name, fn):
    global failed
    try:
        fn()
        print("OK " + name, flush=True)
    except Exception as e:  # noqa: BLE001 - report every failure
        failed = True
        print("FAIL %s: %r" % (name, e), flush=True)


def expect(actual, wanted, what):
    if actual != wanted:
        raise AssertionError("%s: expected %r, got %r" % (what, wanted, actual))


def client(namespaces=None, auth=None):
    c = socketio.Client(reconnection=False)
    c.connect(url, namespaces=namespaces or ["/"], transports=transports, auth=auth, wait_timeout=5)
    return c


def connect_and_events():
    c = client(auth={"token": "py"})
    who = c.call("whoami", timeout=5)
    expect(who["auth"], {"token": "py"}, "auth")
    expect(who["id"], c.get_sid("/"), "socket id")
    expect(c.transport(), mode, "transport")
    got = threading.Event()
    box = {}

    @c.on("message-back")
    def on_back(*args):
        box["args"] = list(args)
        got.set()

    c.emit("message", (1, "two", {"three": [True, None]}))
    if not got.wait(5):
        raise AssertionError("no message-back")
    expect(box["args"], [1, "two", {"three": [True, None]}], "message-back")
    expect(c.call("echo", ({"a": 1}, "b"), timeout=5), ({"a": 1}, "b"), "ack with two args")
    try:
        c.call("never-acks", timeout=0.3)
        raise AssertionError("no timeout")
    except socketio.exceptions.TimeoutError:
        pass
    c.disconnect()


def server_acks():
    c = client()
    got = threading.Event()
    box = {}
    c.on("question", lambda x: {"answer": x * 2})

    @c.on("server-got")
    def on_got(answer):
        box["answer"] = answer
        got.set()

    c.emit("ask-me", 21)
    if not got.wait(5):
        raise AssertionError("server did not get the answer")
    expect(box["answer"], {"answer": 42}, "server got")
    c.disconnect()


def binary():
    c = client()
    back = c.call("echo-binary", {"file": b"\x01\x02\x03", "list": [b"\x04", {"deep": b"\x05\x06"}]}, timeout=5)
    expect(back, {"file": b"\x01\x02\x03", "list": [b"\x04", {"deep": b"\x05\x06"}]}, "binary echo")
    got = threading.Event()
    box = {}

    @c.on("binary-from-server")
    def on_bin(data):
        box["data"] = data
        got.set()

    c.emit("send-me-binary")
    if not got.wait(5):
        raise AssertionError("no binary from server")
    expect(box["data"], {"name": "blob", "data": b"\x09\x08\x07"}, "server binary")
    c.disconnect()


def rooms():
    a, b, c = client(), client(), client()
    for s in (a, b):
        s.call("join", "pyroom", timeout=5)
    got = {"a": threading.Event(), "b": threading.Event(), "c": threading.Event()}
    a.on("room-msg", lambda m: got["a"].set())
    b.on("room-msg", lambda m: got["b"].set())
    c.on("room-msg", lambda m: got["c"].set())
    c.emit("to-room", ("pyroom", "hi"))
    if not (got["a"].wait(5) and got["b"].wait(5)):
        raise AssertionError("room members missed the message")
    # the scenario: 200 ms of quiet for the sender (python-socketio runs each event handler in its own thread, so no
    # later message of this client orders its handlers)
    time.sleep(0.2)
    if got["c"].is_set():
        raise AssertionError("sender outside the room got it")
    for s in (a, b, c):
        s.disconnect()


def namespaces():
    c = client(namespaces=["/", "/admin", "/dyn-7"])
    expect(c.call("nsp", namespace="/admin", timeout=5), "/admin", "static namespace")
    expect(c.call("nsp", namespace="/dyn-7", timeout=5), "/dyn-7", "dynamic namespace")
    c.disconnect()


def middleware_error():
    c = socketio.Client(reconnection=False)
    box = {}

    @c.on("connect_error", namespace="/private")
    def on_error(data):
        box["data"] = data

    try:
        c.connect(url, namespaces=["/private"], transports=transports, auth={"token": "wrong"}, wait_timeout=3)
        raise AssertionError("connected without the secret")
    except socketio.exceptions.ConnectionError:
        pass
    expect(box.get("data"), {"message": "not authorized", "data": {"code": 42, "hint": "send the secret"}}, "connect_error")
    c.disconnect()


check("connect, events, acks and timeouts", connect_and_events)
check("server acks", server_acks)
check("binary nested and in acks", binary)
check("rooms and broadcast", rooms)
check("static and dynamic namespaces", namespaces)
check("middleware error with data", middleware_error)
sys.exit(1 if failed else 0)
