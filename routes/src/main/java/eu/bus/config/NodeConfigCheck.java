package eu.bus.config;

import eu.bus.exchange.BusLayout;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.KeysHint;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.keys.RegisteredNode;
import eu.bus.rest.BusApiServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a {@link NodeConfig} needs beyond its file, checked before anything starts ({@code bus node --check} does
 * only this): every node is in the PKI's registry, its own key stores open with its password, the REST API has its
 * TLS key store, and every directory exists or can be created, writable. Only the configured nodes' key stores are
 * read: a PKI copy holding no other node's private keys is enough.
 */
public final class NodeConfigCheck {

    private NodeConfigCheck() {
    }

    /**
     * Checks {@code config}; returns one line per thing checked, for the operator.
     *
     * @throws ConfigException naming the key whose value does not work, and how to fix it
     */
    public static List<String> run(NodeConfig config) {
        List<String> checked = new ArrayList<>();
        BusLayout layout = config.layout();
        Set<String> registered;
        try {
            registered = NodeRegistry.load(layout.pki()).nodes().stream().map(RegisteredNode::id)
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (RuntimeException e) {
            throw new ConfigException(config.file(), "pki", "the registry in " + layout.pki() + " cannot be read ("
                    + e.getMessage() + ")");
        }
        KeyStorePasswords passwords = config.passwords();
        for (String node : config.nodes()) {
            if (!registered.contains(node)) {
                throw new ConfigException(config.file(), "nodes", node + " is not in the registry of the PKI in " + layout.pki()
                        + " (it knows " + String.join(", ", registered) + "): correct the id, point \"pki\" at your bus's PKI,"
                        + " or enrol the node with: " + KeysHint.command("add " + node, layout.pki()));
            }
            PasswordSource source = config.secrets().get(node);
            try {
                NodeCredentials.load(layout.pki(), node, passwords);
            } catch (RuntimeException e) {
                throw new ConfigException(config.file(), source != null ? source.key() : "nodes", node
                        + "'s key stores cannot be used: " + e.getMessage());
            }
            checked.add("keys      " + node + ": signing and encryption key stores open (password from "
                    + (source != null ? source : "BUS_KEYSTORE_PASSWORD_* or keystore.password") + ")");
            for (String kind : List.of("audit", "archive", "state", "delivered", "drop")) {
                writable(config, "directories." + kind, directory(layout, kind, node));
            }
            checked.add("files     " + node + ": audit " + layout.audit(node) + ", archive " + layout.archive(node)
                    + ", state " + layout.state(node) + ", delivered " + layout.delivered(node) + ", drop " + layout.outbox(node));
        }
        ProtectedKeyStore apiKeys = ProtectedKeyStore.ofServer(layout.pki(), BusApiServer.NAME);
        if (!apiKeys.exists()) {
            throw new ConfigException(config.file(), "pki", "no TLS key store for the REST API at " + apiKeys.file()
                    + ": issue it with " + KeysHint.command("tls " + BusApiServer.NAME, layout.pki()));
        }
        requireLocalAddress(config);
        writable(config, "workdir", layout.workDir());
        checked.add("broker    tls://" + config.broker() + " (certificate checked against " + config.brokerCa() + ")");
        checked.add("REST API  https://" + config.api().host() + ":" + (config.api().port() == 0 ? "<free port>" : config.api().port())
                + (isLoopback(config.api().host()) ? "" : "  (not loopback: reachable from the network)"));
        checked.add("run file  " + layout.workDir().resolve("run.json"));
        return checked;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The API can only listen on an address of this host; found now rather than after the nodes have started. */
    private static void requireLocalAddress(NodeConfig config) {
        String host = config.api().host();
        try {
            InetAddress address = InetAddress.getByName(host);
            if (!address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new ConfigException(config.file(), "api.host", host + " is not an address of this host: give one of"
                        + " its addresses, or leave api.host out for " + BusApiServer.HOST + " (this host only)");
            }
        } catch (UnknownHostException e) {
            throw new ConfigException(config.file(), "api.host", host + " does not resolve: give an IP address of this host,"
                    + " or leave api.host out for " + BusApiServer.HOST);
        } catch (SocketException e) {
            throw new ConfigException(config.file(), "api.host", "cannot list this host's addresses (" + e.getMessage() + ")");
        }
    }

    private static Path directory(BusLayout layout, String kind, String node) {
        return switch (kind) {
            case "audit" -> layout.audit(node);
            case "archive" -> layout.archive(node);
            case "state" -> layout.state(node);
            case "delivered" -> layout.delivered(node);
            default -> layout.outbox(node);
        };
    }

    private static void writable(NodeConfig config, String key, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException(config.file(), key, "cannot create " + dir + " (" + e + "): choose a directory the"
                    + " node's user may write, or create it for that user");
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigException(config.file(), key, dir + " is not writable by this user: chmod u+w " + dir
                    + ", or choose another directory");
        }
    }
}
