package eu.bus.witness;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The text of a transparency-log checkpoint (c2sp.org/tlog-checkpoint): the log's origin, its tree size and the
 * RFC 6962 root hash of its records at that size, each on its own line, and any extension lines.
 */
public record CheckpointNote(String origin, long size, byte[] rootHash, List<String> extensions) {

    /** The origin line of a node's audit log: one log per node, named after it. */
    public static String originOf(String node) {
        return ORIGIN_PREFIX + node;
    }

    /** The node whose audit log an origin names, if it names one. */
    public static java.util.Optional<String> nodeOf(String origin) {
        return origin.startsWith(ORIGIN_PREFIX) ? java.util.Optional.of(origin.substring(ORIGIN_PREFIX.length()))
                : java.util.Optional.empty();
    }

    private static final String ORIGIN_PREFIX = "bus/audit/";

    public CheckpointNote {
        if (origin.isEmpty() || origin.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '+')) {
            throw new MalformedNoteException("the origin '" + origin + "' is empty or holds a space or a '+'");
        }
        if (size < 0) {
            throw new MalformedNoteException("the tree size is negative");
        }
        if (rootHash.length != 32) {
            throw new MalformedNoteException("the root hash has " + rootHash.length + " bytes, not 32 (SHA-256)");
        }
        extensions = List.copyOf(extensions);
        if (extensions.stream().anyMatch(String::isEmpty)) {
            throw new MalformedNoteException("an extension line is empty");
        }
    }

    public CheckpointNote(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    public String text() {
        StringBuilder out = new StringBuilder().append(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        extensions.forEach(e -> out.append(e).append('\n'));
        return out.toString();
    }

    public static CheckpointNote parse(String text) {
        if (!text.endsWith("\n")) {
            throw new MalformedNoteException("a checkpoint's text must end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new MalformedNoteException("a checkpoint has at least three lines (origin, tree size, root hash); this has " + lines.length);
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new MalformedNoteException("the tree size '" + lines[1] + "' is not a decimal without leading zeroes");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("the root hash '" + lines[2] + "' is not base64");
        }
        return new CheckpointNote(lines[0], Long.parseLong(lines[1]), root, Arrays.asList(lines).subList(3, lines.length));
    }

    /** Same origin, size, root and extensions. */
    public boolean sameAs(CheckpointNote other) {
        return text().equals(other.text());
    }
}
