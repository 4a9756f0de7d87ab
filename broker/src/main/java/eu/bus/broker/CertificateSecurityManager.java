package eu.bus.broker;

import eu.bus.keys.CertificateNames;
import eu.bus.keys.CertificateRejectedException;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.NodeRole;
import eu.bus.keys.NodeTrust;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.apache.activemq.artemis.utils.CertificateUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates broker clients by their TLS client certificate alone (no passwords): it must chain
 * to the bus CA, be valid and unrevoked (checked against the current CRL on every connection, not
 * only at start-up), and be the signing certificate the registry pins for the node it names, as the
 * registry says now ({@link NodeTrust}). Authorises by {@link AccessPolicy}.
 */
public final class CertificateSecurityManager implements ActiveMQSecurityManager5 {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateSecurityManager.class);

    private final NodeTrust trust;
    private final AccessPolicy policy;
    private final Clock clock;

    public CertificateSecurityManager(NodeTrust trust, AccessPolicy policy, Clock clock) {
        this.trust = trust;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        X509Certificate[] chain = connection == null ? null : CertificateUtil.getCertsFromConnection(connection);
        if (chain == null || chain.length == 0) {
            LOG.warn("refused a connection from {}: no client certificate (connect over TLS with the node's key store)",
                    connection == null ? "?" : connection.getRemoteAddress());
            return null;
        }
        X509Certificate certificate = chain[0];
        Optional<String> site = SiteLinks.siteOf(certificate);
        if (site.isPresent()) {
            return linkSubject(user, connection, certificate, site.get());
        }
        String node;
        try {
            node = trust.authenticate(certificate, KeyPurpose.SIGNING, clock.instant());
        } catch (CertificateRejectedException e) {
            LOG.warn("refused a connection from {} as {}: {}", connection.getRemoteAddress(),
                    CertificateNames.nodeIdOf(certificate), e.getMessage());
            return null;
        }
        if (user != null && !user.isEmpty() && !user.equals(node)) {
            LOG.warn("refused a connection from {}: user name '{}' does not match certificate node {}",
                    connection.getRemoteAddress(), user, node);
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(node));
        subject.getPrincipals().add(new RolePrincipal(NodeRole.ofNodeId(node).name()));
        return subject;
    }

    /**
     * Another site's broker linking to this one: its broker certificate, issued by the bus CA itself (not an agency's
     * CA), valid and not revoked, for a site the registry knows. It logs in as its identity (site-nl), role SITE.
     */
    private Subject linkSubject(String user, RemotingConnection connection, X509Certificate certificate, String site) {
        String identity = SiteLinks.identity(site);
        try {
            SiteLinks.validate(trust, certificate, site, clock.instant());
        } catch (CertificateRejectedException e) {
            LOG.warn("refused a link from {} as {}: {}", connection.getRemoteAddress(), identity, e.getMessage());
            return null;
        }
        if (user != null && !user.isEmpty() && !user.equals(identity)) {
            LOG.warn("refused a link from {}: user name '{}' does not match its certificate {}", connection.getRemoteAddress(), user, identity);
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(identity));
        subject.getPrincipals().add(new RolePrincipal(LINK_ROLE));
        return subject;
    }

    /** The role of another site's broker: it only hands over messages for this site's nodes. */
    static final String LINK_ROLE = "SITE";

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        Optional<String> node = principal(subject, UserPrincipal.class);
        Optional<String> role = principal(subject, RolePrincipal.class);
        if (node.isEmpty() || role.isEmpty()) {
            return false;
        }
        if (LINK_ROLE.equals(role.get())) {
            Optional<String> denial = policy.denyLink(checkType, address);
            denial.ifPresent(reason -> LOG.warn("denied link {} {} on {}: {}", node.get(), checkType, address, reason));
            return denial.isEmpty();
        }
        Optional<String> denial = policy.deny(node.get(), NodeRole.valueOf(role.get()), checkType, address);
        denial.ifPresent(reason -> LOG.warn("denied {} {} on {}: {}", node.get(), checkType, address, reason));
        return denial.isEmpty();
    }

    private static Optional<String> principal(Subject subject, Class<? extends Principal> type) {
        if (subject == null) {
            return Optional.empty();
        }
        return subject.getPrincipals(type).stream().map(Principal::getName).findFirst();
    }

    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }
}
