package eu.bus.witness;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The checkpoints of one log that trusted witnesses cosigned, by tree size: for each size, every root they
 * cosigned (more than one is a fork) and who cosigned it when. Only cosignatures that verify with a trusted
 * witness key count; the others are ignored, as signed notes require.
 */
public final class WitnessedCheckpoints {

    /** One root cosigned at one size, with each witness's earliest cosignature time. */
    public record Witnessed(long size, byte[] root, Map<String, Instant> witnesses) {

        public Instant earliest() {
            return witnesses.values().stream().min(Instant::compareTo).orElseThrow();
        }

        public String describe() {
            List<String> who = new ArrayList<>();
            witnesses.forEach((name, time) -> who.add(name + " at " + time));
            return String.join(" and ", who) + " cosigned size " + size + " with root " + Base64.getEncoder().encodeToString(root);
        }
    }

    private final TreeMap<Long, List<Witnessed>> bySize = new TreeMap<>();

    private WitnessedCheckpoints() {
    }

    /** No cosigned checkpoint: no witness is trusted, or the log has no checkpoint to look them up by. */
    public static WitnessedCheckpoints none() {
        return new WitnessedCheckpoints();
    }

    /** The verified cosignatures for {@code origin} found in {@code files}. */
    public static WitnessedCheckpoints read(String origin, List<CosignerKey> trusted, List<Path> files) {
        WitnessedCheckpoints out = new WitnessedCheckpoints();
        for (Path file : files) {
            for (Cosignatures.Cosigned c : Cosignatures.read(file)) {
                if (!c.checkpoint().origin().equals(origin)) {
                    continue;
                }
                for (CosignerKey key : trusted) {
                    Optional<Instant> time = key.verify(c.cosignature(), c.checkpoint().text());
                    time.ifPresent(t -> out.add(c.checkpoint(), key.name(), t));
                }
            }
        }
        return out;
    }

    private void add(CheckpointNote checkpoint, String witness, Instant time) {
        List<Witnessed> roots = bySize.computeIfAbsent(checkpoint.size(), s -> new ArrayList<>());
        for (Witnessed w : roots) {
            if (java.util.Arrays.equals(w.root(), checkpoint.rootHash())) {
                w.witnesses().merge(witness, time, (a, b) -> a.isBefore(b) ? a : b);
                return;
            }
        }
        Map<String, Instant> who = new LinkedHashMap<>();
        who.put(witness, time);
        roots.add(new Witnessed(checkpoint.size(), checkpoint.rootHash(), who));
    }

    /** The roots cosigned at {@code size} (empty: none; more than one: the log forked). */
    public List<Witnessed> at(long size) {
        return bySize.getOrDefault(size, List.of());
    }

    /**
     * The earliest time a trusted witness cosigned this size or a larger one: the records up to {@code size} were
     * fixed by then, as the larger checkpoint is consistent with them (the verifier checks each root it reaches).
     */
    public Optional<Instant> earliestCovering(long size) {
        return bySize.tailMap(size, true).values().stream().flatMap(List::stream).map(Witnessed::earliest)
                .min(Instant::compareTo);
    }

    /** The largest size any trusted witness cosigned, or -1. */
    public long largestSize() {
        return bySize.isEmpty() ? -1 : bySize.lastKey();
    }

    public boolean isEmpty() {
        return bySize.isEmpty();
    }
}
