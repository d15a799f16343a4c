package org.sightline.command.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The names a signing request may carry, as an admin would type them. */
class KeyMaterialTest {

    @ParameterizedTest
    @CsvSource({
        "support.example.com, support.example.com",
        "' Support.Example.COM ', support.example.com",
        "*.support.example.com, *.support.example.com",
        "*.example.com, *.example.com",
        "sightline, sightline",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "10.example.com, 10.example.com",
        "example.123abc, example.123abc"})
    void aDnsNameIsTakenInLowerCase(String given, String taken) {
        assertThat(KeyMaterial.dnsName(given)).isEqualTo(taken);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // The Kelvin sign lower-cases to an ASCII k: the request would name another host.
        "\u212Aey.example.com | is not ASCII",
        "bücher.example | is not ASCII",
        "127.0.0.1 | is an IP address",
        "10.1.2.3 | is an IP address",
        "*.com | would cover a whole top-level domain",
        "*.localhost | would cover a whole top-level domain",
        "*.*.example.com | is not a DNS name",
        "support..example.com | is not a DNS name",
        "-support.example.com | is not a DNS name",
        "support.example.com. | is not a DNS name",
        "'' | is not a DNS name"})
    void anythingElseIsRefusedWithTheRuleItBreaks(String given, String rule) {
        assertThatThrownBy(() -> KeyMaterial.dnsName(given))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(rule);
    }

    @Test
    void aLabelHoldsAtMost63Characters() {
        String longest = "a".repeat(63) + ".example.com";
        assertThat(KeyMaterial.dnsName(longest)).isEqualTo(longest);
        assertThatThrownBy(() -> KeyMaterial.dnsName("a" + longest))
                .hasMessageContaining("is not a DNS name");
    }
}
