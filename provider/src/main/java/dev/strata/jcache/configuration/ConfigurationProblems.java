package dev.strata.jcache.configuration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.CacheException;

/**
 * The errors found in one configuration, gathered so that a file with several mistakes is
 * reported once, with all of them in line order, rather than one per attempt.
 */
final class ConfigurationProblems {
  /** Messages begin with where the setting is: {@code file:line: }. */
  private static final Pattern LINE = Pattern.compile("^.*?:(\\d+): ");

  private final List<CacheException> found = new ArrayList<>();

  /** Runs {@code check}, keeping the error it throws instead of letting it end the reading. */
  void check(Runnable check) {
    try {
      check.run();
    } catch (CacheException e) {
      found.add(e);
    }
  }

  void add(CacheException problem) {
    found.add(problem);
  }

  void addAll(ConfigurationProblems others) {
    found.addAll(others.found);
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** Throws the one error, or a single error listing them all in line order. */
  void throwIfAny(String source) {
    if (found.isEmpty()) {
      return;
    }
    if (found.size() == 1) {
      throw found.get(0);
    }
    List<CacheException> ordered = new ArrayList<>(found);
    ordered.sort(Comparator.comparingInt(ConfigurationProblems::line));
    StringBuilder message = new StringBuilder().append(ordered.size())
        .append(" errors in the Strata configuration ").append(source).append(':');
    for (CacheException problem : ordered) {
      message.append("\n  ").append(problem.getMessage());
    }
    CacheException all = new CacheException(message.toString(), ordered.get(0));
    for (int i = 1; i < ordered.size(); i++) {
      all.addSuppressed(ordered.get(i));
    }
    throw all;
  }

  private static int line(CacheException problem) {
    String message = problem.getMessage();
    Matcher matcher = LINE.matcher(message == null ? "" : message);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : Integer.MAX_VALUE;
  }
}
