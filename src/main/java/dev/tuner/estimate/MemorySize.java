package dev.tuner.estimate;

import dev.tuner.config.InvalidSettingException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes as the JVM's {@code -Xmx} writes them: {@code 512m}, {@code 2g}, {@code 1.5G}, {@code 800k}, bytes. */
public final class MemorySize {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)b?");

    private MemorySize() {
    }

    /**
     * Bytes of {@code text} (binary units: 1k = 1024), read for the top-level setting {@code setting}.
     *
     * @throws InvalidSettingException naming the setting when {@code text} is not a size
     */
    public static long parse(String setting, String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidSettingException(setting, text, "not a memory size such as 512m or 2g");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = Double.parseDouble(m.group(1)) * (1L << shift);
        if (bytes < 1 || bytes > Long.MAX_VALUE) {
            throw new InvalidSettingException(setting, text, "must be at least one byte");
        }
        return (long) bytes;
    }

    /** {@code 1.5 GiB}-style text for logs. */
    public static String format(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        double v = bytes;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f %s", v, units[u])
                : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
