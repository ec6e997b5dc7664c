package dev.strata.benchmarks;

import dev.strata.benchmarks.Report.Measure;
import java.util.Locale;

/** How the benchmark page writes numbers. */
final class Format {
  private Format() {}

  static String metOrNot(boolean met) {
    return met ? "**met**" : "**not met**";
  }

  static String ratio(double ratio) {
    return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : "%.2f×", ratio);
  }

  /** Three significant digits or one decimal, whichever shows more. */
  static String score(Measure measure) {
    double score = measure.score();
    int decimals = score >= 10 || score == 0 ? 1
        : Math.min(6, 2 - (int) Math.floor(Math.log10(Math.abs(score))));
    return number(score, measure.error(), decimals);
  }

  /** A time in ns, or in µs from 10 µs up. */
  static String time(Measure measure) {
    if (!measure.unit().startsWith("ns")) {
      return score(measure) + " " + measure.unit();
    }
    if (measure.score() >= 10_000) {
      return number(measure.score() / 1000, measure.error() / 1000, 1) + " µs";
    }
    return number(measure.score(), measure.error(), 1) + " ns";
  }

  /** A score and its error, or the score alone when it has none. */
  static String number(double score, double error, int decimals) {
    String format = "%,." + decimals + "f";
    String text = String.format(Locale.ROOT, format, score);
    return Double.isNaN(error) ? text
        : text + " ± " + String.format(Locale.ROOT, format, error);
  }

  static String bytes(double bytes) {
    return Double.isNaN(bytes) ? "" : String.format(Locale.ROOT, "%,.0f", bytes);
  }

  /** A profile as a Markdown table. */
  static String profile(Profiles.Profile profile) {
    return Profiles.markdown(profile);
  }
}
