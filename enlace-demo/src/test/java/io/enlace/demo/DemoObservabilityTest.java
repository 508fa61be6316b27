package io.enlace.demo;

import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Resp;
import io.enlace.testing.EngineTestKit.Ws;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's /metrics (always) and admin UI (only with a password), over HTTP and raw WebSocket. */
class DemoObservabilityTest {

    private static String connectTo(SeedDemo demo, String nsp) throws Exception {
        Ws ws = Ws.connect("ws://127.0.0.1:" + demo.port() + "/socket.io/?EIO=4&transport=websocket");
        try {
            assertThat((String) ws.next(3000)).startsWith("0{");
            ws.send("40" + nsp + ",");
            return (String) ws.nextNonPing(3000, true);
        } finally {
            ws.abort();
        }
    }

    @Test
    void withoutAPasswordNothingOfTheAdminUiIsReachableAndMetricsAreServed() throws Exception {
        try (SeedDemo demo = SeedDemo.start("127.0.0.1", 0)) {
            assertThat(demo.adminEnabled()).isFalse();
            Http h = new Http(demo.port());
            assertThat(h.get("/admin/").status()).isEqualTo(404);
            assertThat(h.get("/admin").status()).isEqualTo(404);
            assertThat(connectTo(demo, "/admin")).isEqualTo("44/admin,{\"message\":\"Invalid namespace\"}");
            // one socket of / came and went: the meters say so
            assertThat(connectTo(demo, "/")).startsWith("40{\"sid\":");
            Resp metrics = h.get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("content-type")).startsWith("text/plain; version=0.0.4");
            String text = metrics.text();
            assertThat(text).contains("socketio_connects_total{namespace=\"/\"} 1")
                    .contains("socketio_sockets_connected{namespace=\"/chat\"}")
                    .contains("socketio_engine_connections{transport=\"websocket\"}")
                    .contains("socketio_events_sent_total{namespace=\"/\"}")
                    .contains("jvm_memory_used_bytes")
                    .contains("jvm_gc_")
                    .contains("process_uptime_seconds")
                    .contains("netty_allocator_memory_used");
            assertThat(h.get("/metricsx").status()).isEqualTo(404);
        }
    }

    @Test
    void withAPasswordTheAdminNamespaceWantsIt() throws Exception {
        try (SeedDemo demo = SeedDemo.start("127.0.0.1", 0, ClusterMode.single(), new Observability.Admin("ops", "pw"))) {
            assertThat(demo.adminEnabled()).isTrue();
            assertThat(connectTo(demo, "/admin")).isEqualTo("44/admin,{\"message\":\"invalid credentials\"}");
            assertThat(new Http(demo.port()).get("/admin/").status()).isEqualTo(io.enlace.admin.AdminUi.uiAvailable() ? 200 : 404);
            assertThat(demo.metrics().scrape()).contains("socketio_connect_errors_total{namespace=\"/admin\"} 1");
        }
        assertThatThrownBy(() -> new Observability.Admin("admin", "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Observability.Admin("admin", "secret").toString()).doesNotContain("secret");
    }
}
