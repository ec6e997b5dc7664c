package dev.strata.jcache.hotkeys;

/**
 * A cache's hot keys through JMX, as
 * {@code javax.cache:type=StrataHotKeys,CacheManager=<uri>,Cache=<name>}, registered for every
 * cache that tracks them.
 */
public interface HotKeysMXBean {
  /** The {@code n} most read keys, one line each: key, estimated reads and bounds. */
  String[] topKeys(int n);

  /** The ten most read keys, as {@link #topKeys}. */
  String[] getTopTen();

  /** How many reads were sampled into the sketch. */
  long getSampledReads();

  /** One read in how many is sampled. */
  int getSampleEvery();

  /** Forgets every read recorded so far. */
  void reset();
}
