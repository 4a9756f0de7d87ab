package eu.bus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Archive and log against each other: every record that says a body was archived (PROTECTED and RECEIVED, and a
 * receipt SENT) has it, unless a PURGED record of the same digest says why; every archived body has a record
 * naming its digest; and every body's bytes still hash to the name it is stored under.
 */
final class ArchiveCheck {

    private static final Pattern BODY = Pattern.compile("[0-9a-f]{64}\\.der");

    /** The first record (index and event) that names each digest as archived. */
    private final Map<String, String> named = new HashMap<>();
    private final Map<String, Long> namedAt = new HashMap<>();
    private final Set<String> mentioned = new HashSet<>();
    private final Set<String> purged = new HashSet<>();
    private int bodies;

    /** Called for every record in order. */
    void record(long index, JsonNode record) {
        String digest = Json.text(record, "digest");
        if (digest == null) {
            return;
        }
        mentioned.add(digest);
        String event = Json.text(record, "event");
        if ("PURGED".equals(event)) {
            purged.add(digest);
        } else if (archives(event, Json.text(record, "messageType"), Json.text(record, "outcome"))) {
            named.putIfAbsent(digest, event + " of message " + Json.text(record, "messageId"));
            namedAt.putIfAbsent(digest, index);
        }
    }

    private static boolean archives(String event, String messageType, String outcome) {
        return !"FAILURE".equals(outcome) && ("PROTECTED".equals(event) || "RECEIVED".equals(event)
                || "SENT".equals(event) && "DELIVERY_RECEIPT".equals(messageType));
    }

    int bodies() {
        return bodies;
    }

    void check(Path archive) throws IOException, Problem.Found {
        Set<String> held = new HashSet<>();
        try (Stream<Path> files = Files.walk(archive, 2)) {
            for (Path body : files.filter(p -> BODY.matcher(p.getFileName().toString()).matches()).sorted().toList()) {
                String digest = body.getFileName().toString().substring(0, 64);
                bodies++;
                if (!digest.equals(sha256(body))) {
                    throw new Problem.Found(Problem.Where.ARCHIVE, 0, "the body " + archive.relativize(body)
                            + " no longer hashes to its name: it was altered after it was archived");
                }
                if (!mentioned.contains(digest)) {
                    throw new Problem.Found(Problem.Where.ARCHIVE, 0, "the body " + archive.relativize(body)
                            + " has no record in the log naming its digest: it was put there afterwards, or archived"
                            + " just before a crash that kept its record from being written");
                }
                held.add(digest);
            }
        }
        for (Map.Entry<String, String> entry : named.entrySet()) {
            if (!held.contains(entry.getKey()) && !purged.contains(entry.getKey())) {
                throw new Problem.Found(Problem.Where.ARCHIVE, 0, "record " + namedAt.get(entry.getKey()) + " ("
                        + entry.getValue() + ") names the body " + entry.getKey() + ", which the archive does not hold,"
                        + " and no PURGED record says why: it was deleted outside the retention rule");
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha = Rfc6962.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
