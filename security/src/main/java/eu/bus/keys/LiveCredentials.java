package eu.bus.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A node's own credentials in a running process, following its key stores, the registry and the CRL, so that
 * {@code bus keys rotate} and {@code bus keys revoke} take effect without a restart. Readers take
 * {@link #current()} per use: one volatile read of an immutable {@link Snapshot}, no lock. {@link #refresh()}
 * (called by a watcher ten times a second) compares the files' times, sizes and identities and only then
 * reloads the key stores and checks the node's own certificates against the CRL and the registry (and once in
 * {@link #RECHECK} anyway, for expiry).
 * <p>
 * A key store that cannot be loaded (a rotation half written, a registry not yet updated) leaves the snapshot as
 * it was; it is tried again at the next change. The encryption keys rotations replaced are loaded with the current
 * ones ({@link RetiredKeys}), so what was encrypted to an old certificate still opens, after a restart too.
 */
public final class LiveCredentials {

    /** Whether the node may sign and send with its keys. */
    public enum Status {
        /** Trusted by the CA and CRL, and the certificates the registry pins. */
        VALID,
        /** A certificate of the node is on the CRL. */
        REVOKED,
        /** Expired, not yet valid, no longer registered, or the key stores cannot be read. */
        INVALID
    }

    /**
     * What the node holds at one moment, swapped as a whole.
     *
     * @param problem  why the keys are not {@link Status#VALID}, with the remedy (null when valid)
     */
    public record Snapshot(NodeCredentials current, Status status, String problem) {
        public boolean usable() {
            return status == Status.VALID;
        }
    }

    /** Expiry is a matter of time, not of files: the certificates are checked again this often. */
    static final Duration RECHECK = Duration.ofSeconds(30);
    /** How long key files that do not load together are taken for a rotation still being written. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final String node;
    private final Path pkiDir;
    private final NodeTrust trust;
    private final KeyStorePasswords passwords;
    private final Clock clock;
    private final List<Path> watched;
    private volatile Snapshot snapshot;
    private List<Object> seen;
    private Instant checkedAt;
    private Instant unloadableSince;

    private LiveCredentials(String node, Path pkiDir, NodeTrust trust, KeyStorePasswords passwords, Clock clock,
                            Snapshot first) {
        this.node = node;
        this.pkiDir = pkiDir;
        this.trust = trust;
        this.passwords = passwords;
        this.clock = clock;
        this.snapshot = first;
        this.watched = pkiDir == null ? List.of() : watchedFiles(new PkiLayout(pkiDir), node);
    }

    /** Credentials that never change (tools, benchmarks, tests of one key). */
    public static LiveCredentials fixed(NodeCredentials credentials) {
        return new LiveCredentials(credentials.nodeId(), null, null, null, Clock.systemUTC(),
                new Snapshot(credentials, Status.VALID, null));
    }

    /** Loads the node's keys now (a failure is the caller's to report, as at start) and follows them from then on. */
    public static LiveCredentials follow(Path pkiDir, String node, NodeTrust trust, Clock clock) {
        return follow(pkiDir, node, trust, KeyStorePasswords.fromEnvironment(), clock);
    }

    public static LiveCredentials follow(Path pkiDir, String node, NodeTrust trust, KeyStorePasswords passwords, Clock clock) {
        List<Path> files = watchedFiles(new PkiLayout(pkiDir), node);
        List<Object> seen = stamps(files);
        NodeCredentials loaded = NodeCredentials.load(pkiDir, node, passwords);
        LiveCredentials live = new LiveCredentials(node, pkiDir, Objects.requireNonNull(trust, "trust"), passwords, clock,
                null);
        live.snapshot = live.judge(loaded);
        live.seen = seen;
        live.checkedAt = clock.instant();
        return live;
    }

    public String nodeId() {
        return node;
    }

    /** The keys to use now; they may be unusable ({@link #requireUsable()} says). */
    public NodeCredentials current() {
        return snapshot.current();
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The current credentials if the node may sign and send with them; otherwise why not and what to do. */
    public NodeCredentials requireUsable() {
        Snapshot now = snapshot;
        if (!now.usable()) {
            throw new NodeKeysUnusableException(node, now.status(), now.problem());
        }
        return now.current();
    }

    /**
     * Looks at the files and swaps the snapshot if the keys or their standing changed; returns the new snapshot,
     * or null when nothing changed. Cheap when nothing did: a few file stats.
     */
    public synchronized Snapshot refresh() {
        if (pkiDir == null) {
            return null;
        }
        List<Object> stamps = stamps(watched);
        Instant now = clock.instant();
        boolean filesChanged = !stamps.equals(seen);
        if (!filesChanged && now.isBefore(checkedAt.plus(RECHECK))) {
            return null;
        }
        // Opening the key stores costs tens of milliseconds (PBKDF2): only when they or the registry changed, not the CRL.
        boolean keysChanged = !stamps.subList(0, KEY_FILES).equals(seen.subList(0, KEY_FILES));
        Snapshot before = snapshot;
        NodeCredentials keys = before.current();
        if (keysChanged) {
            try {
                NodeCredentials loaded = NodeCredentials.load(pkiDir, node, passwords);
                if (!sameKeys(loaded, keys)) {
                    keys = loaded;
                }
                unloadableSince = null;
            } catch (RuntimeException unloadable) {
                // Half-way through a rotation (key stores newer than the registry, the CRL not yet written): judging
                // now would call the node's keys superseded for a moment. Look again at the next call, for a while;
                // a key store that stays unreadable leaves the keys in memory, judged like any others.
                if (unloadableSince == null) {
                    unloadableSince = now;
                }
                if (now.isBefore(unloadableSince.plus(SETTLE))) {
                    return null;
                }
                unloadableSince = null;
            }
        }
        seen = stamps;
        checkedAt = now;
        Snapshot after = judge(keys);
        if (after.current() == before.current() && after.status() == before.status()
                && Objects.equals(after.problem(), before.problem())) {
            return null;
        }
        snapshot = after;
        return after;
    }

    /** The standing of the node's own certificates now: what {@link NodeTrust} would say to a recipient. */
    private Snapshot judge(NodeCredentials keys) {
        Instant now = clock.instant();
        for (KeyPurpose purpose : KeyPurpose.values()) {
            X509Certificate certificate = purpose == KeyPurpose.SIGNING ? keys.signingCertificate() : keys.encryptionCertificate();
            try {
                trust.verify(node, certificate, purpose, now);
            } catch (CertificateRejectedException e) {
                Status status = e instanceof CertificateRevokedException ? Status.REVOKED : Status.INVALID;
                String rotate = "'bus keys rotate " + node + " --dir " + pkiDir + "'";
                return new Snapshot(keys, status, "node " + node + " cannot sign or send: " + e.getMessage()
                        + (e.getMessage().contains(rotate) ? "" : "; give it new keys with " + rotate)
                        + ". Until then it refuses submissions and keeps away from the broker; the running node takes"
                        + " the new keys within seconds, no restart needed");
            }
        }
        return new Snapshot(keys, Status.VALID, null);
    }

    private static boolean sameKeys(NodeCredentials a, NodeCredentials b) {
        return a.signingCertificate().equals(b.signingCertificate()) && a.encryptionCertificate().equals(b.encryptionCertificate());
    }

    /** The key stores and the registry come first in {@link #watchedFiles}, then the CRL. */
    private static final int KEY_FILES = 3;

    private static List<Path> watchedFiles(PkiLayout layout, String node) {
        return List.of(layout.pkcs12(node, KeyPurpose.SIGNING), layout.pkcs12(node, KeyPurpose.ENCRYPTION),
                layout.registry(), layout.crl());
    }

    /** Time, size and identity of each file (an atomic replacement is a new file); null for a missing one. */
    private static List<Object> stamps(List<Path> files) {
        List<Object> stamps = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                stamps.add(List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey())));
            } catch (IOException e) {
                stamps.add(null);
            }
        }
        return stamps;
    }

    @Override
    public String toString() {
        return "LiveCredentials[" + node + ", " + snapshot.status() + "]"; // never key material
    }
}
