package dev.strata.jcache.event;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;

/**
 * Delivers a cache's entry events to its registered listeners.
 *
 * <p>Ordering: every listener sees the events of one key in the order the cache applied the
 * changes, whichever threads made them. Events are published while the store still holds the
 * key, which fixes their order. Synchronous listeners are called on the thread whose operation
 * caused the event, after the change and before the operation returns (never while a store holds
 * the key); an event waits for the key's earlier events to be delivered first (see
 * {@link KeyTurns}). Their failures reach the caller as a {@link CacheEntryListenerException}
 * once every listener has been called. Asynchronous listeners receive their events one at a
 * time, in publication order, on the provider's event executor; their failures are logged.
 *
 * <p>Synchronous events are gathered per thread between publication and {@link #flush}; every
 * cache operation that publishes flushes before it returns, or {@link #discard}s.
 */
public final class EventDispatcher<K, V> {
  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

  private final Cache<K, V> source;
  private final Executor asyncExecutor;
  private final ThreadLocal<List<Delivery<K, V>>> pending = ThreadLocal.withInitial(ArrayList::new);
  private volatile List<Registration<K, V>> registrations = List.of();
  private volatile int types;
  /** Set once a listener was ever registered: until then flushing has nothing to look at. */
  private volatile boolean used;
  private final KeyTurns turns = new KeyTurns();

  public EventDispatcher(Cache<K, V> source, Executor asyncExecutor) {
    this.source = source;
    this.asyncExecutor = asyncExecutor;
  }

  /** Whether some listener handles events of this type; if not, publishing it is a no-op. */
  public boolean hasListeners(EventType type) {
    return (types & Registration.bit(type)) != 0;
  }

  /** Whether any listener is registered. */
  public boolean hasListeners() {
    return types != 0;
  }

  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (Registration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("This listener configuration is already registered");
      }
    }
    var updated = new ArrayList<>(registrations);
    updated.add(new Registration<>(configuration, asyncExecutor));
    used = true;
    install(updated);
  }

  /** Removes the registration made with an equal configuration; returns its listener or null. */
  public synchronized CacheEntryListener<? super K, ? super V> deregister(
      CacheEntryListenerConfiguration<K, V> configuration) {
    var updated = new ArrayList<>(registrations);
    for (int i = 0; i < updated.size(); i++) {
      if (updated.get(i).configuration().equals(configuration)) {
        Registration<K, V> removed = updated.remove(i);
        install(updated);
        return removed.listener();
      }
    }
    return null;
  }

  private void install(List<Registration<K, V>> updated) {
    int union = 0;
    for (Registration<K, V> registration : updated) {
      union |= registration.types();
    }
    registrations = List.copyOf(updated);
    types = union;
  }

  /** The listeners registered now, for closing them with their cache. */
  public List<CacheEntryListener<? super K, ? super V>> listeners() {
    var listeners = new ArrayList<CacheEntryListener<? super K, ? super V>>();
    for (Registration<K, V> registration : registrations) {
      listeners.add(registration.listener());
    }
    return listeners;
  }

  public void publishCreated(K key, V value) {
    publish(EventType.CREATED, key, value, null, false);
  }

  public void publishUpdated(K key, V oldValue, V newValue) {
    publish(EventType.UPDATED, key, newValue, oldValue, oldValue != null);
  }

  public void publishRemoved(K key, V oldValue) {
    publish(EventType.REMOVED, key, oldValue, oldValue, oldValue != null);
  }

  public void publishExpired(K key, V oldValue) {
    publish(EventType.EXPIRED, key, oldValue, oldValue, oldValue != null);
  }

  private void publish(EventType type, K key, V value, V oldValue, boolean oldValueAvailable) {
    if (!hasListeners(type)) {
      return;
    }
    var event = new StrataCacheEntryEvent<>(source, type, key, value, oldValue, oldValueAvailable);
    Delivery<K, V> delivery = null;
    for (Registration<K, V> registration : registrations) {
      if (!registration.handles(type)) {
        continue;
      }
      if (registration.isSynchronous()) {
        if (delivery == null) {
          delivery = new Delivery<>(event, turns.take(key));
          pending.get().add(delivery);
        }
        delivery.registrations.add(registration);
      } else {
        registration.serialExecutor().execute(() -> deliverAsync(registration, event));
      }
    }
  }

  /**
   * Delivers the event of a change another JVM made, to every listener that hears of such
   * changes, in the order the changes arrive.
   */
  public void publishRemote(EventType type, K key, V value, V oldValue) {
    if (!hasListeners(type)) {
      return;
    }
    boolean oldValueAvailable = type != EventType.CREATED;
    var event = new StrataCacheEntryEvent<>(source, type, key, value, oldValue, oldValueAvailable);
    for (Registration<K, V> registration : registrations) {
      if (registration.handles(type) && registration.hearsRemote()) {
        registration.remoteExecutor().execute(() -> deliverAsync(registration, event));
      }
    }
  }

  private static <K, V> void deliverAsync(Registration<K, V> registration,
      StrataCacheEntryEvent<K, V> event) {
    try {
      registration.deliver(event);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "An asynchronous listener of cache '" + event.getSource().getName()
          + "' failed on the " + event.getEventType() + " event of key " + event.getKey(), e);
    }
  }

  /**
   * Calls the synchronous listeners with the events this thread published since the last flush,
   * each once the events published before it for the same key, by any thread, were delivered.
   *
   * @throws CacheEntryListenerException the first listener failure, the others suppressed
   */
  public void flush() {
    if (!used) {
      return;
    }
    List<Delivery<K, V>> mine = pending.get();
    if (mine.isEmpty()) {
      return;
    }
    var deliveries = new ArrayList<>(mine);
    mine.clear();
    CacheEntryListenerException failure = null;
    for (Delivery<K, V> delivery : deliveries) {
      delivery.turn.awaitPredecessor();
      try {
        for (Registration<K, V> registration : delivery.registrations) {
          failure = deliverSync(registration, delivery.event, failure);
        }
      } finally {
        turns.done(delivery.event.getKey(), delivery.turn);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static <K, V> CacheEntryListenerException deliverSync(Registration<K, V> registration,
      StrataCacheEntryEvent<K, V> event, CacheEntryListenerException failure) {
    try {
      registration.deliver(event);
      return failure;
    } catch (RuntimeException e) {
      CacheEntryListenerException wrapped = e instanceof CacheEntryListenerException
          ? (CacheEntryListenerException) e
          : new CacheEntryListenerException("A listener of cache '"
              + event.getSource().getName() + "' failed on the " + event.getEventType()
              + " event of key " + event.getKey() + ": " + e, e);
      if (failure == null) {
        return wrapped;
      }
      failure.addSuppressed(wrapped);
      return failure;
    }
  }

  /** Drops the events this thread published since the last flush: their change did not happen. */
  public void discard() {
    if (!used) {
      return;
    }
    List<Delivery<K, V>> mine = pending.get();
    for (Delivery<K, V> delivery : mine) {
      turns.done(delivery.event.getKey(), delivery.turn);
    }
    mine.clear();
  }

  /** One event for the synchronous listeners that handle it, and its turn among the key's events. */
  private static final class Delivery<K, V> {
    final StrataCacheEntryEvent<K, V> event;
    final KeyTurns.Turn turn;
    final List<Registration<K, V>> registrations = new ArrayList<>(2);

    Delivery(StrataCacheEntryEvent<K, V> event, KeyTurns.Turn turn) {
      this.event = event;
      this.turn = turn;
    }
  }
}
