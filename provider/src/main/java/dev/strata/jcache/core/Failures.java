package dev.strata.jcache.core;

import java.util.function.Supplier;

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

  /**
   * Runs a step of an operation; if it fails, delivers the events of what it did before
   * failing, then rethrows.
   */
  public static <T> T flushingOnFailure(CacheContext<?, ?> ctx, Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      flushSuppressed(ctx, e);
      throw e;
    }
  }

  /** {@link #flushingOnFailure(CacheContext, Supplier)} for a step that returns nothing. */
  public static void flushingOnFailure(CacheContext<?, ?> ctx, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      flushSuppressed(ctx, e);
      throw e;
    }
  }
}
