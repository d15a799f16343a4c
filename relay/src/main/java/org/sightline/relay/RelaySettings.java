package org.sightline.relay;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The relay's settings, {@code sightline.relay.*}.
 *
 * @param viewerQueueBytes the most bytes waiting for one connection before screen deltas are
 *     skipped; default 8 MiB
 * @param slowGrace how long a connection may stay behind (skipping, never catching up)
 *     before it is closed as too slow; default 10 s
 * @param recordingsDirectory where recordings are written; default .sightline/recordings
 * @param segmentBytes a recording segment is sealed once past this size, at the next key
 *     frame; default 64 MiB
 * @param maxFrameBytes the largest WebSocket message the relay accepts; default 4 MiB
 * @param nodeUrl this node's address as clients reach it, such as http://10.0.0.5:8080, when
 *     several nodes relay: sessions are then pinned to one node by leases; unset: one node
 * @param viewerLag how old the oldest frame waiting for a connection may be before screen
 *     deltas are skipped as if the queue were full; default 500 ms
 */
@ConfigurationProperties("sightline.relay")
public record RelaySettings(Long viewerQueueBytes, Duration slowGrace, Path recordingsDirectory,
        Long segmentBytes, Integer maxFrameBytes, Duration viewerLag, String nodeUrl) {

    public RelaySettings {
        viewerQueueBytes = viewerQueueBytes == null ? 8L << 20 : viewerQueueBytes;
        slowGrace = slowGrace == null ? Duration.ofSeconds(10) : slowGrace;
        recordingsDirectory = recordingsDirectory == null ? Path.of(".sightline/recordings")
                : recordingsDirectory;
        segmentBytes = segmentBytes == null ? 64L << 20 : segmentBytes;
        maxFrameBytes = maxFrameBytes == null ? 4 << 20 : maxFrameBytes;
        viewerLag = viewerLag == null ? Duration.ofMillis(500) : viewerLag;
        nodeUrl = nodeUrl == null || nodeUrl.isBlank() ? null : nodeUrl.replaceAll("/+$", "");
        if (nodeUrl != null && !nodeUrl.matches("https?://[^/?#]+")) {
            throw new IllegalArgumentException("sightline.relay.node-url is http(s)://HOST:PORT");
        }
        if (viewerQueueBytes < 1 << 16 || segmentBytes < 1 << 16) {
            throw new IllegalArgumentException("sightline.relay.viewer-queue-bytes and"
                    + " segment-bytes are at least 65536");
        }
    }
}
