package org.scalingpipeline.refit;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The four folders of a refit, made absolute and checked before anything is read or moved. The refit
 * moves every landed file it cannot ingest into the quarantine and the stream lists everything below
 * the landing folder, so a landing folder that is, holds or lies in the warehouse would move the Delta
 * tables' data files away. Refused, with one line naming both folders: a landing folder and a warehouse
 * that overlap; a checkpoint that overlaps the landing folder or the quarantine, or is or holds the
 * warehouse (inside it is the default, {@code <warehouse>/_refit/checkpoint}); a quarantine that
 * overlaps the warehouse, or is or holds the landing folder, or lies in it below no folder the stream
 * skips (one whose name starts with {@code _} or {@code .}, like the default
 * {@code <landing>/_quarantine}); and a landing path with a glob character, which Spark's file source
 * would expand. Local folders are compared by their canonical paths, so a symbolic link does not hide
 * an overlap.
 */
public record RefitFolders(String landing, String warehouse, String checkpoint, String quarantine) {

  /** The characters Hadoop's glob expands. */
  private static final String GLOB = "*?[]{}\\";

  /**
   * The folders, defaults filled in ({@code checkpoint} and {@code quarantine} may be null); fails with
   * an {@link IllegalArgumentException} when the landing folder does not exist or folders overlap.
   */
  public static RefitFolders of(String landing, String warehouse, String checkpoint, String quarantine,
      Configuration hadoopConf) {
    String land = qualified(landing, hadoopConf, true);
    String root = qualified(warehouse, hadoopConf, false);
    RefitFolders folders = new RefitFolders(land, root,
        checkpoint == null ? root + "/_refit/checkpoint" : qualified(checkpoint, hadoopConf, false),
        quarantine == null ? land + "/_quarantine" : qualified(quarantine, hadoopConf, false));
    folders.check();
    return folders;
  }

  private void check() {
    String path = new Path(landing).toUri().getPath();
    for (char c : GLOB.toCharArray()) {
      if (path.indexOf(c) >= 0) {
        throw refused("the landing folder " + landing + " has the glob character '" + c + "' (none of " + GLOB
            + " may appear: Spark's file source would expand it)");
      }
    }
    Folder land = new Folder("landing folder", landing);
    Folder root = new Folder("warehouse", warehouse);
    Folder check = new Folder("checkpoint", checkpoint);
    Folder quar = new Folder("quarantine", quarantine);
    refuseOverlap(land, root, List.of());
    refuseOverlap(check, land, List.of());
    refuseOverlap(check, quar, List.of());
    refuseOverlap(check, root, List.of(Relation.INSIDE));
    refuseOverlap(quar, root, List.of());
    if (quar.relationTo(land) == Relation.INSIDE && !quar.belowHiddenFolderOf(land)) {
      throw refused("the quarantine " + quarantine + " is inside the landing folder " + landing
          + " below no folder whose name starts with '_' or '.', so the refit would offer quarantined files again");
    }
    refuseOverlap(quar, land, List.of(Relation.INSIDE));
  }

  private static void refuseOverlap(Folder a, Folder b, List<Relation> allowed) {
    Relation relation = a.relationTo(b);
    if (relation != Relation.APART && !allowed.contains(relation)) {
      throw refused("the " + a.role() + " " + a.location() + " " + relation.words + " the " + b.role() + " "
          + b.location());
    }
  }

  private static IllegalArgumentException refused(String why) {
    return new IllegalArgumentException("refusing to refit: " + why);
  }

  private enum Relation {
    SAME("is"), INSIDE("is inside"), CONTAINS("contains"), APART("");

    private final String words;

    Relation(String words) {
      this.words = words;
    }
  }

  /** A folder's role, its location as given, and its canonical form: scheme and authority, and path. */
  private record Folder(String role, String location, String root, String path) {

    Folder(String role, String location) {
      this(role, location, root(location), canonical(location));
    }

    Relation relationTo(Folder other) {
      if (!root.equals(other.root)) {
        return Relation.APART;
      }
      if (path.equals(other.path)) {
        return Relation.SAME;
      }
      if (path.startsWith(other.path + "/") || other.path.equals("/")) {
        return Relation.INSIDE;
      }
      return other.path.startsWith(path + "/") || path.equals("/") ? Relation.CONTAINS : Relation.APART;
    }

    /** Whether, below another folder, some folder of this one's path starts with '_' or '.'. */
    boolean belowHiddenFolderOf(Folder other) {
      for (String name : path.substring(other.path.length() + 1).split("/")) {
        if (name.startsWith("_") || name.startsWith(".")) {
          return true;
        }
      }
      return false;
    }

    private static String root(String location) {
      URI uri = new Path(location).toUri();
      return uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority());
    }

    /** The path, for a local folder with its symbolic links resolved (as far as it exists). */
    private static String canonical(String location) {
      URI uri = new Path(location).toUri();
      if (!"file".equals(uri.getScheme())) {
        return uri.getPath();
      }
      try {
        return new File(uri.getPath()).getCanonicalPath();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot resolve " + location + ": " + e.getMessage(), e);
      }
    }
  }

  /** A location made absolute; {@code mustExist}: it must be an existing folder (the landing folder). */
  private static String qualified(String location, Configuration hadoopConf, boolean mustExist) {
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(hadoopConf);
      if (mustExist && !fs.getFileStatus(path).isDirectory()) {
        throw new IllegalArgumentException(location + " is not a folder");
      }
      return fs.makeQualified(path).toString();
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("the folder " + location + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + location + ": " + e.getMessage(), e);
    }
  }
}
