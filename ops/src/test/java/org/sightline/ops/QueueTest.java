package org.sightline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sightline.ops.demo.DemoSession;

/** A rep finds the sessions waiting for help in the queue, and they leave it once taken. */
class QueueTest extends SightlineIntegrationTest {

    @Test
    void aRequestWaitsInItsQueueUntilARepTakesItAndReturnsWhenHandedBack() {
        String rep = newRep("queue-rep");
        DemoSession.Opened session = demo.requestSupport("Wes Customer");

        await("the request waits in the queue", Duration.ofSeconds(20),
                () -> waiting(rep, "general").contains(session.lsid()));
        client.post("/api/sessions/" + session.lsid() + "/join", null, rep).expect(200);
        await("the taken session leaves the queue", Duration.ofSeconds(20),
                () -> !waiting(rep, "general").contains(session.lsid()));
        client.post("/api/sessions/" + session.lsid() + "/transfer",
                Map.of("toQueue", "tier2"), rep).expect(200);

        String tier2 = newRep("queue-rep-2", "tier2");
        await("the session waits in its new queue", Duration.ofSeconds(20),
                () -> waiting(tier2, "tier2").contains(session.lsid()));
        assertThat(waiting(rep, "general")).doesNotContain(session.lsid());
        assertProblem(client.get("/api/queue?queue=tier2", rep), 403, "not one of your teams");
    }

    @Test
    void onlyConsoleUsersSeeTheQueue() {
        DemoSession.Opened session = demo.requestSupport("Xia Customer");

        assertProblem(client.get("/api/queue", null), 401, "bearer token");
        assertProblem(client.get("/api/queue", session.customerToken()), 403, "console users");
    }

    private List<String> waiting(String token, String queue) {
        return client.get("/api/queue?queue=" + queue, token).expect(200).json()
                .findValuesAsText("lsid");
    }
}
