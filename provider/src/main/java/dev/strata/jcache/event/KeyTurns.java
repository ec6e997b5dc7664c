package dev.strata.jcache.event;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Orders the synchronous delivery of one key's events across threads.
 *
 * <p>A thread takes a turn for an event while the store holds the event's key, so turns follow
 * the order of the key's changes. Before delivering, it waits until the key's previous turn is
 * done. No cycle of waits can form: a thread delivers its own events in the order it took their
 * turns, and every wait is for an earlier turn, so the earliest undelivered turn never waits. A
 * thread never waits for a turn it took itself, which lets a listener change the key whose event
 * it is handling.
 */
final class KeyTurns {
  private static final System.Logger LOG = System.getLogger(KeyTurns.class.getName());
  /** A safety net: a turn that is never done (a bug, not a design state) stalls no one forever. */
  private static final long MAX_WAIT_SECONDS = 30;

  private final ConcurrentHashMap<Object, Turn> last = new ConcurrentHashMap<>();

  /** Takes the next turn for the key; call while the key is held. */
  Turn take(Object key) {
    var turn = new Turn(Thread.currentThread());
    turn.predecessor = last.put(key, turn);
    return turn;
  }

  /** Marks the turn done, releasing the key's next event. */
  void done(Object key, Turn turn) {
    turn.done.complete(null);
    last.remove(key, turn);
  }

  /** One event's place in its key's order. */
  static final class Turn {
    private final Thread owner;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Turn predecessor;

    Turn(Thread owner) {
      this.owner = owner;
    }

    /** Waits until the key's previous event was delivered, unless this thread owns it. */
    void awaitPredecessor() {
      Turn previous = predecessor;
      predecessor = null;
      if (previous == null || previous.owner == Thread.currentThread()) {
        return;
      }
      boolean interrupted = false;
      try {
        while (true) {
          try {
            previous.done.get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            return;
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException e) {
            return;
          } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "A cache entry event waited " + MAX_WAIT_SECONDS
                + " s for the delivery of the previous event of its key; delivering it anyway");
            return;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
