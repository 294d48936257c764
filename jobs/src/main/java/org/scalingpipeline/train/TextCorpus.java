package org.scalingpipeline.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A text corpus as a byte stream, split into training and held-out validation bytes. The split is
 * by interleaved blocks (every {@value #VALIDATION_EVERY}th block of {@value #BLOCK_BYTES} bytes is
 * held out), so that validation covers every part of a corpus ordered by genre, such as Brown.
 */
public final class TextCorpus {

  /** Size of the blocks the split deals out. */
  static final int BLOCK_BYTES = 4096;
  /** One block in this many is held out for validation (5 %). */
  static final int VALIDATION_EVERY = 20;

  private final String name;
  private final byte[] train;
  private final byte[] validation;

  private TextCorpus(String name, byte[] train, byte[] validation) {
    this.name = name;
    this.train = train;
    this.validation = validation;
  }

  /**
   * Reads a text file, or every non-hidden regular file under a folder in name order (one newline
   * between files). The corpus is named after the file or folder without extension.
   */
  public static TextCorpus load(Path fileOrFolder) {
    if (!Files.exists(fileOrFolder)) {
      throw new IllegalArgumentException("corpus not found: " + fileOrFolder
          + "; pass a text file or folder, or run bin/fetch-corpus for the default Brown corpus");
    }
    String fileName = fileOrFolder.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    String name = dot > 0 ? fileName.substring(0, dot) : fileName;
    return split(name, readAll(fileOrFolder));
  }

  /** Splits bytes into interleaved training and validation blocks. */
  static TextCorpus split(String name, byte[] text) {
    ByteArrayOutputStream train = new ByteArrayOutputStream(text.length);
    ByteArrayOutputStream validation = new ByteArrayOutputStream(text.length / VALIDATION_EVERY + 1);
    for (int block = 0, from = 0; from < text.length; block++, from += BLOCK_BYTES) {
      int length = Math.min(BLOCK_BYTES, text.length - from);
      (block % VALIDATION_EVERY == VALIDATION_EVERY - 1 ? validation : train).write(text, from, length);
    }
    return new TextCorpus(name, train.toByteArray(), validation.toByteArray());
  }

  private static byte[] readAll(Path fileOrFolder) {
    try {
      if (Files.isRegularFile(fileOrFolder)) {
        return Files.readAllBytes(fileOrFolder);
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(fileOrFolder)) {
        files = walk.filter(Files::isRegularFile)
            .filter(p -> !p.getFileName().toString().startsWith("."))
            .sorted()
            .collect(Collectors.toList());
      }
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (Path file : files) {
        all.write(Files.readAllBytes(file));
        all.write('\n');
      }
      return all.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read corpus " + fileOrFolder + ": " + e.getMessage(), e);
    }
  }

  /**
   * The default corpus: {@code $SCALING_CORPUS} if set, else {@code corpus/brown.txt} under
   * {@code ${SCALING_CACHE:-$HOME/.cache/scaling-pipeline}} as written by {@code bin/fetch-corpus};
   * empty when that file does not exist.
   */
  public static Optional<Path> defaultLocation() {
    String explicit = System.getenv("SCALING_CORPUS");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Paths.get(explicit)).filter(Files::exists);
    }
    String cache = System.getenv("SCALING_CACHE");
    Path cacheDir = cache != null && !cache.isBlank()
        ? Paths.get(cache)
        : Paths.get(System.getProperty("user.home"), ".cache", "scaling-pipeline");
    return Optional.of(cacheDir.resolve("corpus").resolve("brown.txt")).filter(Files::isRegularFile);
  }

  /** Name written as {@code dataset} in the run record. */
  public String name() {
    return name;
  }

  /** Training bytes (not copied: do not modify). */
  byte[] train() {
    return train;
  }

  /** Held-out validation bytes (not copied: do not modify). */
  byte[] validation() {
    return validation;
  }
}
