package org.sightline.contracts.relay;

/** The customer's side publishes the screen; each participating rep views it. */
public enum RelayRole {
    PUBLISHER,
    VIEWER
}
