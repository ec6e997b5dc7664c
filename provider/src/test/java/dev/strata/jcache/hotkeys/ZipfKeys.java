package dev.strata.jcache.hotkeys;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Ranks drawn from a Zipf distribution over {@code 0..n-1} (rank 0 the most frequent). */
final class ZipfKeys {
  private final double[] cumulative;
  private final SplittableRandom random;

  ZipfKeys(int n, double exponent, long seed) {
    cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, exponent);
      cumulative[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum;
    }
    random = new SplittableRandom(seed);
  }

  int next() {
    int found = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(found >= 0 ? found : -found - 1, cumulative.length - 1);
  }
}
