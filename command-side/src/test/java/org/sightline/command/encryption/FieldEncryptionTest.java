package org.sightline.command.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.QueueId;
import org.sightline.contracts.RepId;
import org.sightline.contracts.SensitiveFields;
import org.sightline.contracts.session.Author;
import org.sightline.contracts.session.ChatMessagePosted;
import org.sightline.contracts.session.ClientKind;
import org.sightline.contracts.session.InfoSection;
import org.sightline.contracts.session.SupportRequested;
import org.sightline.contracts.session.SystemInformationCaptured;

class FieldEncryptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Lsid A = Lsid.parse("a".repeat(32));
    private static final Lsid B = Lsid.parse("b".repeat(32));

    private final Map<Lsid, SecretKey> keys = Map.of(A, newKey(), B, newKey());
    private final FieldEncryption encryption = new FieldEncryption(writable(keys), JSON);

    @Test
    void sensitiveFieldsAreSealedAndComeBackUnchanged() throws Exception {
        SupportRequested event = new SupportRequested(A, QueueId.of("general"), "Carol Customer",
                null, "The printer \"prints\" nothing", "203.0.113.7", null, ClientKind.BROWSER);
        ObjectNode tree = JSON.valueToTree(event);

        encryption.encrypt(SupportRequested.class, tree);

        assertThat(tree.get("customerName").asText()).startsWith(FieldEncryption.PREFIX);
        assertThat(tree.get("problemDescription").asText()).startsWith(FieldEncryption.PREFIX);
        assertThat(tree.get("company").isNull()).as("absent stays absent").isTrue();
        assertThat(tree.get("publicIp").asText()).isEqualTo("203.0.113.7");
        assertThat(tree.toString()).doesNotContain("Carol", "printer");

        encryption.decrypt(SupportRequested.class, tree);
        assertThat(JSON.treeToValue(tree, SupportRequested.class)).isEqualTo(event);
    }

    @Test
    void aRepsNameStaysReadableACustomersDoesNot() {
        ObjectNode byRep = JSON.valueToTree(new ChatMessagePosted(A, Author.rep(RepId.of("alice")),
                "hi"));
        ObjectNode byCustomer = JSON.valueToTree(new ChatMessagePosted(A,
                Author.customer("Carol"), "hi"));

        encryption.encrypt(ChatMessagePosted.class, byRep);
        encryption.encrypt(ChatMessagePosted.class, byCustomer);

        assertThat(byRep.at("/author/name").asText()).isEqualTo("alice");
        assertThat(byCustomer.at("/author/name").asText()).startsWith(FieldEncryption.PREFIX);
        assertThat(byCustomer.at("/author/kind").asText()).isEqualTo("CUSTOMER");
    }

    @Test
    void aCiphertextMovedToAnotherFieldOrSessionDoesNotOpen() {
        ObjectNode chat = JSON.valueToTree(new ChatMessagePosted(A, Author.customer("Carol"),
                "secret"));
        encryption.encrypt(ChatMessagePosted.class, chat);

        ObjectNode swapped = chat.deepCopy();
        swapped.set("text", chat.at("/author/name"));
        assertThatThrownBy(() -> encryption.decrypt(ChatMessagePosted.class, swapped))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/text does not open");

        ObjectNode moved = chat.deepCopy();
        moved.put("lsid", B.value());
        assertThatThrownBy(() -> encryption.decrypt(ChatMessagePosted.class, moved))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDestroyedKeyLeavesPlaceholdersThatStillMakeValidEvents() throws Exception {
        ObjectNode info = JSON.valueToTree(new SystemInformationCaptured(A, List.of(
                new InfoSection("Operating system", Map.of("name", "Debian 12")))));
        ObjectNode chat = JSON.valueToTree(new ChatMessagePosted(A, Author.customer("Carol"),
                "secret"));
        encryption.encrypt(SystemInformationCaptured.class, info);
        encryption.encrypt(ChatMessagePosted.class, chat);
        FieldEncryption afterExpiry = new FieldEncryption(SessionKeys.readOnly(
                lsid -> new SessionKeys.Destroyed(Instant.EPOCH)), JSON);

        afterExpiry.decrypt(SystemInformationCaptured.class, info);
        afterExpiry.decrypt(ChatMessagePosted.class, chat);

        assertThat(JSON.treeToValue(info, SystemInformationCaptured.class).sections()).isEmpty();
        ChatMessagePosted expired = JSON.treeToValue(chat, ChatMessagePosted.class);
        assertThat(expired.text()).isEqualTo(SensitiveFields.EXPIRED);
        assertThat(expired.author().name()).isEqualTo(SensitiveFields.EXPIRED);
    }

    @Test
    void aReaderWithoutTheMasterKeySeesThatContentIsWithheld() throws Exception {
        ObjectNode chat = JSON.valueToTree(new ChatMessagePosted(A, Author.customer("Carol"),
                "secret"));
        encryption.encrypt(ChatMessagePosted.class, chat);

        new FieldEncryption(SessionKeys.readOnly(lsid -> new SessionKeys.Withheld()), JSON)
                .decrypt(ChatMessagePosted.class, chat);

        assertThat(JSON.treeToValue(chat, ChatMessagePosted.class).text())
                .isEqualTo(SensitiveFields.WITHHELD);
    }

    private static SessionKeys writable(Map<Lsid, SecretKey> keys) {
        return new SessionKeys() {
            @Override
            public SecretKey forWriting(Lsid lsid) {
                return keys.get(lsid);
            }

            @Override
            public Lookup find(Lsid lsid) {
                return new Found(keys.get(lsid));
            }
        };
    }

    private static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
