package org.sightline.projections.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Rfc5424Test {

    private static final Instant AT = Instant.parse("2026-12-04T10:15:30.123456Z");

    private final Rfc5424 local0 = new Rfc5424(16, "support.example.org", "sightline", "4711",
            "sightline@32473");

    @Test
    void aMessageHasTheHeaderStructuredDataAndABomBeforeItsText() {
        byte[] message = local0.format(6, AT, "console.login", Map.of("code", "2001"),
                "alice signed in", 8192);

        String text = new String(message, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("<134>1 2026-12-04T10:15:30.123Z support.example.org"
                + " sightline 4711 console.login [sightline@32473 code=\"2001\"] \uFEFF"
                + "alice signed in");
    }

    @Test
    void quotesBackslashesAndClosingBracketsAreEscapedInValues() {
        assertThat(Rfc5424.escape("a\"b\\c]d[e")).isEqualTo("a\\\"b\\\\c\\]d[e");
    }

    @Test
    void absentValuesAreLeftOut() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("lsid", "0123");
        params.put("whoIp", null);

        String text = new String(local0.format(5, AT, "x", params, "m", 2048),
                StandardCharsets.UTF_8);

        assertThat(text).contains("[sightline@32473 lsid=\"0123\"]").doesNotContain("whoIp");
    }

    @Test
    void aLongMessageIsCutOnACharacterWithinTheLimitAndMarked() {
        String chat = "€".repeat(3000);

        byte[] message = local0.format(6, AT, "session.chat", Map.of("code", "1010"), chat,
                2048);

        String text = new String(message, StandardCharsets.UTF_8);
        assertThat(message.length).isLessThanOrEqualTo(2048).isGreaterThan(2040);
        assertThat(text).contains("truncated_from=\"9000\"").doesNotContain("\uFFFD");
        assertThat(text.substring(text.indexOf('\uFEFF') + 1)).matches("€+");
    }

    @Test
    void aLimitTooSmallForTheHeaderIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> local0.format(6, AT, "x", Map.of(), "m", 100));
    }

    @Test
    void headerFieldsHoldPrintableAsciiOnly() {
        Rfc5424 odd = new Rfc5424(16, "héllo wörld", "sightline", "", "sightline@32473");

        String text = new String(odd.format(6, AT, "a b", Map.of(), "m", 2048),
                StandardCharsets.UTF_8);

        assertThat(text).startsWith("<134>1 2026-12-04T10:15:30.123Z hllowrld sightline - ab ");
    }
}
