package io.enlace.internal.engine.codec;

/**
 * An Engine.IO packet received from a client: its type character ({@code '0'} to {@code '6'}) and its data, a
 * {@code String} (text; {@code ""} when the packet has none) or a {@code byte[]} (a binary message, type {@code '4'}).
 */
public record InPacket(char type, Object data) {}
