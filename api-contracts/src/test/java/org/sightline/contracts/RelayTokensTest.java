package org.sightline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sightline.contracts.relay.RelayRole;
import org.sightline.contracts.relay.RelayToken;
import org.sightline.contracts.relay.RelayTokens;

class RelayTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");
    private final RelayTokens tokens = new RelayTokens(new byte[32]);
    private final RelayToken grant = new RelayToken(Lsid.parse("a".repeat(32)), RelayRole.VIEWER,
            "alice", NOW.plusSeconds(60));

    @Test
    void aSignedTokenGrantsWhatItSaysUntilItExpires() {
        String token = tokens.sign(grant);

        assertThat(tokens.verify(token, NOW)).isEqualTo(grant);
        assertThatThrownBy(() -> tokens.verify(token, NOW.plusSeconds(60)))
                .hasMessageContaining("expired");
    }

    @Test
    void anAccountNameWithDotsSurvivesTheRoundTrip() {
        RelayToken dotted = new RelayToken(grant.lsid(), RelayRole.VIEWER, "john.doe",
                NOW.plusSeconds(60));

        assertThat(tokens.verify(tokens.sign(dotted), NOW)).isEqualTo(dotted);
    }

    @Test
    void aChangedOrForeignTokenIsRefused() {
        String token = tokens.sign(grant);
        String asPublisher = token.replace("VIEWER", "PUBLISHER");
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;

        assertThatThrownBy(() -> tokens.verify(asPublisher, NOW))
                .hasMessageContaining("not issued here");
        assertThatThrownBy(() -> tokens.verify(new RelayTokens(otherKey).sign(grant), NOW))
                .hasMessageContaining("not issued here");
        assertThatThrownBy(() -> tokens.verify("", NOW)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.verify(null, NOW)).hasMessageContaining("no relay token");
    }
}
