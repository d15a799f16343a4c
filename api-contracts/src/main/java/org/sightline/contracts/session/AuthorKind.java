package org.sightline.contracts.session;

/** Who wrote a chat line or performed an action: the customer, a rep, or Sightline itself. */
public enum AuthorKind {
    CUSTOMER,
    REP,
    SYSTEM
}
