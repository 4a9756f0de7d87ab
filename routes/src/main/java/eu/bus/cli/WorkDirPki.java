package eu.bus.cli;

import eu.bus.exchange.BusLayout;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeysHint;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.RegisteredNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The PKI of a work directory ({@code DIR/pki}) as {@code bus run} and {@code bus broker} need it. */
final class WorkDirPki {

    private WorkDirPki() {
    }

    /** Creates a dev PKI for {@code nodes} unless {@code DIR/pki} exists (the work directory must); true when it created one. */
    static boolean createIfMissing(BusLayout layout, List<String> nodes) throws java.io.IOException {
        if (Files.exists(layout.pki())) {
            return false;
        }
        DevPki.init(layout.pki(), nodes);
        return true;
    }

    /** Refuses nodes the PKI has no keys for, saying how to issue them. */
    static void requireKeysFor(BusLayout layout, List<String> nodes) {
        Set<String> known = NodeRegistry.load(layout.pki()).nodes().stream().map(RegisteredNode::id).collect(Collectors.toSet());
        List<String> missing = nodes.stream().filter(n -> !known.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the PKI in " + layout.pki() + " has no keys for " + String.join(", ", missing)
                    + " (it knows " + known.stream().sorted().collect(Collectors.joining(", ")) + "); leave them out of --nodes"
                    + " or enrol " + (missing.size() == 1 ? "it" : "each") + " with: "
                    + KeysHint.command("add " + missing.get(0), layout.pki()));
        }
    }
}
