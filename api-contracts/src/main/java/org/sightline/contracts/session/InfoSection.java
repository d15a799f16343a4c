package org.sightline.contracts.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sightline.contracts.Require;

/**
 * One section of captured system information, such as "Operating system", as ordered
 * key/value pairs.
 */
public record InfoSection(String name, Map<String, String> values) {

    /** The most key/value pairs one section may hold. */
    public static final int MAX_VALUES = 512;

    public InfoSection {
        Require.name(name, "section name");
        Require.present(values, "section values");
        if (values.size() > MAX_VALUES) {
            throw new IllegalArgumentException(
                    "a section holds at most " + MAX_VALUES + " values");
        }
        values.forEach((key, value) -> {
            Require.name(key, "system information key");
            Require.present(value, "system information value of " + key);
            Require.text(value.isEmpty() ? "-" : value, "system information value of " + key);
        });
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
