package org.scalingpipeline.notebooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.zeppelin.display.Input;
import org.apache.zeppelin.interpreter.util.SqlSplitter;

/**
 * A SQL paragraph's text made into the statements Zeppelin runs, by Zeppelin's own code (Maven Central's
 * zeppelin-zengine 0.10.0 and zeppelin-interpreter 0.11.1, whose ParagraphTextParser, Input and SqlSplitter are
 * byte-identical to Zeppelin 0.12.1's) in 0.12.1's order: the paragraph text parsed into interpreter and script
 * ({@link ZeppelinNote}), then the note forms ({@code $${name=default}}), then the paragraph forms
 * ({@code ${name=default}}, {@code ${name=default,a|b}}), then the script split into statements.
 */
final class ZeppelinRun {

  private ZeppelinRun() {}

  /** The paragraph forms of a script, name to default value, in order of appearance. */
  static Map<String, Object> paragraphFormDefaults(String script) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    Input.extractSimpleQueryForm(script, false).forEach((name, input) -> defaults.put(name, input.getDefaultValue()));
    return defaults;
  }

  /** The statements of a script with every form at its default, or at the value given for it. */
  static List<String> statements(String script, Map<String, Object> values) {
    Map<String, Object> noteParams = new LinkedHashMap<>();
    Input.extractSimpleQueryForm(script, true).forEach((name, input) ->
        noteParams.put(name, values.getOrDefault(name, input.getDefaultValue())));
    String afterNoteForms = Input.getSimpleQuery(noteParams, script, true);
    Map<String, Object> params = new LinkedHashMap<>(paragraphFormDefaults(afterNoteForms));
    params.replaceAll((name, value) -> values.getOrDefault(name, value));
    return new SqlSplitter().splitSql(Input.getSimpleQuery(params, afterNoteForms, false));
  }
}
