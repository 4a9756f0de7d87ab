package eu.bus.witness;

import java.nio.file.Path;
import java.util.List;

/**
 * What an auditor requires of a log's witnessing: the witnesses it trusts (their public keys), how many distinct
 * ones must have cosigned the log's latest checkpoint, and where the cosignatures are besides the log's own
 * {@code cosignatures.log} (for example a witness's {@code cosigned.log}, which the log's operator cannot touch).
 */
public record WitnessPolicy(List<CosignerKey> witnesses, int required, List<Path> moreCosignatures) {

    public WitnessPolicy {
        witnesses = List.copyOf(witnesses);
        moreCosignatures = List.copyOf(moreCosignatures);
        if (required < 0) {
            throw new IllegalArgumentException("the number of witnesses required cannot be negative");
        }
        if (required > witnesses.stream().map(CosignerKey::name).distinct().count()) {
            throw new IllegalArgumentException(required + " witness cosignatures are required but only "
                    + witnesses.stream().map(CosignerKey::name).distinct().count() + " witness key(s) are given:"
                    + " pass each witness's key with --witness-key (its witness.vkey)");
        }
    }

    /** No witness required and none known: the log is judged by its own signatures, as before witnessing. */
    public static WitnessPolicy none() {
        return new WitnessPolicy(List.of(), 0, List.of());
    }

    public boolean any() {
        return !witnesses.isEmpty();
    }
}
