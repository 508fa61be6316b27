package io.enlace.examples.privatemessaging;

import io.enlace.ConnectError;
import io.enlace.ServerOptions;
import io.enlace.Socket;
import io.enlace.SocketIoServer;
import io.enlace.engine.CorsOptions;
import io.enlace.netty.NettyServer;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The private messaging app of the official socket.io examples ({@code examples/private-messaging}, the server of
 * its tutorial with in-memory stores), ported to Enlace: users pick a name, get a session they keep across reloads and
 * tabs, see who is connected, and send each other private messages, which every tab of both users shows.
 *
 * <p>Events, as in the original: the handshake {@code auth} carries {@code username} (a new session) or
 * {@code sessionID} (a known one; refused with {@code invalid username} when neither works); the server sends
 * {@code session {sessionID, userID}} and {@code users [{userID, username, connected, messages}]}, broadcasts
 * {@code user connected {...}}; {@code private message {content, to}} goes to the recipient's tabs and the sender's
 * other tabs as {@code {content, from, to}}; when a user's last tab leaves, the others get
 * {@code user disconnected userID}.
 *
 * <p>Handlers run on the event loops (the default): the disconnect handler composes {@code allSockets()} instead of
 * awaiting it, and the stores are thread-safe.
 *
 * <p>Run: {@code java -cp ... io.enlace.examples.privatemessaging.PrivateMessagingExample [port]} (default 3000; CORS
 * allows the official Vue client's dev server, {@code http://localhost:8080}).
 */
public final class PrivateMessagingExample {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SocketIoServer io;
    private final NettyServer http;
    private final Stores.SessionStore sessionStore = new Stores.SessionStore();
    private final Stores.MessageStore messageStore = new Stores.MessageStore();

    /** What a socket carries ({@code socket.data()}): the original sets these as fields of the socket. */
    record User(String sessionID, String userID, String username) {}

    /** The handshake auth the client sends. */
    record Auth(String sessionID, String username) {}

    private PrivateMessagingExample(int port) {
        io = SocketIoServer.create(ServerOptions.builder()
                .cors(CorsOptions.builder().origin("http://localhost:8080").build())
                .build());
        io.use((socket, next) -> {
            Auth auth = socket.handshake().auth(Auth.class);
            if (auth.sessionID() != null) {
                Stores.Session session = sessionStore.find(auth.sessionID());
                if (session != null) {
                    socket.data(new User(auth.sessionID(), session.userID(), session.username()));
                    next.ok();
                    return;
                }
            }
            if (auth.username() == null || auth.username().isEmpty()) {
                next.fail(new ConnectError("invalid username"));
                return;
            }
            socket.data(new User(randomId(), randomId(), auth.username()));
            next.ok();
        });
        io.on("connection", this::onConnection);
        http = io.attach(NettyServer.builder().port(port)).build();
        http.start().join();
    }

    /** Starts the app on {@code port} (0: any free port). */
    public static PrivateMessagingExample start(int port) { return new PrivateMessagingExample(port); }

    /** The port it listens on. */
    public int port() { return http.port(); }

    /** The Socket.IO server. */
    public SocketIoServer io() { return io; }

    /** Disconnects everyone and stops the HTTP server. */
    public void close() {
        io.close().join();
        http.stop().join();
    }

    private void onConnection(Socket socket) {
        User me = socket.data();
        sessionStore.save(me.sessionID(), new Stores.Session(me.userID(), me.username(), true));

        socket.emit("session", obj("sessionID", me.sessionID(), "userID", me.userID()));
        socket.join(me.userID());

        // the users, each with the messages exchanged with this user
        Map<String, List<Stores.Message>> perUser = new LinkedHashMap<>();
        for (Stores.Message m : messageStore.forUser(me.userID())) {
            String other = me.userID().equals(m.from()) ? m.to() : m.from();
            perUser.computeIfAbsent(other, k -> new ArrayList<>()).add(m);
        }
        List<Map<String, Object>> users = new ArrayList<>();
        for (Stores.Session s : sessionStore.all()) {
            users.add(obj("userID", s.userID(), "username", s.username(), "connected", s.connected(),
                    "messages", perUser.getOrDefault(s.userID(), List.of())));
        }
        socket.emit("users", users);

        socket.broadcast().emit("user connected",
                obj("userID", me.userID(), "username", me.username(), "connected", true, "messages", List.of()));

        // to the recipient's tabs and to the sender's other tabs; saved first: unlike Node, a tab that connects on
        // another event loop may read the history while this handler runs, and must not miss what it was sent
        socket.on("private message", Stores.Message.class, (msg, ack) -> {
            Stores.Message message = new Stores.Message(msg.content(), me.userID(), msg.to());
            messageStore.save(message);
            socket.to(message.to()).to(me.userID()).emit("private message", message);
        });

        // Unlike Node, the last two tabs of a user may leave at the same moment on two threads, and both find no tab
        // left: the store lets one of them announce it.
        socket.on("disconnect", () -> io.in(me.userID()).allSockets().thenAccept(ids -> {
            if (!ids.isEmpty()) return; // another tab of this user is still there
            if (sessionStore.disconnect(me.sessionID())) socket.broadcast().emit("user disconnected", me.userID());
        }));
    }

    private static String randomId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A JSON object with the keys in this order. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /** Entry point: {@code [port]} (default 3000). */
    public static void main(String[] args) {
        PrivateMessagingExample app = start(args.length > 0 ? Integer.parseInt(args[0]) : 3000);
        System.out.println("private messaging on port " + app.port());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    }
}
