package org.sightline.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.retention.RecordingsExpired;
import org.sightline.contracts.retention.SessionDataExpired;
import org.springframework.stereotype.Component;

/**
 * Deletes a session's recording files when its content expires. A tracking processor with a
 * persisted position: a node that was down when the expiry was recorded deletes them when it
 * comes back. The files could no longer be read anyway: their key is destroyed.
 */
@RelayNode
@Component
@ProcessingGroup(RecordingRetention.PROCESSOR)
class RecordingRetention {

    static final String PROCESSOR = "recording-retention";

    private final RelayHub hub;

    RecordingRetention(RelayHub hub) {
        this.hub = hub;
    }

    @EventHandler
    void on(SessionDataExpired event) {
        delete(event.lsid());
    }

    /** The recording alone expired, under its own policy or its storage budget. */
    @EventHandler
    void on(RecordingsExpired event) {
        delete(event.lsid());
    }

    private void delete(Lsid lsid) {
        Path directory = hub.recordings(lsid);
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the recording of " + lsid, e);
        }
    }
}
