package org.sightline.command.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.SensitiveFields;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.contracts.crypto.AesGcm;

/**
 * Encrypts and decrypts the {@link org.sightline.contracts.Sensitive} fields of an event's JSON
 * tree in place. An encrypted field holds the text {@code enc1:} followed by the Base64 of the
 * AES-GCM sealed JSON of its value (docs/audit-format.md); its associated data names the
 * session, the event type and the field, so a ciphertext moved anywhere else does not open.
 * Absent values (JSON null) stay null: that a company was not given is not content.
 */
public final class FieldEncryption {

    static final String PREFIX = "enc1:";

    private final SessionKeys keys;
    private final ObjectMapper json;

    public FieldEncryption(SessionKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /** Encrypts the sensitive fields of an event of class {@code type}, as JSON. */
    public void encrypt(Class<?> type, ObjectNode event) {
        SensitiveFields plan = SensitiveFields.of(type);
        if (plan.isEmpty()) {
            return;
        }
        Lsid lsid = lsidOf(event, type);
        SecretKey key = keys.forWriting(lsid);
        String place = place(lsid, type);
        walk(event, plan, place, (holder, field, path) -> {
            JsonNode value = holder.get(field.name());
            if (value != null && !value.isNull()) {
                holder.put(field.name(), PREFIX + Base64.getEncoder().encodeToString(
                        AesGcm.seal(key, bytes(value), path)));
            }
        });
    }

    /**
     * Decrypts the sensitive fields of an event of class {@code type}, as JSON. Once the
     * session's key is destroyed each reads as {@link SensitiveFields#EXPIRED} (an empty list
     * or map for those types); without the master key, as {@link SensitiveFields#WITHHELD}.
     *
     * @throws IllegalStateException when a field does not open with the session's key: its
     *     bytes were changed or moved
     */
    public void decrypt(Class<?> type, ObjectNode event) {
        SensitiveFields plan = SensitiveFields.of(type);
        if (plan.isEmpty()) {
            return;
        }
        Lsid lsid = lsidOf(event, type);
        String place = place(lsid, type);
        SessionKeys.Lookup[] once = new SessionKeys.Lookup[1];
        walk(event, plan, place, (holder, field, path) -> {
            JsonNode value = holder.get(field.name());
            if (value == null || !value.isTextual() || !value.asText().startsWith(PREFIX)) {
                return; // absent, or written before its field was marked sensitive
            }
            if (once[0] == null) {
                once[0] = keys.find(lsid);
            }
            if (once[0] instanceof SessionKeys.Found found) {
                byte[] sealed = Base64.getDecoder().decode(value.asText().substring(
                        PREFIX.length()));
                try {
                    holder.set(field.name(), json.readTree(AesGcm.open(found.key(), sealed, path)));
                } catch (AesGcm.Tampered e) {
                    throw new IllegalStateException("the encrypted " + path + " does not open"
                            + " with its session's key: " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (once[0] instanceof SessionKeys.Withheld) {
                holder.set(field.name(), json.valueToTree(
                        field.placeholder(SensitiveFields.WITHHELD)));
            } else {
                holder.set(field.name(), json.valueToTree(
                        field.placeholder(SensitiveFields.EXPIRED)));
            }
        });
    }

    private interface Visitor {
        void visit(ObjectNode holder, SensitiveFields.Field field, String path);
    }

    private static void walk(ObjectNode node, SensitiveFields plan, String path,
            Visitor visitor) {
        for (SensitiveFields.Field field : plan.fields()) {
            String fieldPath = path + "/" + field.name();
            if (field.nested() != null) {
                JsonNode child = node.get(field.name());
                if (child instanceof ObjectNode object) {
                    walk(object, field.nested(), fieldPath, visitor);
                } else if (child instanceof ArrayNode array) {
                    for (JsonNode element : array) {
                        if (element instanceof ObjectNode object) {
                            walk(object, field.nested(), fieldPath, visitor);
                        }
                    }
                }
            } else if (!field.isConditional()
                    || field.whenValue().equals(node.path(field.whenComponent()).asText())) {
                visitor.visit(node, field, fieldPath);
            }
        }
    }

    private byte[] bytes(JsonNode value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Lsid lsidOf(ObjectNode event, Class<?> type) {
        JsonNode lsid = event.get("lsid");
        if (lsid == null || !lsid.isTextual()) {
            throw new IllegalStateException(type.getName() + " has sensitive fields but no lsid");
        }
        return Lsid.parse(lsid.asText());
    }

    private static String place(Lsid lsid, Class<?> type) {
        String name = EventType.of(type).map(EventType::typeName).orElse(type.getName());
        return "sightline field v1|" + lsid.value() + "|" + name;
    }
}
