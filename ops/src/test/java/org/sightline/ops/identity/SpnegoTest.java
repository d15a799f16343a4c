package org.sightline.ops.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sightline.command.console.Spnego;
import org.sightline.command.console.Spnego.Outcome;

/** SPNEGO validation against a real MIT KDC, with tokens that MIT's own curl sends. */
class SpnegoTest {

    private static final String ALICE = "alice";
    private static final String ALICE_PASSWORD = "alice-Password-1";
    private static final String NTLM_NEGOTIATE =
            "TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==";

    @TempDir
    static Path directory;

    private static Kdc kdc;
    private static Spnego spnego;

    @BeforeAll
    static void startKdc() throws Exception {
        kdc = Kdc.start(directory);
        kdc.addUser(ALICE, ALICE_PASSWORD);
        kdc.addOtherService("other");
        spnego = new Spnego(kdc.servicePrincipal(), kdc.keytab().toString(),
                kdc.krb5Conf().toString());
    }

    @AfterAll
    static void stopKdc() throws Exception {
        if (kdc != null) {
            kdc.close();
        }
    }

    @Test
    void aUsersRealTicketIsAcceptedAsThatUser() throws Exception {
        String token = kdc.negotiateToken(ALICE, ALICE_PASSWORD, Duration.ZERO);

        Outcome outcome = spnego.validate(token);

        assertThat(outcome).isInstanceOf(Outcome.Accepted.class);
        Outcome.Accepted accepted = (Outcome.Accepted) outcome;
        assertThat(accepted.principal()).isEqualTo("alice@" + Kdc.REALM);
        assertThat(accepted.responseToken()).isNotBlank();
        assertThat(Base64.getDecoder().decode(accepted.responseToken())).isNotEmpty();
    }

    @Test
    void aClientSixMinutesAheadIsToldOfClockSkew() throws Exception {
        // The service ticket is fetched with the normal clock; only curl's clock is ahead.
        Path cache = kdc.login(ALICE, ALICE_PASSWORD);
        String skewed = kdc.negotiateToken(cache, "HTTP", Duration.ofMinutes(6));

        Outcome outcome = spnego.validate(skewed);

        assertThat(outcome).isInstanceOf(Outcome.ClockSkew.class);
        assertThat(((Outcome.ClockSkew) outcome).detail()).contains("Clock skew");
    }

    @Test
    void aClientFourMinutesAheadIsWithinTheAllowedSkew() throws Exception {
        Path cache = kdc.login(ALICE, ALICE_PASSWORD);
        String ahead = kdc.negotiateToken(cache, "HTTP", Duration.ofMinutes(4));

        assertThat(spnego.validate(ahead)).isInstanceOf(Outcome.Accepted.class);
    }

    @Test
    void aFreshTicketRightAfterASkewedOneIsAccepted() throws Exception {
        Path cache = kdc.login(ALICE, ALICE_PASSWORD);
        String skewed = kdc.negotiateToken(cache, "HTTP", Duration.ofMinutes(6));
        String fresh = kdc.negotiateToken(cache, "HTTP", Duration.ZERO);

        assertThat(spnego.validate(skewed)).isInstanceOf(Outcome.ClockSkew.class);
        assertThat(spnego.validate(fresh)).isInstanceOf(Outcome.Accepted.class);
    }

    @Test
    void distinctTokensOfOneUserInQuickSuccessionAreAllAccepted() throws Exception {
        Path cache = kdc.login(ALICE, ALICE_PASSWORD);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.add(kdc.negotiateToken(cache, "HTTP", Duration.ZERO));
        }

        for (String token : tokens) {
            assertThat(spnego.validate(token)).isInstanceOf(Outcome.Accepted.class);
        }
    }

    @Test
    void tokensValidatedOnSeveralThreadsAtOnceAreAllAccepted() throws Exception {
        Path cache = kdc.login(ALICE, ALICE_PASSWORD);
        List<Callable<Outcome>> validations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String token = kdc.negotiateToken(cache, "HTTP", Duration.ZERO);
            validations.add(() -> spnego.validate(token));
        }

        ExecutorService threads = Executors.newFixedThreadPool(validations.size());
        try {
            for (Future<Outcome> outcome : threads.invokeAll(validations)) {
                assertThat(outcome.get()).isInstanceOf(Outcome.Accepted.class);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theSameTokenPresentedTwiceIsRefusedAsAReplay() throws Exception {
        String token = kdc.negotiateToken(ALICE, ALICE_PASSWORD, Duration.ZERO);

        assertThat(spnego.validate(token)).isInstanceOf(Outcome.Accepted.class);
        Outcome again = spnego.validate(token);

        assertThat(again).isInstanceOf(Outcome.BadTicket.class);
        assertThat(((Outcome.BadTicket) again).detail()).contains("replay");
    }

    @Test
    void aTicketForAnotherServiceIsABadTicket() throws Exception {
        Path cache = kdc.login(ALICE, ALICE_PASSWORD);
        String forOther = kdc.negotiateToken(cache, "other", Duration.ZERO);

        assertBadTicket(spnego.validate(forOther));
    }

    @Test
    void garbageIsABadTicket() {
        byte[] noise = "not a kerberos token at all".getBytes(StandardCharsets.UTF_8);

        assertBadTicket(spnego.validate(Base64.getEncoder().encodeToString(noise)));
    }

    @Test
    void anNtlmTokenIsABadTicket() {
        assertBadTicket(spnego.validate(NTLM_NEGOTIATE));
    }

    @Test
    void anEmptyOrMissingTokenIsABadTicket() {
        assertBadTicket(spnego.validate(""));
        assertBadTicket(spnego.validate("   "));
        assertBadTicket(spnego.validate(null));
        assertBadTicket(spnego.validate("===="));
    }

    @Test
    void textThatIsNotBase64IsABadTicket() {
        assertBadTicket(spnego.validate("Negotiate ***"));
    }

    @Test
    void aTruncatedRealTokenIsABadTicket() throws Exception {
        String token = kdc.negotiateToken(ALICE, ALICE_PASSWORD, Duration.ZERO);
        byte[] whole = Base64.getDecoder().decode(token);

        for (int length : new int[] {1, 2, 16, whole.length / 2, whole.length - 1}) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertBadTicket(spnego.validate(Base64.getEncoder().encodeToString(cut)));
        }
    }

    @Test
    void withoutPrincipalOrKeytabItIsDisabledAndAcceptsNothing() throws Exception {
        Spnego unconfigured = new Spnego("", "", "");
        Spnego withoutKeytab = new Spnego(kdc.servicePrincipal(), "", "");
        String token = kdc.negotiateToken(ALICE, ALICE_PASSWORD, Duration.ZERO);

        assertThat(unconfigured.enabled()).isFalse();
        assertThat(withoutKeytab.enabled()).isFalse();
        assertThat(spnego.enabled()).isTrue();
        assertBadTicket(unconfigured.validate(token));
    }

    private static void assertBadTicket(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.BadTicket.class);
        String detail = ((Outcome.BadTicket) outcome).detail();
        assertThat(detail).isNotBlank().hasSizeLessThanOrEqualTo(160)
                .doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
