package io.enlace.engine;

/**
 * The Engine.IO traffic of one {@link EngineServer} since it was created, read with {@link EngineServer#traffic()}:
 * for metrics and monitoring (Micrometer's {@code socketio.received.bytes}, the admin UI's {@code bytesIn}).
 *
 * <p>A packet is one Engine.IO packet (a message, a ping or pong, an upgrade or close packet, the open packet).
 * Received bytes are WebSocket messages after decompression and long-polling POST bodies; sent bytes are WebSocket
 * frames handed to the channel and long-polling response bodies before HTTP compression.
 *
 * <p>The engine counts on its event loops without a lock or an atomic instruction, so a read made while traffic flows
 * may miss the last few packets of a loop; the totals never go back.
 *
 * @param packetsReceived Engine.IO packets received from clients
 * @param bytesReceived   bytes of those packets
 * @param packetsSent     Engine.IO packets written to clients
 * @param bytesSent       bytes of those packets
 */
public record TrafficTotals(long packetsReceived, long bytesReceived, long packetsSent, long bytesSent) {}
