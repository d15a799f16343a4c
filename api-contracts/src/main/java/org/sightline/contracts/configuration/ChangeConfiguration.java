package org.sightline.contracts.configuration;

import java.util.regex.Pattern;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/**
 * An admin changes a site setting. The command is addressed to the site configuration,
 * {@link Lsid#SITE}; {@code consoleLsid} is the admin's console session.
 *
 * @param setting a dotted name such as {@code portal.greeting}
 * @param newValue at most 8 KiB of UTF-8; may be empty, never absent
 */
public record ChangeConfiguration(
        String setting,
        String newValue,
        String changedBy,
        Lsid consoleLsid) implements LsidCommand {

    private static final Pattern SETTING =
            Pattern.compile("[a-z][a-z0-9-]{0,31}(\\.[A-Za-z0-9_@-]{1,64}){1,6}");

    public ChangeConfiguration {
        Require.present(setting, "setting");
        if (!SETTING.matcher(setting).matches()) {
            throw new IllegalArgumentException("a setting is a dotted name such as"
                    + " portal.greeting: a lowercase area, then 1 to 6 parts of letters, digits,"
                    + " '_', '@' and '-'");
        }
        Require.present(newValue, "value");
        if (!newValue.isEmpty()) {
            Require.text(newValue, "value");
        }
        Require.identifier(changedBy, "changedBy");
        Require.present(consoleLsid, "consoleLsid");
    }

    @Override
    public Lsid lsid() {
        return Lsid.SITE;
    }
}
