package org.sightline.contracts.relay;

import java.util.Optional;
import javax.crypto.SecretKey;
import org.sightline.contracts.Lsid;

/**
 * A session's data key, for content stored outside the event store (recordings). The command
 * side keeps the keys; the relay reaches them only through this interface.
 */
public interface SessionContentKeys {

    /** The key to encrypt the session's content with, made now if it has none. */
    SecretKey keyForWriting(Lsid lsid);

    /** The key to read the session's content with; empty once its content expired. */
    Optional<SecretKey> keyForReading(Lsid lsid);
}
