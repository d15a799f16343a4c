package org.sightline.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.AuthorKind;
import org.sightline.contracts.session.ChatMessagePosted;
import org.sightline.contracts.session.ControlGiven;
import org.sightline.contracts.session.ControlTakenBack;
import org.sightline.contracts.session.SessionEnded;
import org.sightline.contracts.session.SupportRequested;
import org.sightline.contracts.session.SystemInformationCaptured;

class SensitiveFieldsTest {

    @Test
    void theContentTheIssueNamesIsMarked() {
        assertThat(names(SupportRequested.class))
                .containsExactly("customerName", "company", "problemDescription");
        assertThat(names(SystemInformationCaptured.class)).containsExactly("sections");
        assertThat(names(ControlGiven.class)).isEmpty();
    }

    @Test
    void anAuthorsNameIsSensitiveOnlyForACustomer() {
        SensitiveFields chat = SensitiveFields.of(ChatMessagePosted.class);
        assertThat(names(ChatMessagePosted.class)).containsExactly("author", "text");

        SensitiveFields.Field author = chat.fields().get(0);
        assertThat(author.nested()).isNotNull();
        SensitiveFields.Field name = author.nested().fields().get(0);
        assertThat(name.name()).isEqualTo("name");
        assertThat(name.whenComponent()).isEqualTo("kind");
        assertThat(name.whenValue()).isEqualTo(AuthorKind.CUSTOMER.name());
    }

    @Test
    void everyCatalogueEntryHasAValidPlan() {
        assertThat(Arrays.stream(EventType.values())
                .filter(type -> SensitiveFields.hasContent(type.eventClass()))
                .map(EventType::typeName))
                .containsExactlyInAnyOrder("session.requested", "session.chat", "session.note",
                        "session.control.taken-back", "session.system-information",
                        "session.file", "session.ended");
    }

    @Test
    void anEventHoldsContentOnlyWhereAMarkedValueIsPresentAndApplies() {
        Lsid lsid = Lsid.random();
        assertThat(SensitiveFields.holdsContent(new SessionEnded(lsid,
                Author.rep(RepId.of("alice")), null))).isFalse();
        assertThat(SensitiveFields.holdsContent(new SessionEnded(lsid,
                Author.rep(RepId.of("alice")), "fixed"))).isTrue();
        assertThat(SensitiveFields.holdsContent(new SessionEnded(lsid,
                Author.customer("Carol"), null))).isTrue();
        assertThat(SensitiveFields.holdsContent(new ControlTakenBack(lsid, RepId.of("alice"),
                Author.system()))).isFalse();
        assertThat(SensitiveFields.holdsContent(new ControlGiven(lsid, RepId.of("alice"))))
                .isFalse();
    }

    record Broken(AuthorKind kind, @Sensitive(when = "kind=NOBODY") String name) {
    }

    @Test
    void aConditionNamingNoConstantIsAnErrorAtFirstUse() {
        assertThatThrownBy(() -> SensitiveFields.of(Broken.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names no enum constant");
    }

    @Test
    void placeholdersFitTheirTypes() {
        assertThat(SensitiveFields.of(SupportRequested.class).fields().get(0)
                .placeholder(SensitiveFields.EXPIRED)).isEqualTo(SensitiveFields.EXPIRED);
        assertThat(SensitiveFields.of(SystemInformationCaptured.class).fields().get(0)
                .placeholder(SensitiveFields.EXPIRED)).isEqualTo(List.of());
    }

    private static List<String> names(Class<?> type) {
        return SensitiveFields.of(type).fields().stream().map(SensitiveFields.Field::name)
                .toList();
    }
}
