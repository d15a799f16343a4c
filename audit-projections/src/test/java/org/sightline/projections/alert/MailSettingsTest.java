package org.sightline.projections.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sightline.projections.alert.MailSettings.Security;

class MailSettingsTest {

    private static MailSettings settings(Integer port, Security security, String user,
            String password) {
        return new MailSettings("mail.example.org", port, security, user, password,
                "sightline@example.org", null, null, null, null);
    }

    @Test
    void port465MeansTlsAndEveryOtherPortStartTls() {
        assertThat(settings(465, null, null, null).security()).isEqualTo(Security.TLS);
        assertThat(settings(25, null, null, null).security()).isEqualTo(Security.STARTTLS);
        assertThat(settings(null, null, null, null).port()).isEqualTo(587);
        assertThat(settings(null, Security.TLS, null, null).port()).isEqualTo(465);
    }

    @Test
    void aPasswordIsNeverSentInPlainText() {
        assertThatThrownBy(() -> settings(25, Security.NONE, "sightline", "secret-secret"))
                .hasMessageContaining("a password is never sent");
    }

    @Test
    void thePasswordStaysOutOfWhatIsPrintedOrLogged() {
        MailSettings withPassword = settings(587, null, "sightline", "secret-secret");

        assertThat(withPassword.toString()).isEqualTo("MailSettings[starttls://"
                + "mail.example.org:587 from sightline@example.org with authentication]");
        assertThat(withPassword.describe()).doesNotContain("secret-secret");
    }

    @Test
    void withoutAHostMailAlertsAreOffAndNothingElseIsRequired() {
        MailSettings off = new MailSettings(null, null, null, null, null, null, null, null, null,
                null);

        assertThat(off.enabled()).isFalse();
    }
}
