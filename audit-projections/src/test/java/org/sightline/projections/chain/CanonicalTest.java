package org.sightline.projections.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CanonicalTest {

    private static final StoredEvent EVENT = new StoredEvent("0123456789abcdef0123456789abcdef",
            7, 42, "e-7", "SupportSession", "org.example.Chat", null, "2026-12-04T10:00:00Z",
            "{\"text\":\"héllo\"}".getBytes(StandardCharsets.UTF_8), null);

    @Test
    void theStreamingLinkEqualsTheHashOfTheDocumentedBytes() {
        byte[] previous = new byte[32];
        previous[0] = 9;
        var sha = Canonical.sha256();
        sha.update(previous);
        sha.update(Canonical.event(EVENT));

        assertThat(Canonical.link(Canonical.sha256(), previous, EVENT)).isEqualTo(sha.digest());
    }

    @Test
    void theCanonicalBytesFollowTheDocumentedLayout() {
        String hex = HexFormat.of().formatHex(Canonical.event(EVENT));

        assertThat(hex)
                .startsWith(HexFormat.of().formatHex(
                        "sightline-event-v1".getBytes(StandardCharsets.UTF_8)) + "00000020")
                .contains("0000000000000007" + "00000003" + HexFormat.of().formatHex(
                        "e-7".getBytes(StandardCharsets.UTF_8)))
                .contains("ffffffff")
                .endsWith("ffffffff");
    }
}
