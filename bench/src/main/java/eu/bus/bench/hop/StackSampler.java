package eu.bus.bench.hop;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A wall-clock sampler in the same JVM: every few milliseconds it takes the stacks of the threads
 * that carry messages (submitters and the Camel JMS consumers) and files each sample under the
 * innermost bus step on the stack and what the thread was doing there (CPU, waiting for the audit
 * fsync, a blocking broker round trip, a file fsync...). Unlike a CPU profiler it shows waits, which
 * is where a persistent exchange spends its time.
 */
final class StackSampler implements AutoCloseable {

    private final Map<String, Integer> samples = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private int total;

    StackSampler(long intervalMillis) {
        thread = new Thread(() -> {
            while (running.get()) {
                sample();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "hop-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            String name = e.getKey().getName();
            boolean submitter = name.startsWith("hop-submitter");
            // Only the queues of the hop: the senders' inbox and the others' receipt queues stay idle.
            boolean consumer = name.contains("JmsConsumer") && !name.contains(HopWorkload.SENDER + ".inbox")
                    && (name.contains(".inbox") || name.contains(HopWorkload.SENDER + ".receipts"));
            if (!submitter && !consumer) {
                continue;
            }
            String label = (submitter ? "submit  " : "receive ") + classify(e.getValue());
            synchronized (samples) {
                samples.merge(label, 1, Integer::sum);
                total++;
            }
        }
    }

    /** "step: activity" from one stack, innermost frame first. */
    static String classify(StackTraceElement[] stack) {
        String step = null;
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("eu.bus.") && !f.getClassName().startsWith("eu.bus.bench")) {
                step = f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName();
                break;
            }
        }
        if (step == null) {
            return "(no bus step: waiting for a message, camel and JMS plumbing)";
        }
        String activity = activity(stack);
        if (step.startsWith("BrokerSender") && activity.startsWith("waiting (future")) {
            activity = "waiting (future: broker stored confirmation)";
        }
        return step + ": " + activity;
    }

    private static String activity(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            String m = f.getMethodName();
            if (c.startsWith("eu.bus.")) {
                break;
            }
            if (m.equals("force") || m.equals("force0")) {
                return "file fsync";
            }
            if (m.contains("sendBlocking") || (c.contains("ActiveMQSessionContext") && m.contains("commit"))) {
                return "broker round trip";
            }
            if (c.contains("CompletableFuture") && (m.equals("join") || m.equals("get") || m.contains("waitingGet")
                    || m.equals("timedGet"))) {
                return "waiting (future: audit fsync)";
            }
            if (c.contains("ChannelImpl") && m.contains("send")) {
                return "broker round trip";
            }
        }
        StackTraceElement top = stack.length == 0 ? null : stack[0];
        if (top != null && (top.getClassName().equals("jdk.internal.misc.Unsafe") && top.getMethodName().equals("park")
                || top.getClassName().equals("java.lang.Object") && top.getMethodName().equals("wait"))) {
            return "waiting (lock/other)";
        }
        return "cpu";
    }

    /** The table: samples per step and activity, largest first, as a share of all samples. */
    String report() {
        StringBuilder out = new StringBuilder();
        synchronized (samples) {
            out.append(String.format("%d samples%n", total));
            samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .filter(e -> e.getValue() * 200 >= total)
                    .forEach(e -> out.append(String.format("%5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey())));
        }
        return out.toString();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.interrupt();
        thread.join();
    }
}
