package org.sightline.contracts;

import java.util.Set;
import org.sightline.contracts.console.AccountRole;

/**
 * Who sent a request, as proven by its access token.
 *
 * <p>A customer is known by the support session it opened; a console user by account, role
 * and console session. {@code role} is absent for a customer.
 *
 * @param lsid the customer's support session, or the console user's console session
 * @param teams the teams a console user serves, as proven at sign-in; empty for a customer
 */
public record Caller(Kind kind, String name, AccountRole role, Lsid lsid, Set<TeamId> teams) {

    /** The name of the request attribute that holds the authenticated caller. */
    public static final String ATTRIBUTE = "org.sightline.caller";

    /** The request attribute that holds when the caller's token stops working, an Instant. */
    public static final String EXPIRES_ATTRIBUTE = "org.sightline.caller.expires-at";

    /** A customer in a support portal, or a signed-in console user. */
    public enum Kind {
        CUSTOMER,
        CONSOLE
    }

    public Caller {
        Require.present(kind, "kind");
        Require.name(name, "name");
        Require.present(lsid, "lsid");
        if ((kind == Kind.CONSOLE) != (role != null)) {
            throw new IllegalArgumentException("a console caller has a role, a customer none");
        }
        teams = teams == null ? Set.of() : Set.copyOf(teams);
    }

    /** A caller who serves no team: a customer, an admin or an auditor. */
    public Caller(Kind kind, String name, AccountRole role, Lsid lsid) {
        this(kind, name, role, lsid, Set.of());
    }

    public boolean isConsole(AccountRole expected) {
        return kind == Kind.CONSOLE && role == expected;
    }

    public boolean isCustomerOf(Lsid session) {
        return kind == Kind.CUSTOMER && lsid.equals(session);
    }
}
