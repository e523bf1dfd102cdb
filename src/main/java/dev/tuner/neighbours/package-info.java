/**
 * Nearest neighbours over unit-length vectors (sentence embeddings), by cosine similarity (a dot product, since the
 * rows have unit length): the {@code k} nearest rows of a query, and every pair of rows above a similarity (the
 * near-duplicate graph).
 *
 * <p>{@link dev.tuner.neighbours.NeighbourIndex#of} picks the implementation by size: below
 * {@link dev.tuner.neighbours.NeighbourIndex#EXACT_LIMIT} rows, or when hnswlib is not on the class path,
 * {@link dev.tuner.neighbours.ExactNeighbourIndex} (every pair, blocked for the cache); above it
 * {@link dev.tuner.neighbours.HnswNeighbourIndex} (an HNSW graph from {@code com.github.jelmerk:hnswlib-core},
 * built single-threaded in row order, so the same rows give the same graph). Either way every similarity returned
 * is computed exactly by {@link dev.tuner.neighbours.Similarity#cosine}; the approximate index only proposes the
 * candidates. This package uses nothing of the plugin: applications get it with the bundle loader.
 */
package dev.tuner.neighbours;
