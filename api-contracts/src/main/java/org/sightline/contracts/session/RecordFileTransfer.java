package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/**
 * A file went to or from the customer's machine, moved by a rep granted file transfer.
 *
 * @param size in bytes, zero or more
 * @param sha256 the file's SHA-256 digest in lowercase hexadecimal
 */
public record RecordFileTransfer(
        Lsid lsid,
        RepId rep,
        TransferDirection direction,
        String fileName,
        long size,
        String sha256) implements LsidCommand {

    public RecordFileTransfer {
        Require.present(lsid, "lsid");
        Require.present(rep, "rep");
        Require.present(direction, "direction");
        Require.name(fileName, "fileName");
        if (size < 0) {
            throw new IllegalArgumentException("size is a number of bytes, zero or more");
        }
        Require.sha256(sha256, "sha256");
    }
}
