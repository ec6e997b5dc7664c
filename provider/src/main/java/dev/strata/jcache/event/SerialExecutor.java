package dev.strata.jcache.event;

import java.util.ArrayDeque;
import java.util.Queue;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: an asynchronous
 * listener receives its events in the order the cache produced them without a thread of its own.
 */
final class SerialExecutor implements Executor {
  private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final Executor executor;
  private Runnable active;

  SerialExecutor(Executor executor) {
    this.executor = executor;
  }

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(() -> {
      try {
        task.run();
      } finally {
        scheduleNext();
      }
    });
    if (active == null) {
      scheduleNext();
    }
  }

  /**
   * Hands the next task to the shared executor. An executor that refuses (its cache manager has
   * closed) ends this queue's work: the undelivered tasks are dropped, and later ones start
   * afresh rather than wait behind a task that will never run.
   */
  private synchronized void scheduleNext() {
    active = tasks.poll();
    if (active != null) {
      try {
        executor.execute(active);
      } catch (RejectedExecutionException e) {
        LOG.log(Level.WARNING, "Dropping " + (tasks.size() + 1)
            + " undelivered asynchronous cache entry events: their cache manager has closed");
        active = null;
        tasks.clear();
      }
    }
  }
}
