package eu.bus.reliability;

/**
 * How many messages a scenario sends: the CI size by default, the soak size with {@code -Dbus.soak=true}
 * ({@code bench/soak.sh}), or exactly {@code -Dbus.reliability.messages=N}.
 */
final class ScenarioSize {

    private ScenarioSize() {
    }

    static boolean soak() {
        return Boolean.getBoolean("bus.soak");
    }

    static int messages(int ci, int soak) {
        return Integer.getInteger("bus.reliability.messages", soak() ? soak : ci);
    }
}
