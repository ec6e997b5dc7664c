package dev.strata.jcache.hotkeys;

/**
 * A frequently read key with its estimated number of reads and the bounds of that estimate.
 * The counts are scaled up from the sample of reads the cache recorded: the bounds are the
 * sketch's over that sample, and sampling adds its own (statistical) error on top.
 */
public record HotKey<K>(K key, long estimate, long lowerBound, long upperBound) {
  @Override
  public String toString() {
    return key + " ~" + estimate + " [" + lowerBound + ", " + upperBound + "]";
  }
}
