package dev.tuner.tribuo;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The data sets the tests share: real CSVs from src/test/resources/data and a synthetic regression set. */
final class TestData {
    /** Held so that the level sticks: Tribuo logs every training run at INFO, which buries test output. */
    private static final Logger TRIBUO_LOGGER = Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOGGER.setLevel(Level.WARNING);
    }

    private TestData() {
    }

    static Path resource(String fileName) {
        try {
            return Path.of(TestData.class.getResource("/data/" + fileName).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TabularData iris() {
        return TabularData.load(resource("iris.csv"), "label", TaskType.AUTO);
    }

    static TabularData breastCancer() {
        return TabularData.load(resource("breast-cancer.csv"), "label", TaskType.AUTO);
    }

    /** y = 3 x1 - 2 x2 + 0.5 x3 + 1 + N(0, 0.1^2), x uniform in [0, 1], plus a categorical column that adds 0.5. */
    static Path linearRegressionCsv(Path dir, int rows) throws IOException {
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("x1,x2,x3,group,y\n");
        for (int i = 0; i < rows; i++) {
            double x1 = random.nextDouble();
            double x2 = random.nextDouble();
            double x3 = random.nextDouble();
            boolean b = random.nextBoolean();
            double y = 3 * x1 - 2 * x2 + 0.5 * x3 + 1 + (b ? 0.5 : 0) + random.nextGaussian() * 0.1;
            csv.append(x1).append(',').append(x2).append(',').append(x3).append(',').append(b ? "b" : "a")
                    .append(',').append(y).append('\n');
        }
        Path file = dir.resolve("linear.csv");
        Files.writeString(file, csv);
        return file;
    }
}
