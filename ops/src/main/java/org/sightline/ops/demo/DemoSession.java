package org.sightline.ops.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole support session played through the public HTTP API as a customer and a rep would:
 * request, join, chat both ways, a note, screen view and control asked for and granted,
 * control given and taken back, system information, a file transfer, and the end.
 */
public final class DemoSession {

    /** The event types the session's log holds, in order, when every step went through. */
    public static final List<String> EXPECTED_LOG = List.of(
            "session.requested",
            "session.rep.joined",
            "session.chat",
            "session.chat",
            "session.note",
            "session.permission.requested",
            "session.permission.granted",
            "session.permission.requested",
            "session.permission.granted",
            "session.control.given",
            "session.control.taken-back",
            "session.permission.requested",
            "session.permission.granted",
            "session.system-information",
            "session.permission.requested",
            "session.permission.granted",
            "session.file",
            "session.ended");

    private final SightlineClient client;

    public DemoSession(SightlineClient client) {
        this.client = client;
    }

    /** Creates a rep account as the admin and signs the rep in; returns the rep's token. */
    public String signInNewRep(String adminPassword, String rep, String repPassword) {
        return signInNewRep(adminPassword, rep, repPassword, List.of("general"));
    }

    /** Makes a rep account serving these teams (each team's queue has its name). */
    public String signInNewRep(String adminPassword, String rep, String repPassword,
            List<String> teams) {
        String admin = signIn("admin", adminPassword);
        client.post("/api/accounts",
                        Map.of("account", rep, "role", "REP", "password", repPassword,
                                "teams", teams), admin)
                .expect(201);
        return signIn(rep, repPassword);
    }

    public String signIn(String account, String password) {
        return client.post("/api/console/login",
                        Map.of("account", account, "password", password), null)
                .expect(200)
                .json()
                .get("token")
                .asText();
    }

    /** Opens a session as a customer; returns its LSID and the customer's token. */
    public Opened requestSupport(String customerName) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("queue", "general");
        request.put("customerName", customerName);
        request.put("company", "Acme Ltd");
        request.put("problemDescription", "The printer on floor 3 prints blank pages");
        request.put("privateIp", "10.20.30.40");
        request.put("clientKind", "BROWSER");
        JsonNode opened = client.post("/api/sessions", request, null).expect(201).json();
        return new Opened(opened.get("lsid").asText(), opened.get("customerToken").asText());
    }

    /** A session's LSID and its customer's token. */
    public record Opened(String lsid, String customerToken) {
    }

    /** Plays every step after the request; returns the LSID. */
    public String play(Opened session, String repToken) {
        String path = "/api/sessions/" + session.lsid();
        String customer = session.customerToken();

        client.post(path + "/join", null, repToken).expect(200);
        client.post(path + "/chat", Map.of("text", "Hello, my printer prints blank pages"),
                customer).expect(200);
        client.post(path + "/chat", Map.of("text", "Hi! Let me have a look."), repToken)
                .expect(200);
        client.post(path + "/notes", Map.of("text", "Printer driver 4.2, known issue"),
                repToken).expect(200);
        grant(path, "VIEW_SCREEN", repToken, customer);
        grant(path, "CONTROL", repToken, customer);
        client.post(path + "/control", null, repToken).expect(200);
        client.delete(path + "/control", customer).expect(200);
        grant(path, "SYSTEM_INFORMATION", repToken, customer);
        client.post(path + "/system-information", Map.of("sections", List.of(
                Map.of("name", "Operating system",
                        "values", Map.of("name", "Windows 11", "build", "26100")),
                Map.of("name", "Printers", "values", Map.of("default", "Floor 3 laser")))),
                customer).expect(200);
        grant(path, "FILE_TRANSFER", repToken, customer);
        client.post(path + "/files", Map.of("direction", "TO_CUSTOMER",
                "fileName", "printer-driver-4.3.msi", "size", 1_048_576,
                "sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                repToken).expect(200);
        client.post(path + "/end", Map.of("reason", "printer fixed"), repToken).expect(200);
        return session.lsid();
    }

    /**
     * Waits until the session's log holds its end (the projection trails the commands by a
     * moment) and returns the log's event types.
     */
    public List<String> awaitLogTypes(String lsid, String token, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            SightlineClient.Response log = client.get("/api/sessions/" + lsid + "/log", token);
            if (log.status() == 200) {
                List<String> types = new ArrayList<>();
                log.json().forEach(entry -> types.add(entry.get("type").asText()));
                if (types.contains("session.ended") || Instant.now().isAfter(deadline)) {
                    return types;
                }
            } else if (!trailing(log.status()) || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the log could not be read: " + log.body());
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /**
     * An answer the read models give until they caught up: 404 before the session is listed,
     * 403 while the list does not yet show that the reader took part.
     */
    private static boolean trailing(int status) {
        return status == 404 || status == 403;
    }

    private void grant(String path, String kind, String repToken, String customerToken) {
        int number = client.post(path + "/permission-requests", Map.of("kind", kind), repToken)
                .expect(201)
                .json()
                .get("requestNumber")
                .asInt();
        client.post(path + "/permission-requests/" + number + "/answer",
                Map.of("granted", true), customerToken).expect(200);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
