package eu.bus.witness;

import eu.bus.audit.MerkleProofs;
import eu.bus.keys.NodeTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A witness (c2sp.org/tlog-witness): cosigns a log's checkpoint only if the log signed it with a key it trusts
 * for that origin now and it is consistent with the last checkpoint the witness cosigned for that log (an RFC 6962
 * consistency proof from that size). A log that rewrote its history cannot get the rewritten checkpoints cosigned:
 * the proof from what the witness saw fails, and the witness keeps the refused request as evidence. The check
 * and the update of the witness's record are one step per witness, so two requests cannot roll it back.
 */
public final class Witness {

    private final Cosigner cosigner;
    private final LogKeys logs;
    private final WitnessState state;
    private final Clock clock;

    public Witness(Cosigner cosigner, LogKeys logs, WitnessState state, Clock clock) {
        this.cosigner = cosigner;
        this.logs = logs;
        this.state = state;
        this.clock = clock;
    }

    /**
     * Node {@code node}'s witness in the bus PKI at {@code pkiDir}: its key (made and published on first use), the
     * registered nodes' logs as the ones it follows, and what it cosigned kept in {@code stateDirectory}.
     */
    public static Witness ofNode(Path pkiDir, String node, NodeTrust trust, Path stateDirectory, Clock clock) {
        return new Witness(WitnessKeys.cosignerOf(pkiDir, node), new RegisteredLogKeys(trust, clock), new WitnessState(stateDirectory), clock);
    }

    /** This witness asked directly in the same process (tools, tests, benchmarks); the bus's nodes ask over the broker. */
    public WitnessClient inProcess() {
        return new WitnessClient() {
            @Override
            public CosignerKey key() {
                return Witness.this.key();
            }

            @Override
            public WitnessResponse addCheckpoint(byte[] request) {
                return Witness.this.addCheckpoint(request);
            }
        };
    }

    public CosignerKey key() {
        return cosigner.publicKey();
    }

    public WitnessState state() {
        return state;
    }

    /** Answers one add-checkpoint request; never throws for what the request holds. */
    public synchronized WitnessResponse addCheckpoint(byte[] body) {
        WitnessRequest request;
        CheckpointNote checkpoint;
        try {
            request = WitnessRequest.parse(body);
            checkpoint = CheckpointNote.parse(request.checkpoint().text());
        } catch (MalformedNoteException e) {
            return new WitnessResponse(WitnessResponse.BAD_REQUEST, e.getMessage() + "\n");
        }
        if (CheckpointNote.nodeOf(checkpoint.origin()).filter(cosigner.publicKey().name()::equals).isPresent()) {
            return new WitnessResponse(WitnessResponse.FORBIDDEN, "a witness does not cosign its own node's log\n");
        }
        List<LogKeys.LogKey> keys = logs.keysOf(checkpoint.origin());
        if (keys.isEmpty()) {
            return new WitnessResponse(WitnessResponse.NOT_FOUND, "this witness does not follow the log "
                    + checkpoint.origin() + ", or none of its keys is valid now\n");
        }
        String signed = signedBy(request.checkpoint(), keys);
        if (signed != null) {
            return new WitnessResponse(WitnessResponse.FORBIDDEN, signed + "\n");
        }
        if (request.oldSize() > checkpoint.size()) {
            return new WitnessResponse(WitnessResponse.BAD_REQUEST, "the old size " + request.oldSize()
                    + " is above the checkpoint's size " + checkpoint.size() + "\n");
        }
        Optional<CheckpointNote> latest = state.latest(checkpoint.origin()).map(n -> CheckpointNote.parse(n.text()));
        long known = latest.map(CheckpointNote::size).orElse(0L);
        if (request.oldSize() != known) {
            return WitnessResponse.sizeConflict(known);
        }
        try {
            String inconsistent = inconsistency(request, checkpoint, latest);
            if (inconsistent != null) {
                state.recordRefused(checkpoint.origin(), inconsistent, body);
                int status = request.oldSize() == checkpoint.size() ? WitnessResponse.CONFLICT : WitnessResponse.UNPROCESSABLE;
                return new WitnessResponse(status, inconsistent + "\n");
            }
            NoteSignature cosignature = cosigner.cosign(checkpoint, clock.instant());
            state.recordCosigned(checkpoint.origin(), new SignedNote(checkpoint.text(), List.of(cosignature)));
            return WitnessResponse.cosigned(cosignature);
        } catch (IOException e) {
            throw new UncheckedIOException("the witness cannot record what it cosigns: " + e.getMessage(), e);
        }
    }

    /** Null when a trusted key's signature verifies and none fails; else why the checkpoint is refused. */
    private static String signedBy(SignedNote note, List<LogKeys.LogKey> keys) {
        boolean verified = false;
        for (NoteSignature signature : note.signatures()) {
            for (LogKeys.LogKey key : keys) {
                if (signature.keyName().equals(key.name()) && signature.keyId() == LogNoteSignature.keyId(key.key())) {
                    if (!LogNoteSignature.verifies(signature, key.name(), key.key(), note.text())) {
                        return "the signature of key " + key.name() + " does not verify over the checkpoint";
                    }
                    verified = true;
                }
            }
        }
        return verified ? null : "the checkpoint carries no signature of a key this witness trusts for its log";
    }

    /** Null when the checkpoint extends what was cosigned; else why not, naming both roots. */
    private static String inconsistency(WitnessRequest request, CheckpointNote checkpoint, Optional<CheckpointNote> latest) {
        if (latest.isEmpty()) {
            return request.proof().isEmpty() ? null : "a first checkpoint comes with no consistency proof";
        }
        CheckpointNote seen = latest.get();
        if (seen.size() == checkpoint.size()) {
            return Arrays.equals(seen.rootHash(), checkpoint.rootHash()) ? null : fork(seen, checkpoint, "has another root");
        }
        return MerkleProofs.verifyConsistency(seen.size(), checkpoint.size(), seen.rootHash(), checkpoint.rootHash(), request.proof())
                ? null : fork(seen, checkpoint, "is not consistent with it (the consistency proof fails)");
    }

    private static String fork(CheckpointNote seen, CheckpointNote offered, String what) {
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        return "the checkpoint of " + offered.origin() + " at size " + offered.size() + " (root "
                + base64.encodeToString(offered.rootHash()) + ") " + what + ": this witness cosigned size " + seen.size()
                + " with root " + base64.encodeToString(seen.rootHash());
    }
}
