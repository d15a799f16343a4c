package org.sightline.command.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.sightline.contracts.SensitiveFields;

/**
 * The event serializer: Axon's Jackson serializer with {@link FieldEncryption} between the
 * object and its bytes. Events without sensitive fields, metadata and everything else pass
 * through unchanged.
 */
public final class EncryptingSerializer implements Serializer {

    private final JacksonSerializer delegate;
    private final ObjectMapper json;
    private final FieldEncryption encryption;

    public EncryptingSerializer(JacksonSerializer delegate, FieldEncryption encryption) {
        this.delegate = delegate;
        this.json = delegate.getObjectMapper();
        this.encryption = encryption;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object == null || !SensitiveFields.hasContent(object.getClass())) {
            return delegate.serialize(object, expectedRepresentation);
        }
        ObjectNode tree = json.valueToTree(object);
        encryption.encrypt(object.getClass(), tree);
        try {
            SerializedObject<byte[]> bytes = new SimpleSerializedObject<>(
                    json.writeValueAsBytes(tree), byte[].class,
                    delegate.typeForClass(object.getClass()));
            return delegate.getConverter().convert(bytes, expectedRepresentation);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + object.getClass().getName(), e);
        }
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = classForType(serializedObject.getType());
        if (!SensitiveFields.hasContent(type)) {
            return delegate.deserialize(serializedObject);
        }
        JsonNode tree = delegate.getConverter().convert(serializedObject.getData(),
                serializedObject.getContentType(), JsonNode.class);
        // Decrypting changes the tree in place: a tree handed in (not parsed here) is copied.
        ObjectNode copy = JsonNode.class.isAssignableFrom(serializedObject.getContentType())
                ? ((ObjectNode) tree).deepCopy()
                : (ObjectNode) tree;
        encryption.decrypt(type, copy);
        try {
            @SuppressWarnings("unchecked")
            T value = (T) json.treeToValue(copy, type);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.getName(), e);
        }
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class<?> classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    @SuppressWarnings("rawtypes") // Axon's interface declares the raw type
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
