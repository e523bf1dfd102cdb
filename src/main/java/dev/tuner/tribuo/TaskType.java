package dev.tuner.tribuo;

/** What a data set's target asks for. {@link #AUTO} is only an input: a loaded data set always knows its task. */
public enum TaskType {
    AUTO, CLASSIFICATION, REGRESSION
}
