package io.enlace.testing;

import io.socket.client.IO;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

import java.util.concurrent.TimeUnit;

/**
 * One OkHttp client for every {@code io.socket:socket.io-client} socket of a test JVM, without OkHttp's default limit
 * of 5 requests at once per host. With that limit (the Java client's own default client), a test JVM whose sockets
 * hold more than 5 long-polling GETs on 127.0.0.1 queues every further request, POSTs included, until one GET ends:
 * up to a ping interval later, which made polling tests time out at random. Call {@link #install()} before creating
 * sockets.
 */
public final class JavaClientHttp {
    private static final OkHttpClient CLIENT;

    static {
        Dispatcher d = new Dispatcher();
        d.setMaxRequests(4096);
        d.setMaxRequestsPerHost(4096);
        // a long-poll GET lasts up to pingInterval (25 s by default): reads may wait that long
        CLIENT = new OkHttpClient.Builder().dispatcher(d).readTimeout(1, TimeUnit.MINUTES).build();
    }

    private JavaClientHttp() {}

    /** Makes this JVM's Java-client sockets use the shared client (idempotent). */
    public static void install() {
        IO.setDefaultOkHttpCallFactory(CLIENT);
        IO.setDefaultOkHttpWebSocketFactory(CLIENT);
    }
}
