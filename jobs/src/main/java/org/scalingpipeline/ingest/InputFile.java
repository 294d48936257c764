package org.scalingpipeline.ingest;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * A log file read whole into memory, with the identity it had when read. Gzip files
 * ({@code .gz}) are decompressed line by line so that a truncated archive still yields the lines
 * before the damage.
 */
public record InputFile(FileIdentity identity, byte[] content) implements Serializable {

  /** An input file whose hash is computed from its content. */
  public static InputFile of(String path, long modifiedMillis, byte[] content) {
    return new InputFile(new FileIdentity(path, content.length, modifiedMillis, sha256(content)), content);
  }

  /** Opens the (decompressed) text for reading. */
  public BufferedReader reader() {
    try {
      InputStream in = new ByteArrayInputStream(content);
      if (identity.path().endsWith(".gz")) {
        in = new GZIPInputStream(in);
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("not a gzip file: " + identity.path() + ": " + e.getMessage(), e);
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
