package dev.strata.benchmarks;

import java.io.Serializable;

/**
 * An immutable value of the application's own: a record of a few numbers and a name. Strata
 * does not take a user's class for immutable, so a by-value cache still copies it.
 */
public record Point(int id, long updatedAt, double score, String name) implements Serializable {
  static Point of(int key) {
    return new Point(key, 1_700_000_000_000L + key, key / 7.0,
        String.format("customer-%08d-eu-west-1", key));
  }
}
