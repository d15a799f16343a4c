package org.sightline.command.dispatch;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Sends commands from the reactive edge to Axon and answers once their events are committed.
 *
 * <p>Axon runs the handler and the JDBC append on the sending thread, so sending happens on
 * the bounded elastic scheduler, never on an event-loop thread. A conflicting append by
 * another node (a {@link ConcurrencyException}) is retried a bounded number of times with
 * the aggregate reloaded; a conflict that remains reaches the caller as is.
 */
@Component
public class CommandSender {

    /** Retries of a conflicting append, after the first attempt. */
    static final int CONFLICT_RETRIES = 3;

    private final CommandGateway gateway;

    public CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Sends a command; the result is the handler's return value, empty when it returns none.
     * Fails with the handler's own exception, unwrapped from Axon's.
     */
    public <R> Mono<R> send(Object command) {
        return Mono.defer(() -> Mono.fromFuture(gateway.<R>send(command)))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(CommandSender::unwrap)
                .retryWhen(Retry.backoff(CONFLICT_RETRIES, Duration.ofMillis(10))
                        .filter(ConcurrencyException.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException
                || current instanceof CommandExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
