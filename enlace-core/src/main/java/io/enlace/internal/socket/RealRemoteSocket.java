package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enlace.Handshake;
import io.enlace.RemoteSocket;
import io.enlace.adapter.Adapter;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.adapter.SocketInfo;
import io.enlace.parser.Packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The application's view of a socket an adapter found ({@link SocketInfo}): the snapshot, and operations through the
 * adapter (so they reach a socket on another server). The handshake is parsed from its JSON at the first
 * {@link #handshake()} (most callers only look at the id, rooms or data); two racing threads may both parse it.
 */
final class RealRemoteSocket implements RemoteSocket {
    private final Adapter adapter;
    private final SocketInfo info;
    private final ObjectMapper mapper;
    private volatile Handshake handshake;

    RealRemoteSocket(Adapter adapter, SocketInfo info, ObjectMapper mapper) {
        this.adapter = Objects.requireNonNull(adapter);
        this.info = Objects.requireNonNull(info);
        this.mapper = mapper;
    }

    /** The adapter's list wrapped, in its order. */
    static List<RemoteSocket> wrap(Adapter adapter, List<SocketInfo> found, ObjectMapper mapper) {
        List<RemoteSocket> out = new ArrayList<>(found.size());
        for (SocketInfo s : found) out.add(new RealRemoteSocket(adapter, s, mapper));
        return List.copyOf(out);
    }

    @Override
    public String id() { return info.id(); }

    @Override
    public Handshake handshake() {
        Handshake h = handshake;
        if (h == null) handshake = h = HandshakeJson.fromJson(info.handshake(), mapper);
        return h;
    }

    @Override
    public Set<String> rooms() { return info.rooms(); }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T data() { return (T) info.data(); }

    @Override
    public boolean emit(String event, Object... args) {
        Packet packet = adapter.context().eventPacket(event, args);
        adapter.broadcast(packet, self());
        return true;
    }

    @Override
    public void join(String... rooms) { adapter.addSockets(self(), Set.copyOf(Arrays.asList(rooms))); }

    @Override
    public void leave(String... rooms) { adapter.delSockets(self(), Set.copyOf(Arrays.asList(rooms))); }

    @Override
    public void disconnect(boolean close) { adapter.disconnectSockets(self(), close); }

    private BroadcastOptions self() { return BroadcastOptions.toRooms(Set.of(info.id())); }

    @Override
    public String toString() { return "RemoteSocket{" + info.id() + ", rooms=" + info.rooms() + "}"; }
}
