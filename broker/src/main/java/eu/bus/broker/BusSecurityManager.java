package eu.bus.broker;

import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;

/**
 * The bus's certificate login and per-address authorisation as a stock Artemis loads it from bootstrap.xml
 * ({@code <security-manager class-name="eu.bus.broker.BusSecurityManager">} with the properties of
 * {@link StockBroker}): the same {@link CertificateSecurityManager} the embedded broker uses.
 */
public final class BusSecurityManager implements ActiveMQSecurityManager5 {

    private volatile CertificateSecurityManager delegate;

    @Override
    public ActiveMQSecurityManager init(Map<String, String> properties) {
        delegate = StockBroker.core(properties).securityManager();
        return this;
    }

    private CertificateSecurityManager delegate() {
        CertificateSecurityManager current = delegate;
        if (current == null) {
            throw new IllegalStateException("BusSecurityManager was not given its properties in bootstrap.xml; generate it with bus site init");
        }
        return current;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        return delegate().authenticate(user, password, connection, securityDomain);
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        return delegate().authorize(subject, roles, checkType, address);
    }

    @Override
    public boolean validateUser(String user, String password) {
        return delegate().validateUser(user, password);
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return delegate().validateUserAndRole(user, password, roles, checkType);
    }
}
