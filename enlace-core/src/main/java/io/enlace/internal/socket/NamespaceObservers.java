package io.enlace.internal.socket;

import io.enlace.Args;
import io.enlace.DisconnectReason;
import io.enlace.NamespaceObserver;
import io.enlace.Socket;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.parser.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observers of one namespace as one immutable group: the namespace keeps {@code null} (no observer: one field
 * check per event) or one of these, replaced when a server observer is added or removed. Each call reaches every
 * observer; an exception is logged and the others still get the call.
 */
final class NamespaceObservers implements NamespaceObserver {
    private static final Logger log = LoggerFactory.getLogger(NamespaceObservers.class);

    private final NamespaceObserver[] all;

    NamespaceObservers(NamespaceObserver[] all) { this.all = all; }

    private static void failed(NamespaceObserver o, Throwable e) {
        log.warn("namespace observer {} failed", o, e);
    }

    @Override
    public void socketConnected(Socket socket) {
        for (NamespaceObserver o : all) {
            try { o.socketConnected(socket); } catch (RuntimeException e) { failed(o, e); }
        }
    }

    @Override
    public void connectRefused(Socket socket, Throwable error) {
        for (NamespaceObserver o : all) {
            try { o.connectRefused(socket, error); } catch (RuntimeException e) { failed(o, e); }
        }
    }

    @Override
    public void socketDisconnected(Socket socket, DisconnectReason reason) {
        for (NamespaceObserver o : all) {
            try { o.socketDisconnected(socket, reason); } catch (RuntimeException e) { failed(o, e); }
        }
    }

    @Override
    public void socketDataChanged(Socket socket) {
        for (NamespaceObserver o : all) {
            try { o.socketDataChanged(socket); } catch (RuntimeException e) { failed(o, e); }
        }
    }

    @Override
    public void eventReceived(Socket socket, String event, Args args) {
        for (NamespaceObserver o : all) {
            try { o.eventReceived(socket, event, args); } catch (RuntimeException e) { failed(o, e); }
        }
    }

    @Override
    public void eventHandled(Socket socket, String event, long nanos) {
        for (NamespaceObserver o : all) {
            try { o.eventHandled(socket, event, nanos); } catch (RuntimeException e) { failed(o, e); }
        }
    }

    @Override
    public void eventSent(Socket socket, Packet packet) {
        for (NamespaceObserver o : all) {
            try { o.eventSent(socket, packet); } catch (RuntimeException e) { failed(o, e); }
        }
    }

    @Override
    public void ackReceived(Socket socket, long nanos) {
        for (NamespaceObserver o : all) {
            try { o.ackReceived(socket, nanos); } catch (RuntimeException e) { failed(o, e); }
        }
    }

    @Override
    public void broadcast(Packet packet, BroadcastOptions options) {
        for (NamespaceObserver o : all) {
            try { o.broadcast(packet, options); } catch (RuntimeException e) { failed(o, e); }
        }
    }
}
