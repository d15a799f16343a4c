package org.sightline.contracts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of an event (or of a value an event holds) as personal or confidential
 * content: it is stored encrypted with its session's data key and is gone for good once that
 * key is destroyed at expiry. What a session's rules decide on (states, kinds, ids, sizes,
 * times) is never marked, so it stays readable for the audit trail's whole life.
 *
 * <p>{@link SensitiveFields} reads these marks; it is the only reader.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Sensitive {

    /**
     * Empty: always sensitive. Otherwise {@code "component=CONSTANT"}: sensitive only while the
     * same record's enum component holds that constant, as an author's name is for a customer
     * (a person) but not for a rep (an account name the audit trail must keep).
     */
    String when() default "";
}
