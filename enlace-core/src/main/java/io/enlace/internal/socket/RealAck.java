package io.enlace.internal.socket;

import io.enlace.Ack;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** An ack that answers once; later calls are ignored. */
final class RealAck implements Ack {
    static final RealAck NONE = new RealAck(null);

    private final Consumer<Object[]> sender;
    private final AtomicBoolean sent = new AtomicBoolean();

    RealAck(Consumer<Object[]> sender) { this.sender = sender; }

    @Override
    public void send(Object... args) {
        if (sender == null || !sent.compareAndSet(false, true)) return;
        sender.accept(args);
    }

    @Override
    public boolean requested() { return sender != null; }

    @Override
    public boolean sent() { return sent.get(); }
}
