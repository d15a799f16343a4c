package org.sightline.query.session;

import java.util.List;
import org.sightline.contracts.QueueId;
import org.sightline.contracts.configuration.PortalQueues;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * What the customer portal shows before anyone signs in: the site's name, its greeting and
 * the queues a customer may choose, as an admin last set them.
 */
@RestController
class PortalController {

    static final String DEFAULT_SITE_NAME = "Sightline";

    private final SessionReadModels readModels;

    PortalController(SessionReadModels readModels) {
        this.readModels = readModels;
    }

    record Portal(String siteName, String greeting, List<String> queues) {
    }

    @GetMapping("/api/portal")
    Mono<Portal> portal() {
        return Mono.zip(setting("site.name"), setting("portal.greeting"),
                setting(PortalQueues.SETTING))
                .map(values -> new Portal(
                        values.getT1().isEmpty() ? DEFAULT_SITE_NAME : values.getT1(),
                        values.getT2(),
                        PortalQueues.parse(values.getT3()).stream().map(QueueId::value).toList()));
    }

    private Mono<String> setting(String name) {
        return readModels.setting(name).defaultIfEmpty("");
    }
}
