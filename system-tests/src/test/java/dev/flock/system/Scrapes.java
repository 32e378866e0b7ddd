package dev.flock.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Prometheus would read from every service's {@code /actuator/prometheus}, at one moment. */
record Scrapes(List<String> texts) {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)");

    static Scrapes of(List<String> managementUrls) {
        return new Scrapes(managementUrls.stream().map(Scrapes::scrape).toList());
    }

    static String scrape(String managementUrl) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(managementUrl + "/prometheus"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(managementUrl + "/prometheus answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every sample name exported by any service. */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String text : texts) {
            text.lines().map(SAMPLE::matcher).filter(Matcher::find).forEach(sample -> names.add(sample.group(1)));
        }
        return names;
    }

    /** The sum over every service of the samples named {@code name} whose labels contain each of {@code labels}. */
    double sum(String name, String... labels) {
        double sum = 0;
        for (String text : texts) {
            for (String line : text.lines().toList()) {
                Matcher sample = SAMPLE.matcher(line);
                if (sample.find()
                        && sample.group(1).equals(name)
                        && Arrays.stream(labels)
                                .allMatch(label -> sample.group(2) != null
                                        && sample.group(2).contains(label))) {
                    double value = Double.parseDouble(sample.group(3));
                    sum += Double.isNaN(value) ? 0 : value;
                }
            }
        }
        return sum;
    }
}
