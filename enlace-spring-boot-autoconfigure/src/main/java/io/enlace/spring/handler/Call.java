package io.enlace.spring.handler;

import io.enlace.Ack;
import io.enlace.Args;
import io.enlace.DisconnectReason;
import io.enlace.Socket;

/** What one invocation of a handler method can bind its parameters from. One per call. */
final class Call {
    final Socket socket;
    final String event;
    final Args args;
    final Ack ack;
    final Socket.Next next;
    final DisconnectReason reason;
    final String description;
    final Throwable error;

    private Call(Socket socket, String event, Args args, Ack ack, Socket.Next next, DisconnectReason reason,
                 String description, Throwable error) {
        this.socket = socket;
        this.event = event;
        this.args = args;
        this.ack = ack;
        this.next = next;
        this.reason = reason;
        this.description = description;
        this.error = error;
    }

    static Call middleware(Socket socket, Socket.Next next) {
        return new Call(socket, null, null, NoAck.INSTANCE, next, null, null, null);
    }

    static Call connect(Socket socket) {
        return new Call(socket, null, null, NoAck.INSTANCE, null, null, null, null);
    }

    static Call event(Socket socket, String event, Args args, Ack ack) {
        return new Call(socket, event, args, ack, null, null, null, null);
    }

    static Call disconnect(Socket socket, DisconnectReason reason, String description) {
        return new Call(socket, null, null, NoAck.INSTANCE, null, reason, description, null);
    }

    /** The call of an {@code @OnError} method for {@code error}, raised while handling {@code failed}. */
    Call failed(Throwable error) {
        return new Call(socket, event, args, ack, next, reason, description, error);
    }

    /** The ack of a call that has none: never requested, sends nothing. */
    enum NoAck implements Ack {
        INSTANCE;

        @Override public void send(Object... args) { }
        @Override public boolean requested() { return false; }
        @Override public boolean sent() { return false; }
    }
}
