package eu.bus.witness;

/**
 * The way to one witness: sends an add-checkpoint request and returns its answer. The request and the answer are
 * self-authenticating (the log's signature, the witness's cosignature), so any channel will do.
 */
public interface WitnessClient {

    /** The witness's public key: cosignatures that do not verify with it are not kept. */
    CosignerKey key();

    /** @throws WitnessUnreachableException when no answer came (tried again at the next round) */
    WitnessResponse addCheckpoint(byte[] request) throws WitnessUnreachableException;
}
