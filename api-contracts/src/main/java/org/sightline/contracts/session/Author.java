package org.sightline.contracts.session;

import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;
import org.sightline.contracts.Sensitive;

/**
 * Who performed an action in a support session.
 *
 * @param kind customer, rep or system
 * @param name the rep's account name, the customer's name, or {@code "system"}
 */
public record Author(AuthorKind kind, @Sensitive(when = "kind=CUSTOMER") String name) {

    public Author {
        Require.present(kind, "author kind");
        Require.name(name, "author name");
    }

    public static Author rep(RepId rep) {
        return new Author(AuthorKind.REP, rep.value());
    }

    public static Author customer(String customerName) {
        return new Author(AuthorKind.CUSTOMER, customerName);
    }

    public static Author system() {
        return new Author(AuthorKind.SYSTEM, "system");
    }
}
