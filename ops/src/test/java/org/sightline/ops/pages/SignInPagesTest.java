package org.sightline.ops.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sightline.command.console.Accounts;
import org.sightline.contracts.console.AccountRole;
import org.sightline.ops.SightlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The sign-in form's extra steps in a real browser (browser-tests/sign-in.mjs): an admin
 * replaces a one-time password, an auditor enrols a second factor; then the store holds the
 * events that say so.
 */
@TestPropertySource(properties = {"sightline.test.database=sign-in-pages",
        "sightline.identity.second-factor-roles=AUDITOR"})
class SignInPagesTest extends SightlineIntegrationTest {

    @Autowired
    private Accounts accounts;

    @Test
    void theFormAsksForANewPasswordAndEnrolsASecondFactor() throws Exception {
        accounts.create("page-admin", AccountRole.ADMIN, "one-time-password-1", Set.of(), true);
        client.post("/api/accounts", Map.of("account", "page-auditor-2", "role", "AUDITOR",
                "password", REP_PASSWORD), admin()).expect(201);

        BrowserTest.Run run = BrowserTest.runScript("sign-in.mjs", Map.of(
                "SIGHTLINE_URL", "http://127.0.0.1:" + port,
                "ADMIN", "page-admin", "ADMIN_PASSWORD", "one-time-password-1",
                "NEW_PASSWORD", "chosen-in-the-page-1",
                "AUDITOR", "page-auditor-2", "AUDITOR_PASSWORD", REP_PASSWORD));
        assertThat(run.exitCode()).as("the browser script failed:%n%s", run.errors())
                .isZero();

        List<String> types = jdbc.queryForList("SELECT payloadtype FROM domainevententry"
                + " WHERE payloadtype LIKE '%.console.%' ORDER BY globalindex", String.class);
        assertThat(types.stream().map(type -> type.substring(type.lastIndexOf('.') + 1)))
                .contains("PasswordChanged", "SecondFactorEnrolled");
        client.post("/api/console/login", Map.of("account", "page-admin",
                "password", "chosen-in-the-page-1"), null).expect(200);
    }
}
