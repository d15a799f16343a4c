/**
 * The live screen relay: WebSockets on the one port carry screen frames from the customer
 * (publisher) to the participating reps (viewers), and input back only from the rep who holds
 * control. Slow viewers skip to the next key frame; every screen frame is recorded, encrypted
 * with the session's data key. The protocol is in docs/relay-protocol.md.
 */
package org.sightline.relay;
