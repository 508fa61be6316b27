/**
 * Enlace for Spring applications: what handlers see at run time ({@link io.enlace.spring.InvalidPayloadException}).
 *
 * <p>Threading and buffers: see {@link io.enlace.spring.annotation} (annotated methods are ordinary Socket.IO
 * handlers).
 */
package io.enlace.spring;
