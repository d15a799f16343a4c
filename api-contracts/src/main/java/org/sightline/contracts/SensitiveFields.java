package org.sightline.contracts;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which components of a record hold {@link Sensitive} content, directly or inside a nested
 * record (an event's {@code Author}, say). Computed once per class from the record's own
 * declaration, so the list of what is encrypted lives beside the fields themselves.
 */
public final class SensitiveFields {

    /** What a sensitive text reads as once its session's data key is destroyed. */
    public static final String EXPIRED = "(content expired)";

    /** What a sensitive text reads as to a reader not given the master key. */
    public static final String WITHHELD = "(encrypted)";

    private static final Map<Class<?>, SensitiveFields> PLANS = new ConcurrentHashMap<>();

    private final List<Field> fields;
    /** The record's accessors by component name, looked up once per class. */
    private final Map<String, Method> accessors;

    private SensitiveFields(List<Field> fields, Map<String, Method> accessors) {
        this.fields = List.copyOf(fields);
        this.accessors = Map.copyOf(accessors);
    }

    /**
     * One component that is sensitive itself ({@code nested} is null) or holds a record with
     * sensitive components ({@code nested} is that record's plan).
     *
     * @param whenComponent with {@code whenValue}: the enum component of the same record and
     *     the constant under which this one is sensitive; both null when it always is
     */
    public record Field(String name, Class<?> type, String whenComponent, String whenValue,
            SensitiveFields nested) {

        public boolean isConditional() {
            return whenComponent != null;
        }

        /**
         * The value this component reads as when it cannot be read: {@code text} for a text,
         * empty for a list or a map, absent otherwise.
         */
        public Object placeholder(String text) {
            if (type == String.class) {
                return text;
            }
            if (List.class.isAssignableFrom(type)) {
                return List.of();
            }
            if (Map.class.isAssignableFrom(type)) {
                return Map.of();
            }
            return null;
        }
    }

    /** The plan of a class; empty for a class that is not a record or holds nothing marked. */
    public static SensitiveFields of(Class<?> type) {
        SensitiveFields known = PLANS.get(type);
        if (known != null) {
            return known;
        }
        // Not computeIfAbsent: a plan builds its nested records' plans, which would recurse
        // into the map's own update.
        SensitiveFields plan = plan(type);
        PLANS.putIfAbsent(type, plan);
        return plan;
    }

    /** Whether events of this class hold sensitive content at all. */
    public static boolean hasContent(Class<?> type) {
        return !of(type).isEmpty();
    }

    /**
     * Whether this event (or value) holds content: a sensitive value that is present, where
     * its condition holds. A session's end by a rep without a reason holds none; by the
     * customer it holds their name.
     */
    public static boolean holdsContent(Object value) {
        if (value == null) {
            return false;
        }
        SensitiveFields plan = of(value.getClass());
        for (Field field : plan.fields()) {
            Object component = plan.component(value, field.name());
            if (field.nested() != null ? holdsContent(component)
                    : component != null && (!field.isConditional() || field.whenValue().equals(
                            String.valueOf(plan.component(value, field.whenComponent()))))) {
                return true;
            }
        }
        return false;
    }

    private Object component(Object record, String name) {
        try {
            return accessors.get(name).invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + record.getClass().getName() + "."
                    + name, e);
        }
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public List<Field> fields() {
        return fields;
    }

    private static SensitiveFields plan(Class<?> type) {
        if (!type.isRecord()) {
            return new SensitiveFields(List.of(), Map.of());
        }
        List<Field> fields = new ArrayList<>();
        Map<String, Method> accessors = new HashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Method accessor = component.getAccessor();
            accessor.setAccessible(true); // a record nested in a non-public class, in tests
            accessors.put(component.getName(), accessor);
            Sensitive mark = component.getAnnotation(Sensitive.class);
            if (mark != null) {
                fields.add(marked(type, component, mark));
            } else if (component.getType().isRecord() && component.getType() != type) {
                SensitiveFields nested = of(component.getType());
                if (!nested.isEmpty()) {
                    fields.add(new Field(component.getName(), component.getType(), null, null,
                            nested));
                }
            }
        }
        return new SensitiveFields(fields, accessors);
    }

    private static Field marked(Class<?> type, RecordComponent component, Sensitive mark) {
        if (mark.when().isEmpty()) {
            return new Field(component.getName(), component.getType(), null, null, null);
        }
        String[] condition = mark.when().split("=", 2);
        RecordComponent on = Arrays.stream(type.getRecordComponents())
                .filter(c -> c.getName().equals(condition[0]))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(type.getName() + "."
                        + component.getName() + " is sensitive when " + mark.when()
                        + ", but the record has no component " + condition[0]));
        boolean constantExists = condition.length == 2 && on.getType().isEnum()
                && Arrays.stream(on.getType().getEnumConstants())
                        .anyMatch(constant -> ((Enum<?>) constant).name().equals(condition[1]));
        if (!constantExists) {
            throw new IllegalStateException(type.getName() + "." + component.getName()
                    + " is sensitive when " + mark.when() + ", which names no enum constant");
        }
        return new Field(component.getName(), component.getType(), condition[0], condition[1],
                null);
    }
}
