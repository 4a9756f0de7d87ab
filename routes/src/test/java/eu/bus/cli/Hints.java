package eu.bus.cli;

import java.util.Arrays;

/** Takes the command a message suggests out of it, so that a test can follow the hint exactly as printed. */
final class Hints {

    private Hints() {
    }

    /**
     * The command in {@code message} that starts with {@code prefix} (e.g. "bus keys add"), up to the quote,
     * semicolon, parenthesis or line end that closes it; fails when the message suggests no such command.
     */
    static String command(String message, String prefix) {
        int start = message.indexOf(prefix);
        if (start < 0) {
            throw new AssertionError("no '" + prefix + "' in: " + message);
        }
        int end = start;
        while (end < message.length() && "';)\n\r".indexOf(message.charAt(end)) < 0) {
            end++;
        }
        return message.substring(start, end).strip().replaceAll(",$", "");
    }

    /** The arguments of a {@code bus ...} command line for {@link CliRun#bus} (paths without spaces). */
    static String[] args(String command) {
        String[] words = command.strip().split(" +");
        if (!words[0].equals("bus")) {
            throw new AssertionError("not a bus command: " + command);
        }
        return Arrays.copyOfRange(words, 1, words.length);
    }
}
