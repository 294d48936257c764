package org.scalingpipeline.notebooks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Zeppelin's dynamic forms in paragraph text: {@code ${name=default}} (text box) and
 * {@code ${name=default,option1|option2}} (select; an option may read {@code value(Display)}).
 * Substituting them gives the SQL that Zeppelin runs when the user keeps the defaults.
 */
final class ZeppelinForms {

  private static final Pattern FORM = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:=([^}]*))?}");

  private ZeppelinForms() {}

  /** The forms of a text, name to default value, in order of appearance. */
  static Map<String, String> defaults(String text) {
    Map<String, String> forms = new LinkedHashMap<>();
    Matcher m = FORM.matcher(text);
    while (m.find()) {
      forms.putIfAbsent(m.group(1), defaultOf(m.group(2)));
    }
    return forms;
  }

  /** The text with every form replaced by its override if given, else its default. */
  static String substitute(String text, Map<String, String> overrides) {
    return FORM.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
        overrides.getOrDefault(m.group(1), defaultOf(m.group(2)))));
  }

  private static String defaultOf(String spec) {
    if (spec == null) {
      return "";
    }
    int comma = spec.indexOf(',');
    boolean select = comma >= 0 && spec.indexOf('|', comma) >= 0;
    return select ? spec.substring(0, comma) : spec;
  }
}
