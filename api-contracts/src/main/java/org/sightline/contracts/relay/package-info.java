/**
 * The live screen relay's contracts: who may connect (relay tokens), what the relay records
 * (recording segments, dropped input) and how it reaches a session's data key.
 */
package org.sightline.contracts.relay;
