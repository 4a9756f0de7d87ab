package eu.bus.bench;

import eu.bus.bench.hop.HopBenchmark;
import eu.bus.cli.BusCommand;
import eu.bus.cli.ExitCodes;
import eu.bus.stats.StatsCorpus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Statistics over N generated messages (issue 13): {@code bus stats} on the corpus of StatsCommandTest, scaled up,
 * best of three runs with the files in the page cache. Run with {@code bench/stats.sh}.
 */
public final class StatsBenchmark {

    static final String SECTION = "## Statistics";

    private static final String HELP = """
            Usage: bench/stats.sh [options]
            Statistics (docs/BENCHMARKS.md, "%s"): writes N generated message documents (referrals, intelligence reports,
            assistance requests and answers), then times bus stats on them (CSV out), best of 3. The last line is
            machine-readable: RESULT messages=N messages_per_s=N seconds=N

              --messages N  the generated messages (default 100000)
              --no-append   print only; do not append to docs/BENCHMARKS.md
              --doc FILE    the document to append to (default docs/BENCHMARKS.md)
            """.formatted(SECTION);

    private StatsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, HELP, "bench/stats.sh", java.util.Map.of("--messages", 100_000));
        if (options == null) {
            return;
        }
        int messages = options.number("--messages");
        boolean append = options.append();
        Path doc = options.doc();
        Path work = Files.createTempDirectory("bus-stats-bench-");
        try {
            String loadBefore = HopBenchmark.load();
            System.out.printf("writing %,d generated messages...%n", messages);
            StatsCorpus.write(work.resolve("received"), messages, 20261202L);
            long best = Long.MAX_VALUE;
            String said = "";
            for (int run = 0; run < 3; run++) {
                StringWriter err = new StringWriter();
                long start = System.nanoTime();
                int exit = ExitCodes.newCommandLine(new BusCommand()).setOut(new PrintWriter(new StringWriter()))
                        .setErr(new PrintWriter(err)).execute("stats", work.resolve("received").toString(), "--out", work.resolve("stats.csv").toString());
                long took = System.nanoTime() - start;
                if (exit != 0) {
                    throw new IllegalStateException("bus stats failed: " + err);
                }
                best = Math.min(best, took);
                said = err.toString().strip();
            }
            long rows = Files.readAllLines(work.resolve("stats.csv")).size() - 1;
            String result = String.format("RESULT messages=%d messages_per_s=%.0f seconds=%.2f", messages, messages / (best / 1e9), best / 1e9);
            String report = "### " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n\n"
                    + "- Command: `bench/stats.sh " + String.join(" ", args) + "`\n"
                    + "- Machine: " + Runtime.getRuntime().availableProcessors() + " cores (`nproc`), " + HopBenchmark.cpuModel()
                    + ", Java " + System.getProperty("java.version") + "; load before " + loadBefore + ", after " + HopBenchmark.load() + "\n"
                    + String.format("- Input: %,d generated message documents (StatsCorpus: 62%% victim referrals, 30%% intelligence"
                            + " reports naming 1 to 3 victims, assistance requests and answers; every 100th written twice); %s%n",
                    messages, said)
                    + String.format("- `bus stats` (read, count, suppress, write %,d CSV values), best of 3, one thread: **%.2f s**,"
                            + " **%.0f messages/s**%n", rows, best / 1e9, messages / (best / 1e9))
                    + "- `" + result + "`\n\n";
            System.out.print(report);
            if (append) {
                HopBenchmark.appendToDoc(doc, SECTION, report);
                System.out.println("appended to " + doc);
            }
            System.out.println(result);
        } finally {
            HopBenchmark.delete(work);
        }
    }
}
