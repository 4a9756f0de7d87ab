package eu.bus.exchange;

/**
 * The keys one copy of a message was protected with, by SHA-256 certificate fingerprint: the sender's signing
 * certificate and the recipient's encryption certificate. A copy protected with a key that has been replaced since
 * (a rotation, above all after a revocation) may never be opened, verified or receipted: the outbox protects it
 * again with the keys of the moment.
 *
 * @param signedWith   the sender's signing certificate, or {@link #KEYS_CHANGED_WHILE_PROTECTED}
 * @param encryptedFor the recipient's encryption certificate, or {@link #UNKNOWN} (an entry written before this was kept)
 */
record CopyKeys(String signedWith, String encryptedFor) {

    static final String UNKNOWN = "";
    /** The signer recorded for a copy protected while the node's keys changed: the protector may have used either. */
    static final String KEYS_CHANGED_WHILE_PROTECTED = "keys changed while it was protected";

    /** Whether a key of this copy differs from the keys {@code now}; an unknown recipient key counts as kept. */
    boolean replacedBy(CopyKeys now) {
        return !signedWith.equals(now.signedWith)
                || !encryptedFor.equals(UNKNOWN) && !now.encryptedFor.equals(UNKNOWN) && !encryptedFor.equals(now.encryptedFor);
    }

    /** The same recipient key; the signer marked as changed during the protection. */
    CopyKeys signerChanged() {
        return new CopyKeys(KEYS_CHANGED_WHILE_PROTECTED, encryptedFor);
    }
}
