package eu.bus.broker;

/**
 * When the broker stops storing messages because its disk is nearly full: Artemis blocks every producer
 * (the nodes' sends wait; nothing already stored is touched) and lets them go once space returns, checked
 * every {@code scanPeriodMillis}.
 *
 * @param maxUsagePercent  the share of the journal's file system in use at which storing stops (Artemis' max-disk-usage)
 * @param minFreeBytes     or, when not -1, the free space below which storing stops (Artemis' min-disk-free; it wins)
 * @param scanPeriodMillis how often the broker looks at the file system
 */
public record DiskLimits(int maxUsagePercent, long minFreeBytes, int scanPeriodMillis) {

    public static final DiskLimits DEFAULT = new DiskLimits(95, -1, 5_000);

    public DiskLimits {
        if (maxUsagePercent < 1 || maxUsagePercent > 100) {
            throw new IllegalArgumentException("the maximum disk usage is a percentage from 1 to 100, was " + maxUsagePercent);
        }
        if (minFreeBytes < -1) {
            throw new IllegalArgumentException("the minimum free disk space is a number of bytes (or -1: none), was " + minFreeBytes);
        }
        if (scanPeriodMillis < 100) {
            throw new IllegalArgumentException("the disk scan period must be at least 100 ms, was " + scanPeriodMillis);
        }
    }

    public DiskLimits withMaxUsagePercent(int percent) {
        return new DiskLimits(percent, minFreeBytes, scanPeriodMillis);
    }

    public DiskLimits withMinFreeBytes(long bytes) {
        return new DiskLimits(maxUsagePercent, bytes, scanPeriodMillis);
    }

    public DiskLimits withScanPeriodMillis(int millis) {
        return new DiskLimits(maxUsagePercent, minFreeBytes, millis);
    }
}
