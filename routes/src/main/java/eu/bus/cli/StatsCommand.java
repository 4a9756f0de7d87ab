package eu.bus.cli;

import eu.bus.audit.RecordReader;
import eu.bus.stats.StatsInput;
import eu.bus.stats.StatsReport;
import eu.bus.stats.Suppression;
import eu.bus.stats.Tally;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Counts for national rapporteurs and EU-wide collections, from the pseudonymous fields of bus "
                + "messages only (victim pseudonym, gender, age band, nationality, form of exploitation; case ids, referring "
                + "country, request and response times): never a name, never free text.",
                "Victims by gender and age band, by form of exploitation and year, by nationality and year; cases, victim "
                        + "referrals and assistance requests by year; how long requests took to be answered. Each victim is "
                        + "counted once (by pseudonym), each message once (by id).",
                "Counts from 1 to THRESHOLD-1 show as <THRESHOLD; further counts are hidden (x) where a small one could "
                        + "otherwise be worked out from the totals (complementary suppression, docs/STATISTICS.md).",
                "Reads message documents (header and payload) from files or directories: what a case system received, or"
                        + " what bus audit replay --to-dir wrote."},
        footer = {"", "Examples:",
                "  bus stats case-system/received/ --format csv --out thb-2026.csv",
                "  bus audit replay --logs bus-data/nodes/NL-NMT/audit --pki bus-data/pki --ca bus-data/pki/ca.pem \\",
                "      --to-dir replayed/ --purpose \"national rapporteur 2026\" && bus stats replayed/ --format json",
                "  bus stats received/ --threshold 10"})
final class StatsCommand implements Callable<Integer> {

    /** A bar from this many files on. */
    private static final long PROGRESS_FROM_FILES = 5_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Message files, or directories searched for *.json.")
    List<Path> paths;

    @Option(names = "--threshold", paramLabel = "N", defaultValue = "" + Suppression.DEFAULT_THRESHOLD,
            description = "Counts below N are hidden (default: ${DEFAULT-VALUE}).")
    int threshold;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "csv (table,row,column,value per line) or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.")
    Path out;

    @Override
    public Integer call() {
        if (!format.equals("csv") && !format.equals("json")) {
            return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, "--format " + format + ": give csv or json");
        }
        Suppression suppression;
        List<Path> files;
        try {
            suppression = new Suppression(threshold);
            files = StatsInput.files(paths);
        } catch (IllegalArgumentException e) {
            return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, e.getMessage());
        }
        Tally tally = new Tally();
        StatsInput input = new StatsInput();
        RecordReader.Progress bar = ProgressBar.on(spec.commandLine().getErr(), "counting", PROGRESS_FROM_FILES);
        try {
            input.read(files, tally, bar::bytesRead);
        } catch (UncheckedIOException e) {
            return ExitCodes.fail(spec, ExitCodes.INTERNAL, e.getMessage());
        }
        if (tally.messages() == 0) {
            return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, "no bus message in " + paths + " (" + input.filesRead()
                    + " file(s) read, none with a header and payload): give the directory a case system receives messages in,"
                    + " or one bus audit replay --to-dir wrote");
        }
        StatsReport report = StatsReport.of(tally, suppression);
        try (PrintWriter writer = writer()) {
            if (format.equals("json")) {
                report.writeJson(writer);
            } else {
                report.writeCsv(writer);
            }
        }
        spec.commandLine().getErr().println("bus stats: " + tally.messages() + " message(s) counted from " + input.filesRead()
                + " file(s)" + (input.duplicates() == 0 ? "" : "; " + input.duplicates() + " copies of messages already counted")
                + (input.skipped() == 0 ? "" : "; " + input.skipped() + " file(s) not bus messages, left out")
                + (out == null ? "" : "; written to " + out));
        return ExitCodes.OK;
    }

    private PrintWriter writer() {
        if (out == null) {
            return new PrintWriter(spec.commandLine().getOut()) {
                @Override
                public void close() {
                    flush(); // standard output stays open
                }
            };
        }
        try {
            return new PrintWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
