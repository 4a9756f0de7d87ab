package eu.bus.envelope;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Recipient side of the originator-key reuse: key-encryption keys by (originator public key, scheme, wrap, ukm),
 * so that only the first message under a sender's originator key pays for an ECDH. Bounded LRU: garbage
 * originator keys from an attacker can evict entries but never grow memory.
 */
final class RecipientKeyCache {

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

    private final int capacity;
    private final Map<Key, SecretKey> entries;

    RecipientKeyCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, SecretKey> eldest) {
                return size() > RecipientKeyCache.this.capacity;
            }
        };
    }

    /** One cache per recipient key: {@code own} is the same on every call of one cache. */
    SecretKey kek(PrivateKey own, byte[] originatorPoint, ASN1ObjectIdentifier scheme,
                  AlgorithmIdentifier keyWrap, byte[] ukm) throws GeneralSecurityException {
        Key key = new Key(originatorPoint, scheme, keyWrap, ukm);
        synchronized (entries) {
            SecretKey cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        SecretKey kek = KeyEncryptionKeys.derive(own, AuthEnvelope.originatorPublicKey(originatorPoint), scheme, keyWrap, ukm);
        synchronized (entries) {
            entries.put(key, kek);
        }
        return kek;
    }
}
