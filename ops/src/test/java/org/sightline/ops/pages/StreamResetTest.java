package org.sightline.ops.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sightline.ops.SightlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/**
 * Readers that vanish mid-query must give their database connections back. Hundreds of
 * queue streams reset at once, while a long queue keeps the pool busy, once left
 * connections that were never released, and after a few rounds every read hung until a
 * restart. Its own database, since it fills the queue.
 */
@TestPropertySource(properties = "sightline.test.database=stream-reset")
@ExtendWith(OutputCaptureExtension.class)
class StreamResetTest extends SightlineIntegrationTest {

    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void streamsResetByTheHundredLeaveTheReadsWorking(CapturedOutput output) throws Exception {
        String rep = newRep("reset-rep");
        for (int i = 0; i < 500; i++) {
            client.post("/api/sessions", Map.of("queue", "general", "customerName",
                    "Waiting Customer " + i, "problemDescription", "the queue is long",
                    "clientKind", "BROWSER"), null).expect(201);
        }
        ConnectionPool pool = (ConnectionPool) connectionFactory;
        for (int round = 0; round < 5; round++) {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write(("GET /api/queue/stream HTTP/1.1\r\nHost: x\r\n"
                        + "Accept: text/event-stream\r\nAuthorization: Bearer " + rep
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                sockets.add(socket);
            }
            // Reset while the first answer is being written, or once the streams are idle.
            Thread.sleep(round % 2 == 0 ? 1500 : 50);
            for (Socket socket : sockets) {
                socket.setSoLinger(true, 0); // a reset, not a goodbye
                socket.close();
            }
        }
        await("every database connection is back in the pool", Duration.ofSeconds(30),
                () -> pool.getMetrics().orElseThrow().acquiredSize() == 0);
        assertThat(client.get("/api/portal", null).status()).isEqualTo(200);
        assertThat(client.get("/api/queue", rep).status()).isEqualTo(200);
        // A client that goes is no failure of Sightline's: no error lines for it.
        assertThat(output.getAll()).doesNotContain("failed (reference")
                .doesNotContain("already committed");
    }
}
