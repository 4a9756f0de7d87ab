package eu.bus.verify;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The checkpoints of one log that trusted witnesses cosigned, read from files of framed C2SP signed notes (a node's
 * {@code cosignatures.log}, a witness's {@code cosigned.log}): per tree size, each root cosigned and who cosigned it
 * when. Lines of keys the auditor does not trust, or that do not verify, are ignored, as signed notes require.
 */
final class Witnessed {

    /** One root at one size, with each trusted witness's earliest cosignature. */
    record Root(long size, String rootBase64, Map<String, Instant> witnesses) {
        String describe() {
            List<String> who = new ArrayList<>();
            witnesses.forEach((name, time) -> who.add(name + " at " + time));
            return String.join(" and ", who) + " cosigned size " + size + " with root " + rootBase64;
        }
    }

    private final TreeMap<Long, List<Root>> bySize = new TreeMap<>();

    static Witnessed read(String origin, List<WitnessKey> trusted, List<Path> files) throws IOException {
        Witnessed out = new Witnessed();
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            for (byte[] frame : Frames.read(file).payloads()) {
                out.add(origin, trusted, frame);
            }
        }
        return out;
    }

    private void add(String origin, List<WitnessKey> trusted, byte[] frame) {
        String note;
        try {
            note = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(frame)).toString();
        } catch (CharacterCodingException e) {
            return;
        }
        int blank = note.lastIndexOf("\n\n");
        if (blank < 0) {
            return;
        }
        String text = note.substring(0, blank + 1);
        String[] lines = text.split("\n");
        if (lines.length < 3 || !lines[0].equals(origin) || !lines[1].matches("0|[1-9][0-9]{0,18}")) {
            return;
        }
        long size = Long.parseLong(lines[1]);
        for (String line : note.substring(blank + 2).split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length != 3 || !parts[0].equals("\u2014")) {
                continue;
            }
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(parts[2]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (WitnessKey key : trusted) {
                Optional<Instant> time = key.cosigned(parts[1], signature, text);
                time.ifPresent(t -> witness(size, lines[2], key.name(), t));
            }
        }
    }

    private void witness(long size, String root, String witness, Instant time) {
        List<Root> roots = bySize.computeIfAbsent(size, s -> new ArrayList<>());
        for (Root r : roots) {
            if (r.rootBase64().equals(root)) {
                r.witnesses().merge(witness, time, (a, b) -> a.isBefore(b) ? a : b);
                return;
            }
        }
        Map<String, Instant> who = new LinkedHashMap<>();
        who.put(witness, time);
        roots.add(new Root(size, root, who));
    }

    List<Root> at(long size) {
        return bySize.getOrDefault(size, List.of());
    }

    long largestSize() {
        return bySize.isEmpty() ? -1 : bySize.lastKey();
    }

    /** The earliest cosignature of this size or a larger one: the records up to {@code size} were fixed by then. */
    Optional<Instant> earliestCovering(long size) {
        return bySize.tailMap(size, true).values().stream().flatMap(List::stream)
                .flatMap(r -> r.witnesses().values().stream()).min(Instant::compareTo);
    }

    /** The witnesses that cosigned exactly this size and root. */
    Map<String, Instant> of(long size, String rootBase64) {
        return at(size).stream().filter(r -> r.rootBase64().equals(rootBase64)).findFirst().map(Root::witnesses).orElse(Map.of());
    }
}
