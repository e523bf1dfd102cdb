package dev.tuner.maven;

import java.util.LinkedHashMap;

/**
 * One {@code <enqueue><trial>}: parameter name to value text, e.g. {@code <trial><eta>0.1</eta></trial>}. A map
 * type of its own, so that Maven can bind a list of them (it cannot bind a list of bare maps).
 */
public final class TrialParams extends LinkedHashMap<String, String> {
    private static final long serialVersionUID = 1L;
}
