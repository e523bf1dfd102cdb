package dev.tuner.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.sampler.RandomSampler;
import dev.tuner.sampler.SamplingContext;
import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.tribuo.TaskType;
import dev.tuner.tribuo.TrainerCatalogue;
import dev.tuner.tribuo.TrainerDefinition;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an estimate of {@code bench/estimate-accuracy.sh} went wrong, from the files the bench keeps of a case
 * ({@code target/bench-estimate/<case>/}): the estimate's own cost model prices random configurations of the space
 * and the study's actual trials, which separates a cost law that priced runs wrongly from a sampler that went
 * elsewhere than the simulation said. Run by {@code bench/estimate-diagnose.sh}.
 *
 * <p>Arguments: the case directory, the search space as the bench writes it ({@code name=dist;...}) and the classes
 * of the data set's target.
 */
public final class CostDiagnosis {
    private static final int RANDOM_CONFIGURATIONS = 3000;
    /** The start-up trials of the bench's model-based samplers (trial 0 is the defaults when tune runs them). */
    private static final int STARTUP_TRIALS = 10;

    private CostDiagnosis() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, String> entries = new LinkedHashMap<>();
        for (String entry : args[1].split(";")) {
            int eq = entry.indexOf('=');
            entries.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        int classes = Integer.parseInt(args[2]);
        SearchSpace space = SearchSpace.parse(entries);
        JsonNode estimate = new ObjectMapper().readTree(dir.resolve("estimate.json").toFile());
        TrainerDefinition trainer = TrainerCatalogue.builtIn().get(estimate.get("trainer").asText(),
                TaskType.CLASSIFICATION);
        CostModel model = model(estimate.path("calibration").path("costModel"));
        JsonNode budgets = estimate.get("budgets");
        int rows = budgets.get(budgets.size() - 1).get("rows").asInt();
        int folds = estimate.get("folds").asInt();

        double random = 0;
        RandomSampler sampler = new RandomSampler();
        for (int i = 0; i < RANDOM_CONFIGURATIONS; i++) {
            random += price(model, trainer, sampler.sample(new SamplingContext(space, List.of(),
                    List.of(Direction.MINIMIZE), i, 99)), rows, classes) / RANDOM_CONFIGURATIONS;
        }
        List<Double> startUp = new ArrayList<>();
        List<Double> later = new ArrayList<>();
        List<Double> actualOverPrice = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(dir.resolve("trials.csv"));
             CSVParser csv = CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setHeader()
                     .setSkipHeaderRecord(true).build())) {
            for (CSVRecord trial : csv) {
                Map<String, Object> params = new LinkedHashMap<>();
                entries.forEach((name, distribution) -> {
                    String cell = trial.get("param:" + name);
                    if (!cell.isEmpty()) {
                        params.put(name, distribution.startsWith("int") ? Long.parseLong(cell)
                                : distribution.startsWith("choice") ? cell : (Object) Double.parseDouble(cell));
                    }
                });
                int number = Integer.parseInt(trial.get("number"));
                if (params.size() < entries.size() || number == 0) {
                    continue;
                }
                double price = price(model, trainer, params, rows, classes);
                (number <= STARTUP_TRIALS ? startUp : later).add(price);
                if (budgets.size() == 1 && trial.get("state").equalsIgnoreCase("complete")) {
                    actualOverPrice.add(Double.parseDouble(trial.get("seconds")) / (price * folds));
                    if (Boolean.getBoolean("perTrial")) {
                        System.out.printf(Locale.ROOT, "  trial %3d  price x folds %7.3f  seconds %7.3f  %s%n", number,
                                price * folds, Double.parseDouble(trial.get("seconds")), params);
                    }
                }
            }
        }
        actualOverPrice.sort(null);
        System.out.printf(Locale.ROOT, "%-18s per-run forecast / random configuration's price %.2f, later trials'"
                        + " price / random's %.2f, start-up trials' / random's %.2f, trial seconds / (price x folds)"
                        + " median %s%n", dir.getFileName(),
                budgets.get(budgets.size() - 1).get("secondsPerRun").asDouble() / random, mean(later) / random,
                mean(startUp) / random, actualOverPrice.isEmpty() ? "- (several budgets)" : String.format(Locale.ROOT,
                        "%.2f over %d trials (jobs %d)", actualOverPrice.get(actualOverPrice.size() / 2),
                        actualOverPrice.size(), estimate.get("jobs").asInt()));
    }

    /** The cost model as estimate.json writes it (exponents rounded to four digits). */
    private static CostModel model(JsonNode json) {
        List<String> drivers = new ArrayList<>();
        List<Double> exponents = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("exponents").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            drivers.add(e.getKey());
            exponents.add(e.getValue().asDouble());
        }
        return new CostModel(drivers, json.get("intercept").asDouble(), json.get("rowsExponent").asDouble(),
                exponents.stream().mapToDouble(Double::doubleValue).toArray(), 0, 0, json.path("rowsByCost").asDouble(),
                json.path("meanLogRows").asDouble(), json.path("meanCost").asDouble());
    }

    private static double price(CostModel model, TrainerDefinition trainer, Map<String, Object> params, int rows,
                                int classes) {
        return model.seconds(rows, trainer.costDrivers(trainer.resolve(params), rows, classes).stream()
                .map(d -> new CostModel.Driver(d.name(), d.value(), d.exponent())).toList());
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
