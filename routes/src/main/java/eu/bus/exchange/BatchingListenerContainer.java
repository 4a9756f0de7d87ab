package eu.bus.exchange;

import eu.bus.broker.NodeConnections;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.camel.component.jms.DefaultJmsMessageListenerContainer;
import org.apache.camel.component.jms.JmsEndpoint;
import org.springframework.transaction.TransactionStatus;
import org.springframework.util.backoff.BackOffExecution;

/**
 * A node's JMS consumer that takes, in one local transaction, the message it waited for plus those already
 * waiting in its buffer (up to {@link #MAX_BATCH}), runs each through its route as before, and commits once for
 * all when their {@link ReceptionBatch} is complete: audit records durable, receipts on the broker. One sender's
 * messages reach one consumer at a time (they are a message group, to keep their order), so without batches each
 * recipient would wait for the disk and the broker once per message of a busy sender; with them it waits once
 * per batch, and signs one receipt for the lot.
 * <p>
 * A quiet queue gives batches of one: nothing waits for a batch to fill. After a rollback the consumer takes one
 * message per transaction until one commits, so a message that keeps failing fails alone and does not spend the
 * delivery attempts of the messages batched with it (the broker dead-letters a message after
 * {@code BrokerSettings.DEFAULT_MAX_DELIVERIES}).
 * <p>
 * While the node's connections are stopped on purpose (its keys are unusable, and {@link NodeKeyWatch} has said
 * why once), the container waits quietly for them instead of trying, failing and logging every recovery interval.
 */
final class BatchingListenerContainer extends DefaultJmsMessageListenerContainer {

    /** The most messages one transaction takes; a receipt covers up to 100, so one batch needs one per sender. */
    static final int MAX_BATCH = 64;
    /** How often a container whose connections are stopped on purpose looks whether they are back or it is stopped. */
    private static final long QUIET_LOOK_MILLIS = 100;

    /** The node's gateway: it completes a batch (receipts, audit, processed ids) or abandons it. */
    private final NodeGateway gateway;

    /** The node's consumer connections, which {@link NodeKeyWatch} stops while the node's keys are unusable. */
    private final NodeConnections connections;
    /** Per consumer thread: a rollback happened and no transaction has committed since. */
    private final ThreadLocal<Boolean> cautious = ThreadLocal.withInitial(() -> false);

    BatchingListenerContainer(JmsEndpoint endpoint, NodeGateway gateway, NodeConnections connections) {
        super(endpoint);
        this.gateway = gateway;
        this.connections = connections;
    }

    @Override
    protected void handleListenerSetupFailure(Throwable failure, boolean alreadyRecovered) {
        if (!connections.isStopped()) {
            super.handleListenerSetupFailure(failure, alreadyRecovered); // unexpected: worth a warning
        }
    }

    @Override
    protected void refreshConnectionUntilSuccessful() {
        awaitWhileStoppedOnPurpose();
        super.refreshConnectionUntilSuccessful();
    }

    /** Between two attempts to connect: none is made (and none fails in the log) while stopped on purpose. */
    @Override
    protected boolean applyBackOffTime(BackOffExecution execution) {
        boolean again = super.applyBackOffTime(execution);
        awaitWhileStoppedOnPurpose();
        return again;
    }

    /** Until the connections are restarted (new keys) or this container is stopped. */
    private void awaitWhileStoppedOnPurpose() {
        while (isRunning() && connections.isStopped()) {
            try {
                Thread.sleep(QUIET_LOOK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    protected boolean doReceiveAndExecute(Object invoker, Session session, MessageConsumer consumer, TransactionStatus status)
            throws JMSException {
        // Only the setup the node uses (a cached, locally transacted session and consumer) is batched.
        if (session == null || consumer == null || status != null || !session.getTransacted()) {
            return super.doReceiveAndExecute(invoker, session, consumer, status);
        }
        Message message = receiveMessage(consumer);
        if (message == null) {
            noMessageReceived(invoker, session);
            return false;
        }
        messageReceived(invoker, session);
        ReceptionBatch batch = ReceptionBatch.begin();
        try {
            int taken = 0;
            while (message != null) {
                invokeListener(session, message);
                taken++;
                message = taken < MAX_BATCH && !cautious.get() && isRunning() ? consumer.receiveNoWait() : null;
            }
            gateway.completeBatch(batch);
            session.commit();
            cautious.set(false);
        } catch (Throwable failed) {
            gateway.abandonBatch(batch);
            cautious.set(true);
            rollbackOnExceptionIfNecessary(session, failed);
            handleListenerException(failed);
            if (failed instanceof JMSException jms) {
                throw jms; // a broker problem: the container recovers its connection
            }
        } finally {
            ReceptionBatch.end();
        }
        return true;
    }
}
