package eu.bus.envelope;

import java.security.GeneralSecurityException;
import eu.bus.keys.NodeCredentials;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * This node as a recipient: its encryption credentials, its recipient identifier (computed once), and the
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

    private final NodeCredentials self;
    private final RecipientKeys previous;
    private final IssuerAndSerialNumber id;
    private final int capacity;
    private final Map<Key, SecretKey> entries;

    RecipientKeys(NodeCredentials self, int capacity) {
        this(self, capacity, null);
    }

    /** @param previous the keys of this node before a rotation, for messages already encrypted to them (or null) */
    RecipientKeys(NodeCredentials self, int capacity, RecipientKeys previous) {
        this.self = self;
        this.previous = previous == null ? null : previous.withoutPrevious();
        this.id = AuthEnvelope.issuerAndSerial(self.encryptionCertificate());
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, SecretKey> eldest) {
                return size() > RecipientKeys.this.capacity;
            }
        };
    }

    NodeCredentials self() {
        return self;
    }

    /** The keys this node had before its last rotation in this process, or null. */
    RecipientKeys previous() {
        return previous;
    }

    /** Only one generation back: a chain of every key the process ever had would keep them all alive. */
    private RecipientKeys withoutPrevious() {
        return previous == null ? this : new RecipientKeys(self, capacity, null);
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
        SecretKey kek = KeyEncryptionKeys.derive(self.encryptionKey(), AuthEnvelope.originatorPublicKey(originatorPoint), scheme, keyWrap, ukm);
        synchronized (entries) {
            entries.put(key, kek);
        }
        return kek;
    }
}
