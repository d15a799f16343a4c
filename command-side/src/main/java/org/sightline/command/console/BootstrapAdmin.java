package org.sightline.command.console;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.sightline.contracts.console.AccountRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin account when a site has none.
 *
 * <p>Its password is {@code sightline.bootstrap.admin-password} when set (at least 12
 * characters); otherwise a random one-time password is printed once to standard output, never
 * to the log, and the first sign-in must replace it.
 */
@Component
class BootstrapAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final Accounts accounts;
    private final String name;
    private final String configuredPassword;

    BootstrapAdmin(Accounts accounts,
            @Value("${sightline.bootstrap.admin-name:admin}") String name,
            @Value("${sightline.bootstrap.admin-password:}") String configuredPassword) {
        this.accounts = accounts;
        this.name = name;
        this.configuredPassword = configuredPassword;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createFirstAdmin() {
        if (accounts.any()) {
            return;
        }

        boolean generated = configuredPassword.isEmpty();
        if (!generated && configuredPassword.length() < Accounts.MIN_PASSWORD_LENGTH) {
            throw new IllegalStateException("sightline.bootstrap.admin-password"
                    + " (SIGHTLINE_BOOTSTRAP_ADMIN_PASSWORD) has fewer than "
                    + Accounts.MIN_PASSWORD_LENGTH + " characters; no admin was created");
        }
        String password = generated ? randomPassword() : configuredPassword;
        // A printed password has been seen by whatever keeps standard output: it is one-time.
        if (!accounts.create(name, AccountRole.ADMIN, password, Set.of(), generated)) {
            return;
        }
        LOG.info("Created the bootstrap admin account '{}'", name);
        if (generated) {
            System.out.println("Sightline bootstrap admin: " + name + " / " + password
                    + "  (one-time: the first sign-in must replace it)");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
