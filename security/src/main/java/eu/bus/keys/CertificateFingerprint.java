package eu.bus.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SHA-256 fingerprint of a certificate's DER encoding, written as OpenSSL prints it
 * ({@code openssl x509 -noout -fingerprint -sha256}: upper-case hex pairs separated by ':'), so an
 * operator can compare the registry with a certificate file by eye.
 */
public final class CertificateFingerprint {

    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();
    private static final Pattern TEXT = Pattern.compile("([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{64}");

    private CertificateFingerprint() {
    }

    public static String of(X509Certificate certificate) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot take the SHA-256 fingerprint of " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** The canonical form of a fingerprint as a person may type it (with or without ':', any case); null if it is none. */
    static String normalise(String text) {
        if (text == null || !TEXT.matcher(text).matches()) {
            return null;
        }
        String hex = text.replace(":", "").toUpperCase(Locale.ROOT);
        return HEX.formatHex(HexFormat.of().parseHex(hex));
    }
}
