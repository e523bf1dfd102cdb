package dev.tuner.storage;

import dev.tuner.trial.Trial;

/** A trial as read, with the change sequence number of the write that produced it. */
record Versioned(Trial trial, long updated) {
}
