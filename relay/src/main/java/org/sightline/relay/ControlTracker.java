package org.sightline.relay;

import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.console.LoggedOut;
import org.sightline.contracts.session.ControlGiven;
import org.sightline.contracts.session.ControlTakenBack;
import org.sightline.contracts.session.RepresentativeLeft;
import org.sightline.contracts.session.SessionEnded;
import org.sightline.contracts.session.SessionTransferred;
import org.springframework.stereotype.Component;

/**
 * Follows the session events that change what a relay connection may do: control given and
 * taken back, a rep leaving or signing out, the session ending. A tracking processor of this
 * node's own (RelayConfiguration): it sees only committed events, from every node, so an
 * append that rolls back never moves control, and a change made through another node arrives
 * too.
 */
@RelayNode
@Component
@ProcessingGroup(ControlTracker.PROCESSOR)
class ControlTracker {

    static final String PROCESSOR = "relay-control";

    private final RelayHub hub;

    ControlTracker(RelayHub hub) {
        this.hub = hub;
    }

    @EventHandler
    void on(ControlGiven event) {
        afterCommit(event.lsid(), session -> session.controlChanged(event.rep().value()));
    }

    @EventHandler
    void on(ControlTakenBack event) {
        afterCommit(event.lsid(), session -> session.controlChanged(null));
    }

    @EventHandler
    void on(RepresentativeLeft event) {
        afterCommit(event.lsid(), session -> session.revoke(event.rep().value()));
    }

    @EventHandler
    void on(SessionTransferred event) {
        if (event.toQueue() != null) {
            afterCommit(event.lsid(), session -> session.revoke(event.by().value()));
        }
    }

    /**
     * A rep who signs out keeps no screen: every viewer of that account on this node is
     * closed with 4003, relay tokens issued to it before are refused (a new one needs a
     * console token again), and control it held returns to the customer.
     */
    @EventHandler
    void on(LoggedOut event, @Timestamp Instant at) {
        afterCommit(() -> {
            hub.signedOut(event.account(), at);
            hub.openSessions().forEach(lsid -> hub.find(lsid).ifPresent(session -> {
                session.revoke(event.account());
                if (event.account().equals(session.controlHolder())) {
                    hub.returnControl(lsid);
                }
            }));
        });
    }

    @EventHandler
    void on(SessionEnded event) {
        afterCommit(event.lsid(), RelaySession::end);
    }

    private void afterCommit(Lsid lsid, java.util.function.Consumer<RelaySession> change) {
        afterCommit(() -> hub.find(lsid).ifPresent(change));
    }

    private static void afterCommit(Runnable apply) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> apply.run());
        } else {
            apply.run();
        }
    }
}
