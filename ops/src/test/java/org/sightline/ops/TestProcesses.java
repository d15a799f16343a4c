package org.sightline.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the tests that start programs of their own share: ports, Sightline's command, stop. */
public final class TestProcesses {

    private TestProcesses() {
    }

    /** A loopback port free at this moment, for a server a test is about to start. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command that runs Sightline from the tests' class path, with these arguments. */
    public static List<String> sightline(String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                Sightline.class.getName(), "run"));
        command.addAll(List.of(arguments));
        return command;
    }

    /**
     * Stops a process a test started, by its own handle: SIGTERM, then SIGKILL if it has not
     * ended within the grace period; returns once it is gone.
     */
    public static void stop(Process process, Duration grace) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
