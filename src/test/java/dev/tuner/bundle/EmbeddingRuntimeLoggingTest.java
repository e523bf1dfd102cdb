package dev.tuner.bundle;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EmbeddingRuntimeLoggingTest {
    @Test
    void raisesTheGpuProbesLevelButKeepsALevelTheUserSet() {
        String probe = "org.slf4j.simpleLogger.log.ai.djl.util.cuda";
        String platform = "org.slf4j.simpleLogger.log.ai.djl.util.Platform";
        String before = System.getProperty(platform);
        try {
            System.clearProperty(probe);
            System.setProperty(platform, "debug");
            EmbeddingRuntimeLogging.quiet();
            assertEquals("error", System.getProperty(probe));
            assertEquals("debug", System.getProperty(platform), "the user's level is kept");
        } finally {
            System.clearProperty(probe);
            if (before == null) {
                System.clearProperty(platform);
            } else {
                System.setProperty(platform, before);
            }
        }
    }
}
