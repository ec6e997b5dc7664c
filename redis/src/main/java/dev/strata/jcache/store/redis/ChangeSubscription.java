package dev.strata.jcache.store.redis;

import dev.strata.jcache.codec.StoredAt;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.store.StoreListener;
import dev.strata.shaded.redisson.api.RPatternTopic;
import dev.strata.shaded.redisson.api.RTopic;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.api.listener.StatusListener;
import dev.strata.shaded.redisson.client.codec.ByteArrayCodec;
import dev.strata.shaded.redisson.client.codec.StringCodec;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A Redis cache's subscription to the changes made elsewhere: the cache's channel, on which
 * {@code compare-and-set.lua} announces every change from inside the script that makes it, and
 * Redis's expiry and eviction notifications of the client's database (sent only when the
 * server's {@code notify-keyspace-events} includes {@code Ex} and {@code Ee}; see
 * {@link EvictionEvents}). Each change another cache instance made, and each expiry or eviction
 * of one of the cache's keys, is reported to the store's listener; a (re)subscription is
 * reported too, since announcements made while the connection was down are lost.
 *
 * <p>Every announced change carries its number in its group's sequence, which the
 * {@link SequenceTracker} follows: a change missed (a number skipped, an epoch changed) is
 * reported as the group's {@link StoreListener#onChangesMissed changes missed}.
 */
final class ChangeSubscription<K> {
  private static final System.Logger LOG = System.getLogger(ChangeSubscription.class.getName());

  private final String cacheName;
  private final RedissonClient client;
  private final RedisKeyspace keyspace;
  private final ValueCopier copier;
  private final byte[] origin;
  private final StoreListener<K> listener;
  private final String expiryNotifications;
  private final String evictionNotifications;
  private final RedisFailures failures;
  private final SequenceGroups groups;
  private final SequenceTracker tracker;
  private volatile boolean warnedUnreadable;
  private Integer subscription;
  private Integer expirySubscription;
  private Integer evictionSubscription;
  private Integer statusSubscription;

  /** @param origin tells this store's own change messages, which are ignored, from others' */
  ChangeSubscription(String cacheName, RedissonClient client, RedisKeyspace keyspace,
      ValueCopier copier, byte[] origin, StoreListener<K> listener, RedisFailures failures,
      int database, SequenceGroups groups, SequenceTracker tracker) {
    this.failures = failures;
    this.groups = groups;
    this.tracker = tracker;
    // the database's own notifications: another database's keys may carry the same names
    this.expiryNotifications = "__keyevent@" + database + "__:expired";
    this.evictionNotifications = "__keyevent@" + database + "__:evicted";
    this.cacheName = cacheName;
    this.client = client;
    this.keyspace = keyspace;
    this.copier = copier;
    this.origin = origin;
    this.listener = listener;
  }

  /** Subscribes, or unsubscribes; doing what is already done does nothing. */
  synchronized void listen(boolean listening) {
    RTopic topic = client.getTopic(keyspace.channel(), ByteArrayCodec.INSTANCE);
    // a pattern topic, though it names one channel: Redisson subscribes to a pattern on every
    // master of a Cluster, and each node announces the expiries of its own keys only
    RPatternTopic expiries = client.getPatternTopic(expiryNotifications, StringCodec.INSTANCE);
    RPatternTopic evictions = client.getPatternTopic(evictionNotifications,
        StringCodec.INSTANCE);
    if (listening && subscription == null) {
      subscription = call("subscribe", () ->
          topic.addListener(byte[].class, (channel, message) -> onMessage(message)));
      statusSubscription = call("subscribe", () -> topic.addListener(new StatusListener() {
        @Override
        public void onSubscribe(String channel) {
          tracker.reset();
          listener.onListeningRestarted();
        }

        @Override
        public void onUnsubscribe(String channel) {
          tracker.reset();
          listener.onListeningRestarted();
        }
      }));
      expirySubscription = call("subscribe", () -> expiries.addListener(String.class,
          (pattern, channel, name) -> onExpiryNotification(name)));
      evictionSubscription = call("subscribe", () -> evictions.addListener(String.class,
          (pattern, channel, name) -> onEvictionNotification(name)));
    } else if (!listening && subscription != null) {
      Integer id = subscription;
      Integer expiryId = expirySubscription;
      Integer statusId = statusSubscription;
      Integer evictionId = evictionSubscription;
      subscription = null;
      expirySubscription = null;
      evictionSubscription = null;
      statusSubscription = null;
      call("unsubscribe", () -> {
        topic.removeListener(id, statusId);
        expiries.removeListener(expiryId);
        evictions.removeListener(evictionId);
        return null;
      });
    }
  }

  /** Tells every other instance of the cache that it was cleared. */
  void announceClear() {
    byte[] cleared = new ChangeMessage(origin, "", null, null).encodeUnsequenced();
    failures.callAny("clear announcement", false, () ->
        client.getTopic(keyspace.channel(), ByteArrayCodec.INSTANCE).publish(cleared));
  }

  @SuppressWarnings("unchecked")
  private void onExpiryNotification(String name) {
    Object key = keyspace.key(name);
    if (key != null) {
      listener.onExpiredElsewhere((K) key);
    }
  }

  @SuppressWarnings("unchecked")
  private void onEvictionNotification(String name) {
    Object key = keyspace.key(name);
    if (key != null) {
      listener.onEvictedElsewhere((K) key);
    }
  }

  /** Drops the copies of the groups: changes of theirs may have been missed. */
  void onGroupsLost(List<Integer> lost) {
    Set<Integer> affected = new HashSet<>(lost);
    listener.onChangesMissed(key -> affected.contains(groups.groupOf(keyspace.name(key))));
  }

  @SuppressWarnings("unchecked")
  private void onMessage(byte[] bytes) {
    ChangeMessage.Heard heard;
    try {
      heard = ChangeMessage.hear(bytes);
    } catch (RuntimeException e) {
      // a message this version cannot read (a writer of another version, say) changed some key:
      // which one is unknown, so every copy goes
      if (!warnedUnreadable) {
        warnedUnreadable = true;
        LOG.log(Level.WARNING, "Cache '" + cacheName + "': a change message on "
            + keyspace.channel() + " could not be read (" + e.getMessage() + "); every near"
            + " copy is dropped on each such message. Do all JVMs run the same Strata version?");
      }
      listener.onChangesMissed(key -> true);
      return;
    }
    ChangeMessage message = heard.message();
    if (heard.isSequenced() && !message.name().isEmpty()) {
      int group = groups.groupOf(message.name());
      if (tracker.onMessage(group, heard.epoch(), heard.number())) {
        onGroupsLost(List.of(group));
      }
    }
    if (message.isFrom(origin)) {
      Object own = message.name().isEmpty() ? null : keyspace.key(message.name());
      if (own != null) {
        listener.onOwnChangeAnnounced((K) own);
      }
      return;
    }
    if (message.name().isEmpty()) {
      listener.onClearedElsewhere();
      return;
    }
    K key = (K) keyspace.key(message.name());
    if (key == null) {
      return;
    }
    var from = new StoredAt(cacheName, key, "a change message from Redis");
    listener.onRemoteChange(key,
        message.oldValue() == null ? null : copier.fromBytes(message.oldValue(), from),
        message.newValue() == null ? null : copier.fromBytes(message.newValue(), from));
  }

  /**
   * Subscribing is not failed at once while Redis is marked down: Redisson makes the
   * subscription when Redis is back, so a cache may be created meanwhile.
   */
  private <T> T call(String what, Supplier<T> command) {
    return failures.callWithoutCheck(what, command);
  }
}
