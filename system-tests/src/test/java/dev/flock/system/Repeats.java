package dev.flock.system;

import java.util.Collection;

/** What a count of "stored once" reports: how many more values a list holds than distinct ones. */
final class Repeats {

    private Repeats() {}

    static long in(Collection<String> values) {
        return values.size() - values.stream().distinct().count();
    }
}
