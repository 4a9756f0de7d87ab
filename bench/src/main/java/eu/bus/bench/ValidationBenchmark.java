package eu.bus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.message.Json;
import eu.bus.validation.MessageValidator;
import eu.bus.validation.ValidationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validations per second of a ~4 KiB intelligence report, on one thread: bytes in, report out
 * (UTF-8 check, parse, envelope + header schema, payload schema, header model).
 * Run: {@code ./bench.sh Validation}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ValidationBenchmark {

    private MessageValidator validator;
    private byte[] report4k;

    @Setup
    public void setUp() {
        validator = new MessageValidator();
        report4k = SampleMessages.intelligenceReport(4096).getBytes(StandardCharsets.UTF_8);
        ValidationReport check = validator.validate(report4k);
        if (!check.valid()) {
            throw new IllegalStateException("benchmark input is invalid: " + check.errors());
        }
    }

    /** Parsing alone, to show what share of a validation the schemas take. */
    @Benchmark
    public JsonNode parseOnly4KiB() throws IOException {
        return Json.mapper().readTree(report4k);
    }

    @Benchmark
    public ValidationReport validateIntelligenceReport4KiB() {
        return validator.validate(report4k);
    }
}
