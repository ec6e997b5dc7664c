package dev.strata.jcache.core;

/** How an operation that failed still delivers the events of what it did before failing. */
public final class Failures {
  private Failures() {}

  public static void flushSuppressed(CacheContext<?, ?> ctx, RuntimeException failure) {
    try {
      ctx.events().flush();
    } catch (RuntimeException listenerFailure) {
      if (listenerFailure != failure) {
        failure.addSuppressed(listenerFailure);
      }
    }
  }
}
