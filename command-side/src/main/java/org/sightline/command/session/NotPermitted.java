package org.sightline.command.session;

/** The team's policy, or the rep's teams, do not allow what a rep tried. The edge answers 403. */
public class NotPermitted extends NotParticipating {

    private static final long serialVersionUID = 1L;

    public NotPermitted(String message) {
        super(message);
    }
}
