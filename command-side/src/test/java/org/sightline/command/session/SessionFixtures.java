package org.sightline.command.session;

import java.util.List;
import java.util.Map;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.QueueId;
import org.sightline.contracts.RepId;
import org.sightline.contracts.session.ClientKind;
import org.sightline.contracts.session.InfoSection;
import org.sightline.contracts.session.PermissionGranted;
import org.sightline.contracts.session.PermissionKind;
import org.sightline.contracts.session.PermissionRequested;
import org.sightline.contracts.session.RepRole;
import org.sightline.contracts.session.RepresentativeJoined;
import org.sightline.contracts.session.RequestSupport;
import org.sightline.contracts.session.SupportRequested;

/** Named test data for support sessions. */
final class SessionFixtures {

    static final Lsid LSID = Lsid.parse("0123456789abcdef0123456789abcdef");
    static final RepId ALICE = RepId.of("alice");
    static final RepId BOB = RepId.of("bob");
    static final String CUSTOMER = "Carol Customer";

    private SessionFixtures() {
    }

    static RequestSupport supportRequest() {
        return new RequestSupport(LSID, QueueId.of("general"), CUSTOMER, "Acme",
                "The printer prints nothing", "203.0.113.7", "10.0.0.7", ClientKind.BROWSER);
    }

    static SupportRequested requested() {
        return new SupportRequested(LSID, QueueId.of("general"), CUSTOMER, "Acme",
                "The printer prints nothing", "203.0.113.7", "10.0.0.7", ClientKind.BROWSER);
    }

    static RepresentativeJoined joined(RepId rep, RepRole role) {
        return new RepresentativeJoined(LSID, rep, role);
    }

    static PermissionRequested asked(int number, PermissionKind kind, RepId rep) {
        return new PermissionRequested(LSID, number, kind, rep);
    }

    static PermissionGranted granted(int number, PermissionKind kind, RepId rep) {
        return new PermissionGranted(LSID, number, kind, rep, false);
    }

    static List<InfoSection> systemInformation() {
        return List.of(new InfoSection("Operating system", Map.of("name", "Debian 12")));
    }
}
