package io.enlace.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The /chat cap on rooms per connection, driven by the official Node client: one client's 5,000 joins get 100
 * acceptances and a clear error for the rest, while a witness keeps talking and a new client connects
 * (interop/demo/chat-rooms-cap.mjs; its run is bounded at 120 s).
 */
class ChatRoomsCapTest {

    @RegisterExtension
    static final RunningDemo DEMO = new RunningDemo();

    @Test
    void joinsPastTheCapAreRefusedAndOthersAreServed() throws Exception {
        Interop.requireNode("socket.io-client");
        Interop.run("chat-rooms-cap", 150, "node", "demo/chat-rooms-cap.mjs", DEMO.get().url("127.0.0.1"), "5000")
                .assertPassed(1, "one client fires 5000 joins");
    }
}
