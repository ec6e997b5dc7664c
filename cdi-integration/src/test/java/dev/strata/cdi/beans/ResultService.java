package dev.strata.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/** {@code @CacheResult} in its variants. */
@ApplicationScoped
public class ResultService {
  @Inject
  Calls calls;

  @CacheResult
  public String greet(String name) {
    return "hello " + name + " #" + calls.record("greet");
  }

  @CacheResult(cacheName = "lookups")
  public String find(@CacheKey String id, String ignoredForKey) {
    return id + "/" + ignoredForKey + " #" + calls.record("find");
  }

  @CacheResult(cacheName = "sums")
  public Integer sum(int[] values, String[] labels) {
    calls.record("sum");
    return Arrays.stream(values).sum();
  }

  @CacheResult(cacheName = "nothing")
  public String nothing(String id) {
    calls.record("nothing");
    return null;
  }

  @CacheResult(cacheName = "fresh", skipGet = true)
  public String fresh(String id) {
    return id + " #" + calls.record("fresh");
  }

  @CacheResult(cacheName = "guarded", exceptionCacheName = "guarded-errors",
      cachedExceptions = IllegalStateException.class)
  public String guarded(String id, String failWith) {
    calls.record("guarded");
    throwNamed(failWith);
    return "ok " + id;
  }

  @CacheResult(cacheName = "filtered", exceptionCacheName = "filtered-errors",
      nonCachedExceptions = UnsupportedOperationException.class)
  public String filtered(String id, String failWith) {
    calls.record("filtered");
    throwNamed(failWith);
    return "ok " + id;
  }

  @CacheResult(cacheName = "both", exceptionCacheName = "both-errors",
      cachedExceptions = RuntimeException.class,
      nonCachedExceptions = IllegalArgumentException.class)
  public String both(String id, String failWith) {
    calls.record("both");
    throwNamed(failWith);
    return "ok " + id;
  }

  @CacheResult(cacheName = "no-exception-cache")
  public String uncachedFailure(String id) {
    calls.record("uncachedFailure");
    throw new IllegalStateException("always " + id);
  }

  static void throwNamed(String failWith) {
    switch (failWith) {
      case "state" -> throw new IllegalStateException("state");
      case "argument" -> throw new IllegalArgumentException("argument");
      case "unsupported" -> throw new UnsupportedOperationException("unsupported");
      default -> { }
    }
  }
}
