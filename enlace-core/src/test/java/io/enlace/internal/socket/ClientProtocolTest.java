package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Socket.IO 5 rules: chosen for Engine.IO 4, and the bodies of the CONNECT reply and CONNECT_ERROR (v2 rules: {@link V2ClientProtocolTest}). */
class ClientProtocolTest {

    @Test
    void engineIo4SpeaksSocketIo5AndNothingElseIsChosen() {
        assertThat(ClientProtocol.of(4)).isSameAs(ClientProtocol.V5);
        assertThat(ClientProtocol.of(3)).isSameAs(ClientProtocol.V4_OVER_EIO3);
        assertThatThrownBy(() -> ClientProtocol.of(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no Socket.IO protocol for Engine.IO revision 5");
        assertThat(ClientProtocol.V5.connectsMainImplicitly()).isFalse();
    }

    @Test
    void connectReplyAndErrorBodies() {
        ClientProtocol v5 = ClientProtocol.V5;
        assertThat(v5.connectReply("s1", null).toString()).isEqualTo("{\"sid\":\"s1\"}");
        assertThat(v5.connectReply("s1", "p1").toString()).isEqualTo("{\"sid\":\"s1\",\"pid\":\"p1\"}");
        assertThat(v5.connectError("Invalid namespace", null).toString()).isEqualTo("{\"message\":\"Invalid namespace\"}");
        assertThat(v5.connectError("no", JsonNodeFactory.instance.objectNode().put("code", 7)).toString())
                .isEqualTo("{\"message\":\"no\",\"data\":{\"code\":7}}");
    }
}
