/**
 * Field encryption: the one place where sensitive event content is encrypted on its way into
 * the event store and decrypted on its way out, so aggregates, handlers and read models see
 * plain values. Each session has its own AES-256 data key, wrapped by the site's master key;
 * destroying a session's data key makes its content unreadable for good (crypto-shredding)
 * while the events, and so the hash chain, stay exactly as stored.
 */
package org.sightline.command.encryption;
