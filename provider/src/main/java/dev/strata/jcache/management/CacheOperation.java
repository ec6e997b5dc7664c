package dev.strata.jcache.management;

/** The cache operations whose latency a {@link LatencyListener} may hear of. */
public enum CacheOperation {
  GET, GET_ALL, PUT, PUT_ALL, REMOVE, INVOKE
}
