package eu.bus.envelope;

import eu.bus.keys.Algorithms;
import eu.bus.keys.BusCa;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The sender's ECDH originator key (RFC 5753 "ephemeral-static"), reused for a bounded period instead of
 * one per message. Every message still gets a fresh random content key; what is reused is the key-encryption
 * key per recipient, so a message costs one AES key wrap per recipient instead of a key generation and an
 * ECDH each. The private half lives only in memory and is replaced after {@code maxAge} or {@code maxUses},
 * which bounds what a stolen originator key could decrypt. Thread-safe.
 */
final class OriginatorKey {

    private final Clock clock;
    private final Duration maxAge;
    private final long maxUses;
    private volatile Generation current;

    OriginatorKey(Clock clock, Duration maxAge, long maxUses) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxUses = maxUses;
    }

    /** One originator key pair with the key-encryption keys derived from it so far. */
    static final class Generation {
        final KeyPair pair;
        final byte[] publicPoint;
        final Instant created;
        final AtomicLong uses = new AtomicLong();
        private final Map<X509Certificate, SecretKey> keks = new ConcurrentHashMap<>();

        Generation(KeyPair pair, Instant created) {
            this.pair = pair;
            this.created = created;
            this.publicPoint = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData().getBytes();
        }

        SecretKey kekFor(X509Certificate recipient) throws GeneralSecurityException {
            SecretKey kek = keks.get(recipient);
            if (kek == null) {
                kek = KeyEncryptionKeys.derive(pair.getPrivate(), recipient.getPublicKey(),
                        Algorithms.CURRENT.keyAgreementOid, new AlgorithmIdentifier(Algorithms.CURRENT.keyWrapOid), null);
                keks.put(recipient, kek);
            }
            return kek;
        }
    }

    /** The generation to use for the next message; rotates when the current one is too old or too used. */
    Generation next() {
        Generation g = current;
        Instant now = clock.instant();
        if (g == null || g.uses.get() >= maxUses || now.isAfter(g.created.plus(maxAge))) {
            synchronized (this) {
                g = current;
                if (g == null || g.uses.get() >= maxUses || now.isAfter(g.created.plus(maxAge))) {
                    g = new Generation(BusCa.newKeyPair(), now);
                    current = g;
                }
            }
        }
        g.uses.incrementAndGet();
        return g;
    }
}
