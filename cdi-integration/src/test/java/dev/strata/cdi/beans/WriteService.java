package dev.strata.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheValue;

/**
 * {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll} on one cache; the
 * "routed" methods name their own resolver factory and key generator, which send them to
 * {@code "prefixed-" + CACHE} under upper-cased keys.
 */
@ApplicationScoped
public class WriteService {
  public static final String CACHE = "users";

  @CachePut(cacheName = CACHE)
  public void save(String id, @CacheValue String user) {
  }

  @CachePut(cacheName = CACHE)
  public void saveKeyed(@CacheKey String id, int attempt, @CacheValue String user) {
  }

  @CachePut(cacheName = CACHE)
  public void saveThenFail(String id, @CacheValue String user, boolean fail) {
    failIf(fail);
  }

  @CachePut(cacheName = CACHE, cacheFor = UncheckedIOException.class,
      noCacheFor = BadIo.class)
  public void saveCacheFor(String id, @CacheValue String user, String failWith) {
    failWith(failWith);
  }

  @CachePut(cacheName = CACHE, afterInvocation = false)
  public void saveFirst(String id, @CacheValue String user, boolean fail) {
    failIf(fail);
  }

  @CacheRemove(cacheName = CACHE)
  public void remove(String id, boolean fail) {
    failIf(fail);
  }

  @CacheRemove(cacheName = CACHE, evictFor = UncheckedIOException.class,
      noEvictFor = BadIo.class)
  public void removeEvictFor(String id, String failWith) {
    failWith(failWith);
  }

  @CacheRemove(cacheName = CACHE, afterInvocation = false)
  public void removeFirst(String id, boolean fail) {
    failIf(fail);
  }

  @CachePut(cacheName = CACHE, cacheResolverFactory = PrefixResolverFactory.class,
      cacheKeyGenerator = UpperCaseKeyGenerator.class)
  public void saveRouted(String id, @CacheValue String user) {
  }

  @CacheRemove(cacheName = CACHE, cacheResolverFactory = PrefixResolverFactory.class,
      cacheKeyGenerator = UpperCaseKeyGenerator.class)
  public void removeRouted(String id) {
  }

  @CacheRemoveAll(cacheName = CACHE, cacheResolverFactory = PrefixResolverFactory.class)
  public void clearRouted() {
  }

  @CacheRemoveAll(cacheName = CACHE)
  public void clear(boolean fail) {
    failIf(fail);
  }

  @CacheRemoveAll(cacheName = CACHE, evictFor = UncheckedIOException.class,
      noEvictFor = BadIo.class)
  public void clearEvictFor(String failWith) {
    failWith(failWith);
  }

  @CacheRemoveAll(cacheName = CACHE, afterInvocation = false)
  public void clearFirst(boolean fail) {
    failIf(fail);
  }

  private static void failIf(boolean fail) {
    if (fail) {
      throw new IllegalStateException("failed");
    }
  }

  private static void failWith(String failWith) {
    switch (failWith) {
      case "io" -> throw new UncheckedIOException(new IOException("io"));
      case "bad-io" -> throw new BadIo();
      case "state" -> throw new IllegalStateException("state");
      default -> { }
    }
  }

  /** An I/O failure the annotations exclude. */
  public static final class BadIo extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    public BadIo() {
      super(new IOException("bad io"));
    }
  }
}
