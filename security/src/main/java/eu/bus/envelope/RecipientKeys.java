package eu.bus.envelope;

import java.security.GeneralSecurityException;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.RetiredKeys;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * This node as a recipient: its encryption credentials, its recipient identifier (computed once), the keys its
 * rotations replaced (each with its own identifier and cache, for what was encrypted to them), and the
 * recipient side of the originator-key reuse: key-encryption keys by (originator public key, scheme, wrap, ukm),
 * so that only the first message under a sender's originator key pays for an ECDH. Bounded LRU: garbage
 * originator keys from an attacker can evict entries but never grow memory.
 */
final class RecipientKeys {

    private record Key(byte[] originatorPoint, ASN1ObjectIdentifier scheme, AlgorithmIdentifier keyWrap, byte[] ukm) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(originatorPoint, k.originatorPoint) && scheme.equals(k.scheme)
                    && keyWrap.equals(k.keyWrap) && Arrays.equals(ukm, k.ukm);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(originatorPoint), scheme, keyWrap, Arrays.hashCode(ukm));
        }
    }

    /** Kept per retired key: a rotated-away key sees few senders' originator keys, and few messages. */
    private static final int RETIRED_CAPACITY = 64;

    private final NodeCredentials self;
    private final PrivateKey privateKey;
    private final IssuerAndSerialNumber id;
    private final int capacity;
    private final Map<Key, SecretKey> entries;
    private final List<RecipientKeys> retired;

    RecipientKeys(NodeCredentials self, int capacity) {
        this(self, capacity, null);
    }

    /**
     * @param previous the keys of this node before a change in this process (or null): what they open stays
     *                 openable even when the key history on disk lacks their key (a rotation before it was kept)
     */
    RecipientKeys(NodeCredentials self, int capacity, RecipientKeys previous) {
        this(self, self.encryptionKey(), AuthEnvelope.issuerAndSerial(self.encryptionCertificate()), capacity,
                retiredOf(self, previous));
    }

    private RecipientKeys(NodeCredentials self, PrivateKey key, IssuerAndSerialNumber id, int capacity, List<RecipientKeys> retired) {
        this.self = self;
        this.privateKey = key;
        this.id = id;
        this.capacity = capacity;
        this.retired = retired;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, SecretKey> eldest) {
                return size() > RecipientKeys.this.capacity;
            }
        };
    }

    /** The node's key history, then what {@code previous} could open that the history lacks; flat, one per key. */
    private static List<RecipientKeys> retiredOf(NodeCredentials self, RecipientKeys previous) {
        IssuerAndSerialNumber current = AuthEnvelope.issuerAndSerial(self.encryptionCertificate());
        List<RecipientKeys> retired = new ArrayList<>();
        for (RetiredKeys.Retired r : self.retiredEncryptionKeys()) {
            retired.add(new RecipientKeys(self, r.key(), AuthEnvelope.issuerAndSerial(r.certificate()), RETIRED_CAPACITY, List.of()));
        }
        if (previous != null) {
            for (RecipientKeys older : previous.withRetired()) {
                if (!older.id.equals(current) && retired.stream().noneMatch(r -> r.id.equals(older.id))) {
                    retired.add(new RecipientKeys(self, older.privateKey, older.id, RETIRED_CAPACITY, List.of()));
                }
            }
        }
        return List.copyOf(retired);
    }

    /** The credentials these keys were made for: the node's current ones. */
    NodeCredentials self() {
        return self;
    }

    /** This key, then the retired ones, each once. */
    List<RecipientKeys> withRetired() {
        List<RecipientKeys> all = new ArrayList<>(1 + retired.size());
        all.add(this);
        all.addAll(retired);
        return all;
    }

    /** issuerAndSerialNumber of this node's encryption certificate, as recipient infos name it. */
    IssuerAndSerialNumber id() {
        return id;
    }

    SecretKey kek(byte[] originatorPoint, ASN1ObjectIdentifier scheme,
                  AlgorithmIdentifier keyWrap, byte[] ukm) throws GeneralSecurityException {
        Key key = new Key(originatorPoint, scheme, keyWrap, ukm);
        synchronized (entries) {
            SecretKey cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        SecretKey kek = KeyEncryptionKeys.derive(privateKey, AuthEnvelope.originatorPublicKey(originatorPoint), scheme, keyWrap, ukm);
        synchronized (entries) {
            entries.put(key, kek);
        }
        return kek;
    }
}
