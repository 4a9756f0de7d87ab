package eu.bus.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options every benchmark script takes ({@code --help}, {@code --no-append}, {@code --doc FILE}) and its own
 * whole-number options ({@code --messages N}, ...), parsed once for all of them.
 *
 * @param numbers each numeric option's value (its default when not given)
 * @param append  whether to append the result to {@code doc}
 */
public record BenchArgs(Map<String, Integer> numbers, boolean append, Path doc) {

    /** The value of a numeric option, e.g. {@code "--messages"}. */
    public int number(String option) {
        Integer value = numbers.get(option);
        if (value == null) {
            throw new IllegalArgumentException("no option " + option);
        }
        return value;
    }

    /**
     * Parses {@code args}; prints {@code help} and returns null for {@code --help}; exits 2 naming {@code script} on an
     * unknown option or a value that is not a whole number.
     *
     * @param defaults each numeric option and its default, e.g. {@code Map.of("--messages", 10_000)}
     */
    public static BenchArgs parse(String[] args, String help, String script, Map<String, Integer> defaults) {
        Map<String, Integer> numbers = new LinkedHashMap<>(defaults);
        boolean append = true;
        Path doc = Path.of("docs/BENCHMARKS.md");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            try {
                if (option.equals("--help") || option.equals("-h")) {
                    System.out.print(help);
                    return null;
                } else if (option.equals("--no-append")) {
                    append = false;
                } else if (option.equals("--doc")) {
                    doc = Path.of(args[++i]);
                } else if (numbers.containsKey(option)) {
                    numbers.put(option, Integer.parseInt(args[++i]));
                } else {
                    return fail("unknown option " + option, script);
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                return fail(option + " takes a whole number", script);
            }
        }
        return new BenchArgs(Map.copyOf(numbers), append, doc);
    }

    private static BenchArgs fail(String why, String script) {
        System.err.println(why + "; see " + script + " --help");
        System.exit(2);
        return null;
    }
}
