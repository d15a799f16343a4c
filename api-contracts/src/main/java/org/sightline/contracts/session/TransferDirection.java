package org.sightline.contracts.session;

/** Which way a file went: to the customer's machine or from it. */
public enum TransferDirection {
    TO_CUSTOMER,
    FROM_CUSTOMER
}
