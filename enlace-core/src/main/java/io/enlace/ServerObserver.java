package io.enlace;

import io.enlace.engine.EngineObserver;

/**
 * The observation SPI of a {@link SocketIoServer}: what metrics (enlace-micrometer), the admin UI (enlace-admin) and
 * other monitoring tools hook into. It has two parts, both with empty defaults:
 * <ul>
 *   <li>the engine part, inherited from {@link EngineObserver}: connections opened, upgraded and closed, packets and
 *       bytes in and out;</li>
 *   <li>the Socket.IO part, per namespace: {@link #namespaceAdded} is asked once per namespace for a
 *       {@link NamespaceObserver} of its sockets (connections, refusals, disconnections, events in and out, handler
 *       time, acknowledgements, broadcasts). Whatever an observer keeps per namespace (counters, tags) is resolved
 *       there, once, not per event.</li>
 * </ul>
 *
 * <pre>{@code
 * LongAdder received = new LongAdder();
 * io.addObserver(new ServerObserver() {
 *     @Override public NamespaceObserver namespaceAdded(Namespace nsp) {
 *         if (nsp.name().equals("/admin")) return null;          // not observed
 *         return new NamespaceObserver() {
 *             @Override public void eventReceived(Socket socket, String event, Args args) { received.increment(); }
 *         };
 *     }
 * });
 * }</pre>
 *
 * <p>Threading: engine calls come on the connection's event loop; namespace calls come where the socket's handlers
 * run (its event loop, or its serial queue with {@link ServerOptions.Builder#executor}), except
 * {@link NamespaceObserver#eventSent} and {@link NamespaceObserver#broadcast}, which come on the thread that emits.
 * Observers must be thread-safe, quick, and never block; an exception they throw is logged and changes nothing else.
 *
 * <p>Cost: with no observer the server checks one field where it would call one (no allocation, no lock); with
 * observers it makes the calls, takes two {@code System.nanoTime()} per event for the handler time, and allocates
 * nothing per event.
 */
public interface ServerObserver extends EngineObserver {

    /**
     * A namespace exists: called for every namespace when the observer is added (see
     * {@link SocketIoServer#addObserver}), then for each new one (dynamic children of a parent included, see
     * {@link Namespace#parent()}) before its first socket connects. Returns the observer of its sockets, or null to
     * leave it unobserved.
     */
    default NamespaceObserver namespaceAdded(Namespace nsp) { return null; }
}
