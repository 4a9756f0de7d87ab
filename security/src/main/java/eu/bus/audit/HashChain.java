package eu.bus.audit;

import java.util.Arrays;

/**
 * The rules a record must follow to extend the log: its sequence is its position, its previous
 * hash is the leaf hash of the record before, and it comes from the log's node. Shared by the
 * writer's recovery and the verifier so both judge a log the same way.
 */
public final class HashChain {

    private long size;
    private byte[] lastHash;
    private String lastHashHex = AuditRecord.GENESIS;
    private String node;

    public HashChain(String node) {
        this.node = node;
    }

    /**
     * Checks the record at the next position and returns its leaf hash.
     *
     * @throws AuditChainBrokenException naming the record when it does not follow
     */
    public byte[] accept(byte[] data, int offset, int length) {
        long index = size;
        ChainFields record;
        try {
            record = ChainFields.read(data, offset, length);
        } catch (IllegalArgumentException e) {
            throw new AuditChainBrokenException(index, "record " + index + " is not a well-formed audit record: "
                    + e.getMessage());
        }
        if (record.sequence() != index) {
            throw new AuditChainBrokenException(index, "record " + index + " has sequence number " + record.sequence()
                    + " (records removed, inserted or reordered before it)");
        }
        if (!record.previousHash().equals(lastHashHex)) {
            throw new AuditChainBrokenException(index, "record " + index + " does not chain to record " + (index - 1)
                    + ": its previous hash differs (one of the two was altered)");
        }
        if (node == null) {
            node = record.node();
        } else if (!node.equals(record.node())) {
            throw new AuditChainBrokenException(index, "record " + index + " names node " + record.node()
                    + " but this log belongs to " + node);
        }
        lastHash = Sha256.leafHash(data, offset, length);
        lastHashHex = Sha256.toHex(lastHash);
        size++;
        return lastHash;
    }

    /** Records a record the writer itself just sealed, so its bytes need no re-reading. */
    void extend(byte[] leafHash) {
        lastHash = leafHash;
        lastHashHex = Sha256.toHex(leafHash);
        size++;
    }

    public long size() {
        return size;
    }

    /** The log's node: configured, or learnt from record 0; null for an empty log read without one. */
    public String node() {
        return node;
    }

    public String lastHashHex() {
        return lastHashHex;
    }

    public byte[] lastHash() {
        return lastHash == null ? null : Arrays.copyOf(lastHash, lastHash.length);
    }
}
