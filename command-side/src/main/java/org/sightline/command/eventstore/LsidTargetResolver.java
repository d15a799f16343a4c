package org.sightline.command.eventstore;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.sightline.contracts.LsidCommand;
import org.springframework.stereotype.Component;

/**
 * Routes every command to the aggregate named by its LSID, so that the contracts need no
 * Axon annotation.
 */
@Component("lsidTargetResolver")
public class LsidTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (!(command.getPayload() instanceof LsidCommand target)) {
            throw new IllegalArgumentException(command.getPayloadType().getName()
                    + " does not name the session it acts on");
        }
        return new VersionedAggregateIdentifier(target.lsid().value(), null);
    }
}
