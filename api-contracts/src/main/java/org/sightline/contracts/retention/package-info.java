/**
 * How long a support session's content is kept: legal holds that suspend expiry, and the
 * expiry that destroys the session's data key (crypto-shredding). The events stay in the
 * record; only the content they carried encrypted becomes unreadable.
 */
package org.sightline.contracts.retention;
