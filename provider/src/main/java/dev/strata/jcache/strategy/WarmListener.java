package dev.strata.jcache.strategy;

/**
 * Hears how a warm-up progresses: at each progress interval, and once when it ends. Called on a
 * warm-up thread; a listener that throws is logged and keeps hearing.
 */
@FunctionalInterface
public interface WarmListener {
  /** The warm-up's progress; {@link WarmProgress#finished()} on the last call. */
  void onProgress(WarmProgress progress);
}
