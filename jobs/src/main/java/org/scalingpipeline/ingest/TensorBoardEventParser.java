package org.scalingpipeline.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.scalingpipeline.ingest.TensorBoardEventReader.HParam;

/**
 * Reads a TensorBoard event file ({@link TensorBoardEventReader}) into the points of its run
 * ({@code data/log-format.md}, "TensorBoard event files"). A run is a log folder: the folder of the file, or its
 * parent when the file lies in a {@code train/}, {@code validation/}, {@code eval/}, {@code val/} or {@code test/}
 * subfolder (Keras writes {@code logs/train} and {@code logs/validation}), whose name then prefixes the tags
 * ({@code validation/epoch_loss}). Every event file of the folder (restarts, splits) declares the same run:
 * its config is Lightning's {@code hparams.yaml} in the folder, or, without one, the {@code hparams} plugin's
 * first session start within the first {@link #HPARAMS_HEAD_BYTES} bytes of the run's event files in path
 * order, which every file of the run finds alike.
 *
 * <p>Each record is a row: accepted with its scalars as points (none for a histogram, image, graph or the file
 * version), or rejected. A (tag, step) given again with the same value is accepted without a second point
 * (Lightning logs {@code epoch} at both ends of an epoch, and {@code hp_metric} twice); with another value the
 * record is rejected, naming the earlier record.
 */
public final class TensorBoardEventParser implements LogParser {

  /** The source of TensorBoard runs. */
  public static final String SOURCE = "tensorboard";

  /** Subfolders of a log folder that hold one split of its run. */
  static final Set<String> SPLITS = Set.of("train", "validation", "eval", "val", "test");

  /** The hparams plugin's session start counts for the run's config within this head of each event file. */
  static final long HPARAMS_HEAD_BYTES = 1 << 20;

  private static final String EVENT_FILE_PREFIX = "events.out.tfevents.";

  private final LogFiles logFiles;

  public TensorBoardEventParser(LogFiles logFiles) {
    this.logFiles = logFiles;
  }

  @Override
  public ParsedFile parse(InputFile file) {
    ParseCollector out = new ParseCollector(file, LogFormat.TENSORBOARD_EVENTS);
    Path path = new Path(file.path());
    Path folder = path.getParent();
    String tagPrefix = "";
    if (SPLITS.contains(folder.getName()) && folder.getParent() != null) {
      tagPrefix = folder.getName() + "/";
      folder = folder.getParent();
    }
    RunRecord run = RunRecord.of(SOURCE, logFiles.runName(folder.toString()), "dense", file.path());
    String yamlPath = new Path(folder, LightningHparamsYaml.NAME).toString();
    Map<String, HParam> yaml;
    try {
      InputFile companion = logFiles.companion(yamlPath);
      yaml = companion == null ? null : LightningHparamsYaml.read(companion.text());
    } catch (IOException | UncheckedIOException e) {
      return out.wholeFileRejected(yamlPath + " beside it is not readable as Lightning's hparams YAML: "
          + e.getMessage());
    }
    Records records = new Records(out, run.runId(), tagPrefix);
    try (InputStream in = file.bytes()) {
      records.reader = new TensorBoardEventReader(in, file.sizeBytes(), file.limits().maxLineBytes());
      records.reader.read(records);
    } catch (IOException e) {
      long at = records.reader == null ? 0 : records.reader.offset();
      out.reject(records.index + 1, "byte " + at, "cannot read the file from byte " + at + ": " + e.getMessage());
    }
    Map<String, HParam> hparams = yaml != null ? yaml : sessionStart(folder, path, records.headHparams);
    out.run(HyperParameters.apply(run, hparams == null ? Map.of() : hparams));
    return out.result();
  }

