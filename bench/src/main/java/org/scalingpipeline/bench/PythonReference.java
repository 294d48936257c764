package org.scalingpipeline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python reference methods the benchmarks compare the project's fits with, shipped as resources of
 * this package so there is one copy of each: {@value #REFERENCE_FITS} (SciPy {@code curve_fit} per run, the
 * Chinchilla Huber/L-BFGS-B grid, the routed-law multi-start; also imported by the scripts that produced
 * the core tests' golden values) and {@value #FIT_THROUGHPUT}, which imports it. Benchmarks copy them to a
 * folder and run them with a {@code python3} that has numpy and scipy.
 */
public final class PythonReference {

    /** The reference methods, also runnable as a script over groups of points. */
    public static final String REFERENCE_FITS = "reference_fits.py";
    /** The SciPy side of {@link FitThroughputBenchmark}. */
    public static final String FIT_THROUGHPUT = "fit_throughput.py";

    private PythonReference() {
    }

    /**
     * Interpreters tried in order: the {@code python3} on the PATH, then the system's (where Debian's
     * {@code python3-scipy} installs numpy and scipy).
     */
    private static final List<String> INTERPRETERS = List.of("python3", "/usr/bin/python3");

    /** Whether a {@code python3} with numpy and scipy can be run here. */
    public static boolean available() {
        return python() != null;
    }

    /** The first interpreter of {@link #INTERPRETERS} that imports numpy and scipy, or null. */
    private static String python() {
        for (String python : INTERPRETERS) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import numpy, scipy").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Copies the scripts into {@code dir} (created if needed) and returns it. */
    public static Path extract(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String script : List.of(REFERENCE_FITS, FIT_THROUGHPUT)) {
                try (InputStream in = PythonReference.class.getResourceAsStream(script)) {
                    Files.copy(in, dir.resolve(script), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Python reference scripts to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code python3 dir/script args...} and returns its standard output's lines (warnings on standard
     * error are not among them).
     *
     * @throws IllegalStateException when it fails or outlasts {@code timeout}, with its standard error
     */
    public static List<String> run(Path dir, String script, Duration timeout, String... args) {
        String python = python();
        if (python == null) {
            throw new IllegalStateException("no python3 with numpy and scipy: run bin/ensure-test-tool scipy as root,"
                    + " or install Debian's python3-scipy");
        }
        List<String> command = new ArrayList<>(List.of(python, dir.resolve(script).toString()));
        command.addAll(List.of(args));
        Path output = null;
        Path errors = null;
        try {
            output = Files.createTempFile(dir, script, ".out");
            errors = Files.createTempFile(dir, script, ".err");
            Process p = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + (finished ? " failed:\n" : " timed out:\n")
                        + Files.readString(errors));
            }
            return Files.readAllLines(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteIfPresent(output);
            deleteIfPresent(errors);
        }
    }

    private static void deleteIfPresent(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
