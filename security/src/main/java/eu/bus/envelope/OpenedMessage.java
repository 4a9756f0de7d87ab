package eu.bus.envelope;

import eu.bus.message.MessageHeader;
import java.security.cert.X509Certificate;

/**
 * A message that passed every check of {@link MessageOpener}.
 *
 * @param header             the clear header (authenticated iff {@code headerBound})
 * @param payload            the JSON payload exactly as signed
 * @param signer             the node id in the signer certificate (equals the header's sender)
 * @param signerCertificate  the validated signing certificate
 * @param headerBound        false only for {@link MessageOpener#openUnbound}: the header was then not signed
 * @param signedData         the DER CMS SignedData as the sender signed it (decrypted, still signed): what a
 *                           node forwards onward so the next recipient can verify the original sender itself
 */
public record OpenedMessage(MessageHeader header, byte[] payload, String signer,
                            X509Certificate signerCertificate, boolean headerBound, byte[] signedData) {
}
