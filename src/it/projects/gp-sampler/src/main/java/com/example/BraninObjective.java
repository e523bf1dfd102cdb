package com.example;

import dev.tuner.study.Objective;

import java.util.Map;

/** The Branin function; global minimum 0.397887 at three points. */
public class BraninObjective implements Objective {
    @Override
    public Map<String, Double> evaluate(Map<String, Object> params, double budget, int fold) {
        double x = ((Number) params.get("x")).doubleValue();
        double y = ((Number) params.get("y")).doubleValue();
        double a = 1, b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
        double v = a * Math.pow(y - b * x * x + c * x - r, 2) + s * (1 - t) * Math.cos(x) + s;
        return Map.of("branin", v);
    }
}
