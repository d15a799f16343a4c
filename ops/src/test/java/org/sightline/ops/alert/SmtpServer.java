package org.sightline.ops.alert;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.sightline.ops.TestProcesses;

/**
 * A real SMTP server for tests: Debian's aiosmtpd, run by Debian's own Python, on a loopback
 * port, offering STARTTLS with the certificate it is given and refusing mail before it
 * (aiosmtpd's default once it has a certificate), storing what it accepts in a Maildir. It
 * refuses for good (550) any recipient whose mailbox is named {@code gone}.
 * Started and stopped by its own PID.
 */
final class SmtpServer implements AutoCloseable {

    /** Debian's interpreter, which has Debian's python3-aiosmtpd; not whatever is on PATH. */
    private static final String PYTHON = "/usr/bin/python3";

    final int port;
    private final Path maildir;
    private final Path log;
    private Process process;

    SmtpServer(Path directory, int port) throws IOException {
        Files.createDirectories(directory);
        this.port = port;
        this.maildir = directory.resolve("maildir");
        this.log = directory.resolve("aiosmtpd.log");
    }

    /** Starts the server with this certificate and key (PEM files) and waits for it. */
    SmtpServer start(Path certificate, Path key) throws IOException, InterruptedException {
        if (process != null || listening()) {
            throw new IllegalStateException("port " + port + " is taken: stop the server first");
        }
        Path handler = Files.writeString(log.resolveSibling("refusing_mailbox.py"), """
                from aiosmtpd.handlers import Mailbox

                class RefusingMailbox(Mailbox):
                    # aiosmtpd's Maildir handler, which refuses for good the mailbox "gone".
                    async def handle_RCPT(self, server, session, envelope, address, options):
                        if address.lower().startswith("gone@"):
                            return "550 5.1.1 <%s>: no such mailbox" % address
                        envelope.rcpt_tos.append(address)
                        return "250 OK"
                """);
        ProcessBuilder builder = new ProcessBuilder(PYTHON, "-m", "aiosmtpd", "-n", "-d",
                "-l", "127.0.0.1:" + port, "--tlscert", certificate.toString(),
                "--tlskey", key.toString(), "-c", "refusing_mailbox.RefusingMailbox",
                maildir.toString());
        builder.environment().put("PYTHONPATH", handler.getParent().toString());
        process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!listening()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("aiosmtpd does not listen on " + port + ": "
                        + log());
            }
            Thread.sleep(50);
        }
        return this;
    }

    private boolean listening() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Stops the server by its own PID and waits for it to end. */
    void stop() throws InterruptedException {
        TestProcesses.stop(process, Duration.ofSeconds(10));
        process = null;
    }

    /** What the server logged so far (its connections, commands and TLS failures). */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every message the server accepted, in no particular order. */
    List<MimeMessage> messages() {
        List<MimeMessage> messages = new ArrayList<>();
        Session session = Session.getInstance(new Properties());
        for (String folder : List.of("new", "cur")) {
            Path path = maildir.resolve(folder);
            if (!Files.isDirectory(path)) {
                continue;
            }
            try (Stream<Path> files = Files.list(path)) {
                for (Path file : files.toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        messages.add(new MimeMessage(session, in));
                    }
                }
            } catch (IOException | MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return messages;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
