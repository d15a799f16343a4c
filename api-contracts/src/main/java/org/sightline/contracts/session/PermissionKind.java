package org.sightline.contracts.session;

/** What a rep may ask the customer for; each is answered by the customer. */
public enum PermissionKind {
    VIEW_SCREEN,
    CONTROL,
    FILE_TRANSFER,
    SYSTEM_INFORMATION,
    COMMAND_SHELL
}
