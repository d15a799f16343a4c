package org.sightline.ops.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * {@code sightline.commands{command, outcome}}: a timer of every command the command bus
 * handles on this node, from the handler's start to the end of its unit of work (the append
 * of its events included), by the command's class and how it ended: {@code ok},
 * {@code invalid} (bad input, 400), {@code refused} (does not fit the state, 403/409),
 * {@code not-found}, {@code conflict} (another node appended first) or {@code failed}.
 *
 * <p>Counted on the bus rather than at the HTTP edge, so the relay's and the background
 * jobs' commands are counted too. A conflict retried by the sender counts once per attempt.
 */
@Component
class CommandMetrics {

    private final MeterRegistry registry;

    // Not a bean implementing the interceptor: Axon's auto-configuration would register such
    // a bean a second time and every command would count twice.
    CommandMetrics(CommandBus commandBus, MeterRegistry registry) {
        this.registry = registry;
        commandBus.registerHandlerInterceptor(this::timed);
    }

    private Object timed(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
            InterceptorChain chain) throws Exception {
        Timer.Sample started = Timer.start(registry);
        String command = unitOfWork.getMessage().getPayloadType().getSimpleName();
        unitOfWork.afterCommit(work -> stop(started, command, "ok"));
        unitOfWork.onRollback(work -> stop(started, command,
                outcome(work.getExecutionResult() == null ? null
                        : work.getExecutionResult().getExceptionResult())));
        return chain.proceed();
    }

    private void stop(Timer.Sample started, String command, String outcome) {
        started.stop(Timer.builder("sightline.commands")
                .description("commands handled, by command and outcome")
                .tag("command", command)
                .tag("outcome", outcome)
                .register(registry));
    }

    /** The outcome a failure stands for; the same classes the API answers 4xx for. */
    static String outcome(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && cause.getCause() != null
                && !(cause instanceof IllegalArgumentException
                        || cause instanceof IllegalStateException
                        || cause instanceof AggregateNotFoundException
                        || cause instanceof ConcurrencyException)) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException) {
            return "invalid";
        }
        if (cause instanceof IllegalStateException) {
            return "refused";
        }
        if (cause instanceof AggregateNotFoundException) {
            return "not-found";
        }
        return cause instanceof ConcurrencyException ? "conflict" : "failed";
    }
}
