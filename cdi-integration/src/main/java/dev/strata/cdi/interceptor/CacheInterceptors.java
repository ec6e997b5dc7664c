package dev.strata.cdi.interceptor;

import jakarta.interceptor.Interceptor;
import java.util.List;

/** The interceptors that implement the caching annotations, and their shared priority. */
public final class CacheInterceptors {
  /**
   * Early in the library band: the cache decides before application interceptors run, so a
   * cache hit skips them along with the method, and a computation includes them.
   */
  public static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 100;

  /** The interceptor classes, one per annotation. */
  public static final List<Class<?>> CLASSES = List.of(CacheResultInterceptor.class,
      CachePutInterceptor.class, CacheRemoveInterceptor.class, CacheRemoveAllInterceptor.class);

  private CacheInterceptors() {
  }
}
