package dev.strata.jcache.store.redis;

import dev.strata.jcache.store.StoreUnavailableException;
import dev.strata.shaded.redisson.client.RedisConnectionException;
import dev.strata.shaded.redisson.client.RedisException;
import dev.strata.shaded.redisson.client.RedisNodeNotFoundException;
import dev.strata.shaded.redisson.client.RedisRetryException;
import dev.strata.shaded.redisson.client.RedisTimeoutException;
import dev.strata.shaded.redisson.connection.MasterSlaveEntry;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * How a failed Redis command reaches a cache's caller, and how a command for a node that is
 * marked down fails before it is sent (see {@link RedisAvailability}).
 *
 * <p>Messages read "Redis {what} for cache '{cache}' and key {key} failed: {cause}", where
 * {@code what} names what the caller asked for ("read", "write", "batch read", "batch write")
 * and, for the read that begins a write, says so; and the cause is in the words of the
 * connect-time failures ({@link ConnectFailure}): timed out after N ms, nothing listening
 * (connection refused), or marked down since T, retrying every P ms.
 */
final class RedisFailures {
  private final String cacheName;
  private final RedisAvailability availability;
  private volatile Runnable onFastFailure = () -> { };

  RedisFailures(String cacheName, RedisAvailability availability) {
    this.cacheName = cacheName;
    this.availability = availability;
  }

  /** Called once for each command failed at once because its node is marked down. */
  void onFastFailure(Runnable counter) {
    this.onFastFailure = counter;
  }

  RedisAvailability availability() {
    return availability;
  }

  /** Whether a failure means Redis was not reached, rather than that it refused the command. */
  static boolean unreachable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedDown) {
        return true;
      }
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

  /**
   * Runs a command on one key's node.
   *
   * @param key the cache key, for the message
   * @param name the Redis key name the command is routed by
   * @param nothingSent whether a failure of the command leaves the cache unchanged for sure
   *     (a read, or the read that begins a write): the message then says so
   */
  <T> T call(Object key, String name, String what, boolean nothingSent, Supplier<T> command) {
    return run(key, List.of(name), false, what, nothingSent, command);
  }

  /** Runs a command on the nodes of many key names (a batch). */
  <T> T callAll(Collection<String> names, String what, boolean nothingSent,
      Supplier<T> command) {
    return run(null, names, false, what, nothingSent, command);
  }

  /** Runs a command without a key: one that goes to every node (scan, clear, publish). */
  <T> T callAny(String what, boolean nothingSent, Supplier<T> command) {
    return run(null, null, true, what, nothingSent, command);
  }

  /**
   * Runs a command without a key that is not failed at once while a node is marked down, and
   * whose failure marks none down; its failure is worded as the others'.
   */
  <T> T callWithoutCheck(String what, Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisException | CompletionException e) {
      throw failure(null, List.of(), true, System.nanoTime(), what, true, e);
    }
  }

  private <T> T run(Object key, Collection<String> names, boolean keyless, String what,
      boolean nothingSent, Supplier<T> command) {
    Collection<MasterSlaveEntry> nodes = availability.failsFast()
        ? availability.nodesOf(names) : List.of();
    RedisAvailability.Down down = availability.firstDown(nodes);
    if (down != null) {
      onFastFailure.run();
      throw new StoreUnavailableException(prefix(key, what) + " failed at once, without sending"
          + " it: Redis node " + down.address() + " is marked down since " + down.since() + " ("
          + down.reason() + "), retrying every " + availability.probeMillis() + " ms"
          + (what.contains("write") ? "; nothing was changed" : ""), new MarkedDown(down));
    }
    long started = System.nanoTime();
    // a command without a key may be many (a scan, a clear): only keyed ones are watched
    RedisAvailability.InFlight sent = keyless ? null : availability.sending(nodes);
    T result;
    try {
      result = command.get();
    } catch (RedisException | CompletionException e) {
      if (availability.answered(sent)) {
        // the watchdog stopped the wait: the node did not answer within fail-fast-after
        TimeoutException noAnswer = availability.noAnswer();
        noAnswer.addSuppressed(e);
        throw failure(key, nodes, keyless, started, what, nothingSent,
            new CompletionException(noAnswer));
      }
      throw failure(key, nodes, keyless, started, what, nothingSent, e);
    }
    availability.answered(sent);
    availability.reached(nodes);
    return result;
  }

  private CacheException failure(Object key, Collection<MasterSlaveEntry> nodes,
      boolean keyless, long started, String what, boolean nothingSent, RuntimeException e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null
        ? e.getCause() : e;
    if (!unreachable(cause)) {
      String denied = ConnectFailure.permissionDenied(cause);
      return new CacheException(prefix(key, what) + " failed: "
          + (denied != null ? denied : cause.getMessage()), cause);
    }
    availability.unreachable(nodes, keyless, started, cause);
    String address = nodes.size() == 1
        ? "Redis node " + RedisAvailability.address(nodes.iterator().next()) : "Redis";
    long timeout = cause instanceof TimeoutException ? availability.downAfterMillis()
        : availability.timeoutMillis();
    return new StoreUnavailableException(prefix(key, what) + " failed: " + address + ": "
        + ConnectFailure.reason(cause, timeout) + " ("
        + ConnectFailure.scrub(ConnectFailure.brief(cause), availability.secrets()) + ")"
        + (nothingSent && what.contains("write") ? "; nothing was changed" : ""), cause);
  }

  private String prefix(Object key, String what) {
    return "Redis " + what + " for cache '" + cacheName + "'" + (key == null ? "" : " and key "
        + key);
  }

  /** Whether a failure is of a command failed at once, before it was sent. */
  static boolean failedAtOnce(Throwable e) {
    return e instanceof StoreUnavailableException && e.getCause() instanceof MarkedDown;
  }

  /**
   * The cause of a command failed before it was sent, since its node is marked down: nothing it
   * would have changed was changed. Its own cause is the failure that marked the node down.
   */
  static final class MarkedDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MarkedDown(RedisAvailability.Down down) {
      super("Redis node " + down.address() + " marked down since " + down.since() + " ("
          + down.reason() + ")", down.failure());
    }
  }
}
