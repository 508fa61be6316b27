/**
 * The Enlace demo contract as a Spring Boot application ({@link io.enlace.spring.sample.SampleApplication}): the
 * random-numbers namespace ({@link io.enlace.spring.sample.RandomNumbersController}) and the chat
 * ({@link io.enlace.spring.sample.ChatController}) as {@code @SocketIoController}s, with Bean Validation of payloads
 * ({@link io.enlace.spring.sample.RoomName}). An application, not a library.
 *
 * <p>Threading: the controllers' methods run where Enlace runs socket handlers (the connection's event loop, with the
 * starter's default {@code enlace.executor}) and never block; the random-number schedules run on one daemon thread of
 * the sample's own ({@code sample-random}), which only emits (thread-safe); what handlers of different sockets share is
 * in concurrent maps or in the adapter's rooms. Buffers: none.
 */
package io.enlace.spring.sample;
