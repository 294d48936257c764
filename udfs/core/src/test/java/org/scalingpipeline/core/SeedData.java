package org.scalingpipeline.core;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the seed datasets (never copied into the repository) through the {@code SCALING_DATA_DIR}
 * environment variable, defaulting to {@code ../shared/data}. A relative directory is relative to the
 * repository root, which the build passes to the tests as the system property {@value #ROOT} (a test
 * runs in its module's folder, so resolving against the working directory would depend on the module).
 */
public final class SeedData {

    public static final String VARIABLE = "SCALING_DATA_DIR";
    /** System property naming the repository root (pom.xml, surefire). */
    public static final String ROOT = "scaling.root";
    private static final String DEFAULT = "../shared/data";

    private SeedData() {
    }

    /** The seed data directory: {@value #VARIABLE}, else {@value #DEFAULT}, resolved against the root. */
    public static Path directory() {
        String configured = System.getenv(VARIABLE);
        boolean unset = configured == null || configured.isBlank() || configured.startsWith("${");
        return root().resolve(unset ? DEFAULT : configured).normalize();
    }

    /** The repository root: {@value #ROOT}, else the working directory (a test started outside Maven). */
    public static Path root() {
        String root = System.getProperty(ROOT);
        return Path.of(root == null || root.isBlank() ? "" : root).toAbsolutePath();
    }

    /** Path of a seed file; fails naming the variable when the file is not there. */
    public static Path file(String relative) {
        Path path = directory().resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("seed file " + path + " not found: set " + VARIABLE
                    + " to the seed data directory, absolute or relative to the repository root " + root()
                    + " (currently " + System.getenv(VARIABLE) + ")");
        }
        return path;
    }
}
