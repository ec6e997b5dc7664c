package dev.strata.jcache.management;

/**
 * Hears how long each timed operation of a cache took, on the caller's thread, after the
 * operation (failed ones too). Timing costs two clock readings per operation, so a cache reads
 * the clock only while it has a listener: see {@code StrataCache.addLatencyListener}.
 */
@FunctionalInterface
public interface LatencyListener {
  void record(CacheOperation operation, long nanos);
}
