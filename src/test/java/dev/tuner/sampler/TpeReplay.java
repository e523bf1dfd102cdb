package dev.tuner.sampler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;

import java.io.File;
import java.util.*;

/**
 * The Java half of bench/tpe_replay.py: reads a history (JSON: {"history": [{"params": {...}, "value": v}, ...]}) of
 * a {@link TestFunctions} function and prints, as JSON, {@code draws} proposals of {@link TpeSampler} for the next
 * trial, each with a different seed, and their objective values. With {@code run FUNCTION SEED TRIALS} it prints the
 * history of one of our own studies instead.
 */
public final class TpeReplay {
    private TpeReplay() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        if (args[0].equals("run")) {
            TestFunctions.TestFunction f = TestFunctions.standard().stream().filter(t -> t.name().equals(args[1])).findFirst().orElseThrow();
            List<Trial> trials = SamplerDriver.minimize(new TpeSampler(), f, Integer.parseInt(args[3]), Long.parseLong(args[2]));
            List<Map<String, Object>> hist = new ArrayList<>();
            for (Trial t : trials) hist.add(Map.of("params", t.params(), "value", t.value()));
            System.out.println(json.writeValueAsString(Map.of("history", hist)));
            return;
        }
        JsonNode root = json.readTree(new File(args[0]));
        String fname = args[1];
        int draws = Integer.parseInt(args[2]);
        TestFunctions.TestFunction f = TestFunctions.standard().stream().filter(t -> t.name().equals(fname)).findFirst().orElseThrow();
        List<Trial> history = new ArrayList<>();
        for (JsonNode t : root.get("history")) {
            Map<String, Object> p = new LinkedHashMap<>();
            t.get("params").fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                p.put(e.getKey(), v.isTextual() ? v.asText() : v.isIntegralNumber() ? (Object) v.asLong() : (Object) v.asDouble());
            });
            history.add(SamplerDriver.complete(history.size(), p, t.get("value").asDouble()));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        TpeSampler sampler = new TpeSampler();
        for (int k = 0; k < draws; k++) {
            Map<String, Object> p = sampler.sample(new SamplingContext(f.space(), history, List.of(Direction.MINIMIZE), history.size(), 1000 + k));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("params", p);
            row.put("value", f.evaluate(p));
            out.add(row);
        }
        System.out.println(json.writeValueAsString(out));
    }
}
