package org.sightline.ops.roles;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads {@code sightline.roles}, the roles this process takes on, and states each as
 * {@code sightline.role.NAME=true|false}, which the modules' beans are conditional on (absent,
 * as in a module's own tests, means on).
 *
 * <p>A setting that names no role, or a role that does not exist, stops the start: a node
 * that silently ran nothing, or everything, would be worse than one that does not start.
 */
public class Roles implements EnvironmentPostProcessor {

    /** What one process may do; every process does all of them unless told otherwise. */
    public enum Role {
        /** The pages, the command API and the query API. */
        WEB,
        /** The relay's WebSockets, its control tracker, and the recordings it writes. */
        RELAY,
        /** The tracking processors and scheduled jobs that read the event store. */
        PROCESSING;

        public String property() {
            return "sightline.role." + name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String SETTING = "sightline.roles";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment,
            SpringApplication application) {
        // "web,relay" as it is given, or else a list (YAML's, or roles[0]=web) joined.
        String value = environment.getProperty(SETTING);
        if (value == null) {
            value = Binder.get(environment).bind(SETTING, Bindable.listOf(String.class))
                    .map(names -> String.join(",", names)).orElse("web,relay,processing");
        }
        Set<Role> roles = parse(value);
        Map<String, Object> stated = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            stated.put(role.property(), Boolean.toString(roles.contains(role)));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("sightlineRoles", stated));
    }

    /** The roles of this process, as stated from {@code sightline.roles} at its start. */
    public static Set<Role> of(Environment environment) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (environment.getProperty(role.property(), Boolean.class, true)) {
                roles.add(role);
            }
        }
        return roles;
    }

    /** The roles a {@code sightline.roles} value names; refuses none and unknown ones. */
    public static Set<Role> parse(String value) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : value.split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            roles.add(Arrays.stream(Role.values())
                    .filter(role -> role.name().equalsIgnoreCase(trimmed)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(SETTING + " names \""
                            + trimmed + "\", which is not a role; the roles are "
                            + names(EnumSet.allOf(Role.class)))));
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(SETTING + " names no role; give one or more of "
                    + names(EnumSet.allOf(Role.class)));
        }
        return roles;
    }

    public static String names(Set<Role> roles) {
        return roles.stream().map(role -> role.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(","));
    }
}
