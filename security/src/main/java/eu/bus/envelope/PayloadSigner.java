package eu.bus.envelope;

import eu.bus.keys.Algorithms;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.Providers;
import eu.bus.message.MessageHeader;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * CMS SignedData over the payload (encapsulated, eContentType id-data), ECDSA P-256 / SHA-256, the signer
 * certificate included, with signed attributes contentType, messageDigest, signingTime, CMSAlgorithmProtection
 * and the bus header digest ({@link HeaderBinding}). Thread-safe: per-message state is created per call.
 */
final class PayloadSigner {

    private final NodeCredentials sender;
    private final X509CertificateHolder certificate;
    private final DigestCalculatorProvider digests;

    PayloadSigner(NodeCredentials sender) {
        this.sender = sender;
        try {
            this.certificate = new X509CertificateHolder(sender.signingCertificate().getEncoded());
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (IOException | CertificateEncodingException | OperatorCreationException e) {
            throw new IllegalStateException("cannot prepare signing for " + sender.nodeId() + ": " + e.getMessage(), e);
        }
    }

    /** DER of a ContentInfo holding the SignedData. */
    byte[] sign(MessageHeader header, byte[] payload) throws GeneralSecurityException {
        try {
            SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(digests)
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(
                            new AttributeTable(HeaderBinding.attributeFor(header))))
                    .build(new JcaContentSignerBuilder(Algorithms.CURRENT.signature)
                            .setProvider(Providers.bouncyCastle()).build(sender.signingKey()), certificate);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo);
            generator.addCertificate(certificate);
            return generator.generate(new CMSProcessableByteArray(payload), true).toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | IOException e) {
            throw new GeneralSecurityException("cannot sign message " + header.messageId() + " as " + sender.nodeId()
                    + ": " + e.getMessage(), e);
        }
    }
}
