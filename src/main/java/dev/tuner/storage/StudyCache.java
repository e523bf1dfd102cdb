package dev.tuner.storage;

import dev.tuner.trial.Trial;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * This storage's copy of one study's trials. Trials are immutable snapshots; a change replaces one, and the list
 * handed out is rebuilt only when something changed. Merges keep the newest version of each trial, so readers
 * that raced on different snapshots cannot put an older one back.
 */
final class StudyCache {
    /** The newest version read of each trial, by number (numbers are dense: no gaps once read). */
    private Versioned[] byNumber = new Versioned[64];
    private Trial[] trials = new Trial[64];
    private int size;
    private long seen = -1;
    private List<Trial> list = List.of();

    synchronized long seen() {
        return seen;
    }

    synchronized List<Trial> merge(List<Versioned> changed) {
        boolean dirty = false;
        for (Versioned v : changed) {
            int number = v.trial().number();
            if (number >= byNumber.length) {
                int capacity = Math.max(number + 1, byNumber.length * 2);
                byNumber = Arrays.copyOf(byNumber, capacity);
                trials = Arrays.copyOf(trials, capacity);
            }
            Versioned old = byNumber[number];
            if (old == null || old.updated() < v.updated()) {
                byNumber[number] = v;
                trials[number] = v.trial();
                size = Math.max(size, number + 1);
                dirty = true;
            }
            seen = Math.max(seen, v.updated());
        }
        if (dirty) {
            // Handed to every reader as it is: nobody can change it, and it is replaced, never updated.
            Trial[] out = Arrays.copyOf(trials, size);
            int present = 0;
            for (Trial t : out) {
                if (t != null) {
                    present++;
                }
            }
            if (present < size) {
                // A number not read (yet): cannot happen with dense numbering, but never hand out a hole.
                out = Arrays.stream(out).filter(Objects::nonNull).toArray(Trial[]::new);
            }
            list = Collections.unmodifiableList(Arrays.asList(out));
        }
        return list;
    }
}
