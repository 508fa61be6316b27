/**
 * The Socket.IO admin UI for Enlace: {@link io.enlace.admin.AdminUi#instrument} is Node's {@code instrument(io, opts)}
 * of {@code @socket.io/admin-ui} 0.5.x, and {@link io.enlace.admin.AdminUi#mountUi} serves the UI page itself.
 * Options: {@link io.enlace.admin.AdminOptions}. The implementation is in {@code io.enlace.internal.admin}; it only uses
 * Enlace's public API and its observation SPI ({@link io.enlace.ServerObserver}).
 */
package io.enlace.admin;
