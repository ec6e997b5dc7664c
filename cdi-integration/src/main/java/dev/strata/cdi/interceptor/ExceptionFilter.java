package dev.strata.cdi.interceptor;

/**
 * The include/exclude rule the annotations share for exception classes (cachedExceptions and
 * nonCachedExceptions, cacheFor and noCacheFor, evictFor and noEvictFor): an exception
 * counts when it is an instance of an included class (or nothing is included) and of no
 * excluded class. {@code whenBothEmpty} decides when neither list names anything, since the
 * annotations differ there: exception caching then caches all, put and remove act on none.
 */
final class ExceptionFilter {
  private ExceptionFilter() {
  }

  static boolean matches(Throwable thrown, Class<? extends Throwable>[] included,
      Class<? extends Throwable>[] excluded, boolean whenBothEmpty) {
    if (included.length == 0 && excluded.length == 0) {
      return whenBothEmpty;
    }
    boolean in = included.length == 0 || instanceOfAny(thrown, included);
    return in && !instanceOfAny(thrown, excluded);
  }

  private static boolean instanceOfAny(Throwable thrown, Class<? extends Throwable>[] types) {
    for (Class<? extends Throwable> type : types) {
      if (type.isInstance(thrown)) {
        return true;
      }
    }
    return false;
  }

  /** Throws any throwable from a method that declares only {@code Exception}. */
  @SuppressWarnings("unchecked")
  static <T extends Throwable> RuntimeException rethrow(Throwable thrown) throws T {
    throw (T) thrown;
  }
}
