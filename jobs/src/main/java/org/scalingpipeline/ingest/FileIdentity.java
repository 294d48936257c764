package org.scalingpipeline.ingest;

import java.io.Serializable;

/**
 * The identity of an input file as it was read: path, size, modification time and content hash.
 * Re-ingesting a file with the same hash changes nothing; a landed file whose hash changed is a
 * modified file.
 */
public record FileIdentity(String path, long sizeBytes, long modifiedMillis, String sha256)
    implements Serializable {

  /** The file name without its folder. */
  public String name() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
