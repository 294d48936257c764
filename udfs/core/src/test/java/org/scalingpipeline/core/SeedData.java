package org.scalingpipeline.core;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the seed datasets (never copied into the repository) through the {@code SCALING_DATA_DIR}
 * environment variable, defaulting to {@code /work/shared/data}.
 */
public final class SeedData {

    public static final String VARIABLE = "SCALING_DATA_DIR";
    private static final String DEFAULT = "/work/shared/data";

    private SeedData() {
    }

    /** Path of a seed file; fails naming the variable when the file is not there. */
    public static Path file(String relative) {
        String configured = System.getenv(VARIABLE);
        boolean unset = configured == null || configured.isBlank() || configured.startsWith("${");
        Path path = Path.of(unset ? DEFAULT : configured).resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("seed file " + path + " not found: set " + VARIABLE
                    + " to the seed data directory (currently " + (unset ? "unset, default " + DEFAULT : configured)
                    + ")");
        }
        return path;
    }
}
