package dev.flock.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} arguments, each with a default that suits the local stack on a small machine. */
final class Options {

    private final Map<String, String> values = new HashMap<>();

    Options(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    int number(String name, int otherwise) {
        return Integer.parseInt(text(name, Integer.toString(otherwise)));
    }

    double decimal(String name, double otherwise) {
        return Double.parseDouble(text(name, Double.toString(otherwise)));
    }
}
