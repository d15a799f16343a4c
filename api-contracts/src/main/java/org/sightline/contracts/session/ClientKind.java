package org.sightline.contracts.session;

/** How the customer connected: the portal in a browser or an installed client. */
public enum ClientKind {
    BROWSER,
    WINDOWS,
    MACOS,
    LINUX,
    ANDROID,
    IOS
}
