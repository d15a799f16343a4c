package org.sightline.command.session;

/**
 * A rep tried to act in a session without the part it takes: not taking part at all, not
 * its owner, or not holding control. The edge answers 403.
 */
public class NotParticipating extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public NotParticipating(String message) {
        super(message);
    }
}
