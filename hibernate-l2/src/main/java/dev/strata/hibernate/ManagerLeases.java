package dev.strata.hibernate;

import java.util.IdentityHashMap;
import java.util.Map;
import javax.cache.CacheManager;

/**
 * Counts the region factories using each cache manager: session factories of one JVM with the
 * same manager URI share its caches, and the manager closes when the last of them stops.
 */
final class ManagerLeases {
  private static final Map<CacheManager, Integer> LEASES = new IdentityHashMap<>();

  private ManagerLeases() {}

  static synchronized void acquire(CacheManager manager) {
    LEASES.merge(manager, 1, Integer::sum);
  }

  static synchronized void release(CacheManager manager) {
    Integer left = LEASES.merge(manager, -1, Integer::sum);
    if (left == null || left <= 0) {
      LEASES.remove(manager);
      manager.close();
    }
  }
}
