package dev.strata.jcache.store.redis;

import dev.strata.jcache.store.StoreUnavailableException;
import dev.strata.shaded.redisson.client.RedisConnectionException;
import dev.strata.shaded.redisson.client.RedisException;
import dev.strata.shaded.redisson.client.RedisNodeNotFoundException;
import dev.strata.shaded.redisson.client.RedisRetryException;
import dev.strata.shaded.redisson.client.RedisTimeoutException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.cache.CacheException;

/** How a failed Redis command reaches a cache's caller. */
final class RedisFailures {
  private RedisFailures() {}

  /** Whether a failure means Redis was not reached, rather than that it refused the command. */
  static boolean unreachable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof RedisConnectionException || cause instanceof RedisTimeoutException
          || cause instanceof RedisNodeNotFoundException || cause instanceof RedisRetryException
          || cause instanceof ConnectException
          || cause instanceof ClosedChannelException
          || cause instanceof TimeoutException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** A failure to reach Redis is a {@link StoreUnavailableException}; any other, a plain one. */
  static CacheException failure(String message, RedisException e) {
    return unreachable(e) ? new StoreUnavailableException(message, e) : new CacheException(message, e);
  }

  /**
   * Runs a command of a cache, turning its failure into the cache's: "Redis {what} for cache
   * '{cache}' and key {key} failed: ...".
   *
   * @param key the key the command is about, or {@code null}
   */
  static <T> T call(String cacheName, Object key, String what, Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisException e) {
      throw failure("Redis " + what + " for cache '" + cacheName + "'"
          + (key == null ? "" : " and key " + key) + " failed: " + e.getMessage(), e);
    }
  }
}
