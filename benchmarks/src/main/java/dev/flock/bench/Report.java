package dev.flock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table of figures, each with its same-run baseline and the ratio to it. */
final class Report {

    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void figure(String figure, double value, String unit, String baseline, double baselineValue) {
        String ratio = baselineValue > 0 && !Double.isNaN(value) ? format("%.3f", value / baselineValue) : "–";
        rows.add(format(
                "| %s | %s %s | %s | %s |",
                figure,
                number(value),
                unit,
                baseline == null ? "–" : baseline + " " + number(baselineValue),
                baseline == null ? "–" : ratio));
        System.out.println("  => " + rows.get(rows.size() - 1));
    }

    void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    void write(Path file, String heading) throws IOException {
        StringBuilder text = new StringBuilder(heading).append("\n\n");
        text.append("| figure | value | same-run baseline | ratio |\n|---|---|---|---|\n");
        rows.forEach(row -> text.append(row).append('\n'));
        text.append('\n');
        notes.forEach(note -> text.append("- ").append(note).append('\n'));
        System.out.println();
        System.out.println(text);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, text);
        System.out.println("written to " + file);
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "–" : value >= 100 ? format("%,.0f", value) : format("%.1f", value);
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
