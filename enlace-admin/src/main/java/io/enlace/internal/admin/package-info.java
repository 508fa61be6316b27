/**
 * The implementation of enlace-admin, not API: {@link io.enlace.internal.admin.AdminServer} (the admin namespace, the
 * UI's commands, the statistics, and the observer that turns server events into admin events),
 * {@link io.enlace.internal.admin.AdminAuth} (the namespace's login middleware), {@code Serializer} (a socket as the UI
 * shows it) and {@link io.enlace.internal.admin.UiFiles} (the UI's page and files, an {@code HttpHandler}). It uses
 * only Enlace's public API and observation SPI; {@link io.enlace.internal.admin.AdminSettings} is what it takes of the
 * options, so that it does not depend on {@code io.enlace.admin}.
 *
 * <p>Threading: {@code AdminServer} is a {@code ServerObserver}, called on the threads that SPI names (event loops,
 * handler threads, emitting threads), concurrently for different connections: its engine part only increments
 * {@code LongAdder}s; its namespace part (development mode) emits admin events, which are thread-safe broadcasts.
 * {@code server_stats} are built and emitted every 2 s on the {@code enlace-admin-stats} thread. {@code AdminAuth} runs
 * bcrypt (about 0.1 s of CPU) on its own pool of two {@code enlace-admin-auth} threads with 32 waiting checks at most,
 * never on an event loop; the middleware's {@code next} is called from there. {@code UiFiles} runs on the request's
 * event loop and does no I/O there: every file is read when the handler is made.
 *
 * <p>Buffers: {@code UiFiles} answers with {@code Unpooled.wrappedBuffer} over its immutable arrays (or the empty
 * buffer); the response belongs to the server once returned, which releases it by writing it. The request is borrowed.
 */
package io.enlace.internal.admin;
