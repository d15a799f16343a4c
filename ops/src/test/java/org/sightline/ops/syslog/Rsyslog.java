package org.sightline.ops.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sightline.ops.TestProcesses;

/**
 * A real rsyslogd for tests, on loopback ports of its own: plain TCP with octet counting
 * (imptcp) and TLS (imtcp with GnuTLS, demanding a client certificate signed by the test CA),
 * writing every message it parses, with its structured
 * data split by mmpstrucdata, as one JSON line. Started and stopped by its own PID.
 */
final class Rsyslog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final int tcpPort;
    final int tlsPort;
    final Path directory;
    private final Path output;
    private final Path pidFile;
    private final Path config;
    private Process process;

    Rsyslog(Path directory, Certificates certificates) throws IOException {
        this.directory = directory;
        this.tcpPort = TestProcesses.freePort();
        this.tlsPort = TestProcesses.freePort();
        this.output = directory.resolve("received.jsonl");
        this.pidFile = directory.resolve("rsyslogd.pid");
        this.config = directory.resolve("rsyslog.conf");
        Files.createDirectories(directory.resolve("work"));
        Files.writeString(config, """
                global(workDirectory="%s"
                       defaultNetstreamDriverCAFile="%s"
                       defaultNetstreamDriverCertFile="%s"
                       defaultNetstreamDriverKeyFile="%s")
                module(load="imptcp")
                module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1"
                       streamDriver.authMode="x509/certvalid")
                module(load="mmpstrucdata")
                template(name="json" type="list" option.jsonf="on") {
                  property(outname="input" name="inputname" format="jsonf")
                  property(outname="pri" name="pri" format="jsonf")
                  property(outname="hostname" name="hostname" format="jsonf")
                  property(outname="appname" name="app-name" format="jsonf")
                  property(outname="msgid" name="msgid" format="jsonf")
                  property(outname="msg" name="msg" format="jsonf")
                  property(outname="sd" name="$!rfc5424-sd" format="jsonf")
                  property(outname="raw" name="rawmsg" format="jsonf")
                }
                ruleset(name="received") {
                  action(type="mmpstrucdata")
                  action(type="omfile" file="%s" template="json")
                }
                input(type="imptcp" address="127.0.0.1" port="%d" ruleset="received")
                input(type="imtcp" address="127.0.0.1" port="%d" ruleset="received")
                """.formatted(directory.resolve("work"), certificates.caPem,
                certificates.serverPem, certificates.serverKeyPem, output, tcpPort, tlsPort));
    }

    /** Checks the configuration with rsyslogd itself, then starts it in the foreground. */
    Rsyslog start() throws IOException, InterruptedException {
        Process check = new ProcessBuilder("rsyslogd", "-N1", "-f", config.toString())
                .redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes());
        if (check.waitFor() != 0) {
            throw new IllegalStateException("rsyslogd refuses its configuration: " + checked);
        }
        process = new ProcessBuilder("rsyslogd", "-n", "-f", config.toString(), "-i",
                pidFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("rsyslogd.out").toFile())
                .start();
        awaitListening(tcpPort);
        awaitListening(tlsPort);
        return this;
    }

    /** Stops the server by its own PID and waits for it to end. */
    void stop() throws InterruptedException {
        TestProcesses.stop(process, Duration.ofSeconds(10));
        process = null;
    }

    /** Every message received so far, in order, as rsyslog parsed it. */
    List<JsonNode> received() {
        List<JsonNode> messages = new ArrayList<>();
        if (!Files.exists(output)) {
            return messages;
        }
        try {
            for (String line : Files.readAllLines(output)) {
                ObjectNode message = (ObjectNode) JSON.readTree(line);
                // rsyslog writes the parsed structured data as a JSON text inside the line.
                JsonNode sd = message.path("sd");
                if (sd.isTextual() && !sd.asText().isEmpty()) {
                    message.set("sd", JSON.readTree(sd.asText()));
                }
                messages.add(message);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void awaitListening(int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("rsyslogd does not listen on port " + port);
    }
}
