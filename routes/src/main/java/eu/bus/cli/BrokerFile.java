package eu.bus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.broker.BrokerAddress;
import eu.bus.exchange.ProcessFile;
import eu.bus.message.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code DIR/broker.json}: written by {@code bus broker} once it listens, removed when it stops; says
 * where the broker of a work directory listens, and keeps a second broker off the same journal.
 */
public record BrokerFile(BrokerAddress address, long pid, Instant startedAt) {

    public static final String NAME = "broker.json";

    public static Path path(Path workDir) {
        return workDir.resolve(NAME);
    }

    /** Whether the process that wrote the file still runs (a killed broker leaves its file behind). */
    public boolean processAlive() {
        return ProcessFile.alive(pid);
    }

    public void write(Path workDir) {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("host", address.host()).put("port", address.port()).put("address", address.toString());
        doc.put("pid", pid);
        doc.put("startedAt", startedAt.toString());
        ProcessFile.write(path(workDir), doc);
    }

    public static Optional<BrokerFile> read(Path workDir) {
        return ProcessFile.read(path(workDir), BrokerFile::parse, "bus broker --workdir " + workDir);
    }

    private static BrokerFile parse(JsonNode doc) {
        return new BrokerFile(new BrokerAddress(doc.path("host").asText(), doc.path("port").asInt()),
                doc.path("pid").asLong(), Instant.parse(doc.path("startedAt").asText()));
    }

    public static void delete(Path workDir) {
        ProcessFile.delete(path(workDir));
    }
}
