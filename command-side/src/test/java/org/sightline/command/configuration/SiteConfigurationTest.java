package org.sightline.command.configuration;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sightline.command.eventstore.LsidTargetResolver;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.configuration.ChangeConfiguration;
import org.sightline.contracts.configuration.ConfigurationChanged;

class SiteConfigurationTest {

    private static final Lsid CONSOLE = Lsid.parse("00112233445566778899aabbccddeeff");

    private FixtureConfiguration<SiteConfiguration> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SiteConfiguration.class)
                .registerCommandTargetResolver(new LsidTargetResolver());
    }

    @Test
    void aFirstChangeHasNoOldValue() {
        fixture.givenNoPriorActivity()
                .when(new ChangeConfiguration("portal.greeting", "Hello", "admin", CONSOLE))
                .expectEvents(new ConfigurationChanged(CONSOLE, "portal.greeting", null,
                        "Hello", "admin"));
    }

    @Test
    void aChangeRecordsTheValueItReplaced() {
        fixture.given(new ConfigurationChanged(CONSOLE, "portal.greeting", null, "Hello",
                        "admin"))
                .when(new ChangeConfiguration("portal.greeting", "Welcome", "admin", CONSOLE))
                .expectEvents(new ConfigurationChanged(CONSOLE, "portal.greeting", "Hello",
                        "Welcome", "admin"));
    }

    @Test
    void settingTheSameValueAgainIsAConflict() {
        fixture.given(new ConfigurationChanged(CONSOLE, "portal.greeting", null, "Hello",
                        "admin"))
                .when(new ChangeConfiguration("portal.greeting", "Hello", "admin", CONSOLE))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void anAccountIsRecordedOnlyOnce() {
        fixture.given(new ConfigurationChanged(CONSOLE, "accounts.racer.role", null, "REP",
                        "admin"))
                .when(new ChangeConfiguration("accounts.racer.role", "ADMIN", "admin", CONSOLE))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage("an account named racer exists")
                .expectNoEvents();
    }
}