  /**
   * The hparams of the first session start in the head of the run's event files, in path order: this file's own
   * ({@code own}, found while it was read) in its place, the others' read from their heads.
   */
  private Map<String, HParam> sessionStart(Path folder, Path self, Map<String, HParam> own) {
    for (String other : eventFiles(folder)) {
      if (new Path(other).toUri().getPath().equals(self.toUri().getPath())) {
        if (own != null) {
          return own;
        }
        continue;
      }
      Map<String, HParam> found = headHparams(other);
      if (found != null) {
        return found;
      }
    }
    return own;
  }

  /** The event files of a run folder and of its split subfolders, sorted by path. */
  private List<String> eventFiles(Path folder) {
    List<String> files = new ArrayList<>();
    List<String> places = new ArrayList<>(List.of(folder.toString()));
    SPLITS.forEach(split -> places.add(new Path(folder, split).toString()));
    for (String place : places) {
      for (String child : logFiles.filesIn(place, false)) {
        if (new Path(child).getName().startsWith(EVENT_FILE_PREFIX) && logFiles.isLog(child)) {
          files.add(child);
        }
      }
    }
    files.sort(null);
    return files;
  }

  /** The first session start's hparams in the head of another event file, or null (also when it is unreadable). */
  private Map<String, HParam> headHparams(String location) {
    try {
      InputFile other = logFiles.open(location);
      HeadHparams found = new HeadHparams();
      try (InputStream head = other.head()) {
        new TensorBoardEventReader(head, Math.min(HPARAMS_HEAD_BYTES, other.sizeBytes()),
            other.limits().maxLineBytes()).read(found);
      }
      return found.hparams;
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  /** Gathers the session start of a file's head; the reader stops at the head's end. */
  private static final class HeadHparams implements TensorBoardEventReader.Listener {
    Map<String, HParam> hparams;

    @Override
    public void record(long index, long offset) {}

    @Override
    public void scalar(String tag, long step, double wallTime, double value) {}

    @Override
    public void hparams(Map<String, HParam> values) {
      hparams = hparams == null ? values : hparams;
    }

    @Override
    public void fault(long index, long offset, String reason) {}
  }

  /** Turns the reader's records into rows, points and rejects of the file. */
  private static final class Records implements TensorBoardEventReader.Listener {
    private final ParseCollector out;
    private final String runId;
    private final String tagPrefix;
    TensorBoardEventReader reader;
    Map<String, HParam> headHparams;
    long index;
    private long offset;
    private boolean rejected;

    Records(ParseCollector out, String runId, String tagPrefix) {
      this.out = out;
      this.runId = runId;
      this.tagPrefix = tagPrefix;
    }

    private static String raw(long index, long offset) {
      return "record " + index + " at byte " + offset;
    }

    @Override
    public void record(long index, long offset) {
      this.index = index;
      this.offset = offset;
      rejected = false;
      out.at(index, raw(index, offset));
      out.acceptRow(runId);
    }

    @Override
    public void scalar(String tag, long step, double wallTime, double value) {
      if (rejected) {
        return;
      }
      String metric = tagPrefix + tag;
      try {
        if (!Double.isFinite(value)) {
          throw new Cells.BadCell("value", Double.toString(value), "a finite number (tag " + metric + ", step "
              + step + ")");
        }
        if (step < 0) {
          throw new Cells.BadCell("step", Long.toString(step), "a step >= 0 (tag " + metric + ")");
        }
        out.point(new PointRecord(runId, step, null, null, metric, value, PointRecord.AS_LOGGED,
            wallTime == 0 ? null : wallTime, out.path()));
      } catch (Cells.BadCell e) {
        rejected = true;
        out.reject(index, raw(index, offset), e.getMessage());
      }
    }

    @Override
    public void hparams(Map<String, HParam> hparams) {
      if (headHparams == null && reader.offset() <= HPARAMS_HEAD_BYTES) {
        headHparams = hparams;
      }
    }

    @Override
    public void fault(long index, long offset, String reason) {
      this.index = index;
      out.at(index, raw(index, offset));
      out.reject(index, raw(index, offset), reason);
    }
  }
}
