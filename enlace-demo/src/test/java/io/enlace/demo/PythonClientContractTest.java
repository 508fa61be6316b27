package io.enlace.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** The demo contract with python-socketio (Debian's python3-socketio): websocket, polling, polling + upgrade. */
class PythonClientContractTest {

    private static final String PYTHON = "/usr/bin/python3";
    @RegisterExtension
    static final RunningDemo DEMO = new RunningDemo();


    @Test
    void demoContractWithPythonSocketIo() throws Exception {
        Interop.require(Interop.commandWorks(PYTHON, "-c", "import socketio, engineio, websocket, requests"),
                "python3-socketio and python3-websocket are not installed (apt-get install python3-socketio python3-websocket)");
        Interop.run("python-contract", 180, PYTHON, "demo/python_contract.py", DEMO.get().url("127.0.0.1"))
                .assertPassed(9, "[websocket] / sends bienvenida", "[polling] / quiero un random",
                        "[upgrade] /chat: name required");
        // every schedule stopped with its socket, or goes on for a socket that dropped and may recover (it ends with the
        // recovery window: DemoRecoveryTest)
        await().atMost(Duration.ofSeconds(5)).until(() -> DEMO.get().activeSchedules() == DEMO.get().schedulesAwaitingRecovery());
    }
}
