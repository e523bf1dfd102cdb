package dev.tuner.space;

import java.util.List;

/** One of a fixed list of choices, kept as strings (what the user wrote). Internal value = index. */
public record CategoricalDistribution(List<String> choices) implements Distribution {

    public CategoricalDistribution {
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("choice() needs at least one value");
        }
        if (choices.stream().distinct().count() != choices.size()) {
            throw new IllegalArgumentException("choice() lists a value twice: " + choices);
        }
        choices = List.copyOf(choices);
    }

    public int indexOf(Object value) {
        return choices.indexOf(String.valueOf(value));
    }

    @Override
    public double toInternal(Object value) {
        return indexOf(value);
    }

    @Override
    public Object fromInternal(double internal) {
        int i = (int) Math.round(internal);
        return choices.get(Math.max(0, Math.min(choices.size() - 1, i)));
    }

    @Override
    public double internalLow() {
        return 0;
    }

    @Override
    public double internalHigh() {
        return choices.size() - 1;
    }

    @Override
    public boolean contains(Object value) {
        return indexOf(value) >= 0;
    }

    @Override
    public String describe() {
        return "choice(" + String.join(", ", choices) + ")";
    }
}
