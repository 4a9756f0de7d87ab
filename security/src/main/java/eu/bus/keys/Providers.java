package eu.bus.keys;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one place that registers the BouncyCastle provider. Registration is a global, synchronised
 * JCA operation and provider construction is expensive, so it happens once per JVM, never per call.
 */
public final class Providers {

    private static final Provider BOUNCY_CASTLE = registerOnce();

    private Providers() {
    }

    /** BouncyCastle: fast P-256 ECDSA/ECDH here (SunEC is several times slower on Java 17). */
    public static Provider bouncyCastle() {
        return BOUNCY_CASTLE;
    }

    private static synchronized Provider registerOnce() {
        Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (existing != null) {
            return existing;
        }
        Provider bc = new BouncyCastleProvider();
        Security.addProvider(bc);
        return bc;
    }
}
