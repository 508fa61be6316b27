/**
 * The Socket.IO admin UI for Enlace: {@link io.enlace.admin.AdminUi#instrument} is Node's {@code instrument(io, opts)}
 * of {@code @socket.io/admin-ui} 0.5.x, and {@link io.enlace.admin.AdminUi#mountUi} serves the UI page itself. Options:
 * {@link io.enlace.admin.AdminOptions}. The implementation is in {@code io.enlace.internal.admin}; it only uses
 * Enlace's public API and its observation SPI ({@link io.enlace.ServerObserver}).
 *
 * <p>Threading: {@code instrument}, {@code mountUi} and {@code close} may be called from any thread. The admin
 * namespace's handlers run where every socket's handlers run (see {@link io.enlace}); password checks (bcrypt) run on a
 * small pool of their own, never on an event loop; {@code server_stats} are emitted every 2 s from a timer thread of
 * their own ({@code enlace-admin-stats}).
 *
 * <p>Buffers: the UI's files are served from immutable in-memory arrays wrapped in the responses (no copy), which the
 * server releases by writing them; nothing else here touches a Netty buffer.
 */
package io.enlace.admin;
