/**
 * How a row's cells become Tribuo features ({@link dev.tuner.features.RowEncoding}): shared by the plugin's data
 * reading and by an application's {@code ModelBundle.predict}, so both apply one rule. JDK only, no Tribuo, no
 * plugin-only library.
 */
package dev.tuner.features;
