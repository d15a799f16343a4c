package org.sightline.projections.sessionlog;

/**
 * What a session log shows of one event: who did it and a sentence saying what happened.
 *
 * @param actor such as {@code rep alice}, {@code customer Carol} or {@code system}
 */
public record LogLine(String actor, String text) {
}
