/**
 * The messages and values of Sightline: commands, events and the value types they carry.
 *
 * <p>Nothing here depends on a framework but Jackson's annotations. Every value validates
 * itself in its compact constructor and names the rule it enforces, so a bad value never
 * reaches an aggregate or the event store.
 */
package org.sightline.contracts;
