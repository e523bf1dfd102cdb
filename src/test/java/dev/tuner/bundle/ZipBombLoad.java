package dev.tuner.bundle;

import java.nio.file.Path;
import java.util.Map;

/**
 * Main class of the child JVM of {@link ZipBombTest}: loads {@code args[0]} from a file ({@code args[1]} =
 * {@code file}) or a URL ({@code url}) with {@code loadOrElse} and prints what came back, how long it took and the
 * heap it had, in one line: {@code outcome=fallback ms=412 maxHeap=268435456}.
 */
public final class ZipBombLoad {
    private ZipBombLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path zip = Path.of(args[0]);
        BundleLoader loader = args[1].equals("url") ? BundleLoader.of(zip.toUri().toURL()) : BundleLoader.of(zip);
        ModelBundle fallback = new ModelBundle(null, Map.of(), null, Map.of(), Map.of());
        long start = System.nanoTime();
        String outcome;
        try {
            outcome = loader.loadOrElse(fallback) == fallback ? "fallback" : "loaded";
        } catch (Throwable e) {
            outcome = "thrown:" + e.getClass().getName();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("outcome=" + outcome + " ms=" + ms + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
