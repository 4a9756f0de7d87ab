package eu.bus.envelope;

import eu.bus.keys.Algorithms;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.Providers;
import eu.bus.message.MessageHeader;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.cms.CMSAttributes;
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

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private final NodeCredentials sender;
    private final Clock clock;
    private final X509CertificateHolder certificate;
    private final DigestCalculatorProvider digests;

    PayloadSigner(NodeCredentials sender) {
        this(sender, Clock.systemUTC());
    }

    PayloadSigner(NodeCredentials sender, Clock clock) {
        this.sender = sender;
        this.clock = clock;
        try {
            this.certificate = new X509CertificateHolder(sender.signingCertificate().getEncoded());
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (IOException | CertificateEncodingException | OperatorCreationException e) {
            throw new IllegalStateException("cannot prepare signing for " + sender.nodeId() + ": " + e.getMessage(), e);
        }
    }

    /** The credentials it signs with. */
    NodeCredentials sender() {
        return sender;
    }

    /**
     * signingTime from the protector's clock. Supplied here because BouncyCastle's default goes through
     * {@code new Time(Date)} and a SimpleDateFormat (~8 us per message); RFC 5652: UTCTime up to 2049.
     */
    private ASN1Primitive signingTime() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        int year = now.atZone(ZoneOffset.UTC).getYear();
        return year >= 1950 && year <= 2049
                ? new DERUTCTime(UTC_TIME.format(now)) : new DERGeneralizedTime(GENERALIZED_TIME.format(now));
    }

    /** DER of a ContentInfo holding the SignedData. */
    byte[] sign(MessageHeader header, byte[] payload) throws GeneralSecurityException {
        try {
            SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(digests)
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(
                            HeaderBinding.attributeFor(header)).add(CMSAttributes.signingTime, signingTime())))
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
