package org.sightline.command.encryption;

import java.time.Instant;
import javax.crypto.SecretKey;
import org.sightline.contracts.Lsid;

/** Where {@link FieldEncryption} finds each session's data key. */
public interface SessionKeys {

    /** The key to encrypt {@code lsid}'s content with, made now if the session has none. */
    SecretKey forWriting(Lsid lsid);

    /** The key to read {@code lsid}'s content with, or why there is none; never makes one. */
    Lookup find(Lsid lsid);

    /** A session's key, or why there is none. */
    sealed interface Lookup permits Found, Destroyed, Absent, Withheld {
    }

    record Found(SecretKey key) implements Lookup {
    }

    /** The key was destroyed: the session's content expired. */
    record Destroyed(Instant at) implements Lookup {
    }

    /** No key was ever made: the session recorded no sensitive content. */
    record Absent() implements Lookup {
    }

    /** The key exists, but this reader was not given the master key that unwraps it. */
    record Withheld() implements Lookup {
    }

    /** Keys that only read, each session's lookup given (an offline bundle, say). */
    static SessionKeys readOnly(java.util.function.Function<Lsid, Lookup> lookups) {
        return new SessionKeys() {
            @Override
            public SecretKey forWriting(Lsid lsid) {
                throw new IllegalStateException("these session keys only read");
            }

            @Override
            public Lookup find(Lsid lsid) {
                return lookups.apply(lsid);
            }
        };
    }
}
