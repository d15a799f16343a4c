package org.sightline.projections.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.contracts.console.AccountLocked;
import org.sightline.contracts.console.LoginFailed;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.ChatMessagePosted;

class AlertMailTest {

    private static final Instant AT = Instant.parse("2026-12-04T10:15:30Z");

    private static Alert locked(String account) {
        return Alert.of(new AccountLocked(Lsid.random(), account, "2026-12-04T10:30:30Z", 5),
                EventType.ACCOUNT_LOCKED, AT, "event-1");
    }

    @Test
    void oneAlertNamesItsTypeAndAccountInTheSubject() {
        AlertMail mail = AlertMail.of(List.of(locked("lena")));

        assertThat(mail.subject()).isEqualTo("[Sightline] console.account.locked: lena");
        assertThat(mail.text()).contains("  time: 2026-12-04T10:15:30Z", "  account: lena",
                "  failed attempts: 5", "  locked until: 2026-12-04T10:30:30Z");
    }

    @Test
    void alertsThatCameTogetherShareOneMailCountedByType() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < AlertMail.LISTED + 5; i++) {
            alerts.add(locked("user" + i));
        }

        AlertMail mail = AlertMail.of(alerts);

        assertThat(mail.subject()).isEqualTo("[Sightline] 105 alerts: console.account.locked x105");
        assertThat(mail.text()).contains("  account: user99", "... and 5 more:")
                .doesNotContain("  account: user100");
    }

    @Test
    void aTypedAccountNameCannotStartALineOrAHeader() {
        Alert alert = Alert.of(new LoginFailed(Lsid.random(), "x\r\nBcc: evil@example.org",
                null, "127.0.0.1"), EventType.LOGIN_FAILED, AT, "event-2");

        AlertMail mail = AlertMail.of(List.of(alert));

        assertThat(mail.subject()).doesNotContain("\r", "\n");
        assertThat(mail.text()).doesNotContain("\nBcc");
    }

    @Test
    void aSessionsContentNeverGoesIntoAMail() {
        Alert chat = Alert.of(new ChatMessagePosted(Lsid.random(),
                Author.customer("Zoe Customer"), "my password is hunter2"),
                EventType.CHAT_MESSAGE_POSTED, AT, "event-3");

        assertThat(chat.details()).isEqualTo(Map.of());
        assertThat(AlertMail.of(List.of(chat)).text()).doesNotContain("hunter2", "Zoe");
    }
}
