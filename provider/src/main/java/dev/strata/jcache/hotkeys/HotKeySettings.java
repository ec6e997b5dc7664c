package dev.strata.jcache.hotkeys;

import java.io.Serializable;

/**
 * How a cache tracks its hot keys: it records one read in {@code sampleEvery}, at random, into
 * a sketch of at most {@code maxTracked} keys. Both are powers of two. The sketch's memory is
 * about {@code maxTracked * 18} bytes plus the tracked keys themselves; a key whose share of the
 * sampled reads exceeds about {@code 3.5 / maxTracked} is always among those tracked.
 */
public record HotKeySettings(int sampleEvery, int maxTracked) implements Serializable {
  /**
   * One read in 64, into a sketch of 512 keys (about 10 KB with small keys): a hit pays the
   * random draw and, one time in 64, the sketch's update, a few nanoseconds in all.
   */
  public static final HotKeySettings DEFAULTS = new HotKeySettings(64, 512);

  public HotKeySettings {
    if (sampleEvery < 1 || Integer.bitCount(sampleEvery) != 1) {
      throw new IllegalArgumentException("hot-keys sample-every must be a power of two (1, 2,"
          + " 4, ... 16, ...): " + sampleEvery);
    }
    if (maxTracked < 8 || maxTracked > 1 << 20 || Integer.bitCount(maxTracked) != 1) {
      throw new IllegalArgumentException("hot-keys max-tracked must be a power of two from 8"
          + " to 1048576: " + maxTracked);
    }
  }
}
