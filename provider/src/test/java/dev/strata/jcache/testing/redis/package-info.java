/**
 * Real Redis for Strata's tests: servers, clusters and second JVMs started by the tests
 * themselves, never a mock or an in-memory imitation of Redis, so that what passes here passes
 * against the Redis users run.
 *
 * <ul>
 *   <li>{@link dev.strata.jcache.testing.redis.RedisServer}: one {@code redis-server} on a free
 *       127.0.0.1 port; stop, SIGKILL, restart on the same port. Most tests need only this.
 *   <li>{@link dev.strata.jcache.testing.redis.RedisCluster}: three masters joined by
 *       {@code redis-cli --cluster create}, for tests where slots and redirections matter.
 *   <li>{@link dev.strata.jcache.testing.redis.RedisSentinel}: a master, its replica and three
 *       sentinels, for tests of Sentinel mode and of failover.
 *   <li>{@link dev.strata.jcache.testing.redis.RedisServer#tls()}: TLS only, with a CA made at
 *       test time ({@link dev.strata.jcache.testing.redis.TlsMaterial}) and ACL user
 *       {@code strata}/{@code s3cret-pw}, for tests of secure connections.
 *   <li>{@link dev.strata.jcache.testing.redis.RedisExtension}: one fixture per test class.
 *   <li>{@link dev.strata.jcache.testing.redis.JvmProcess}: a {@code main} in a second JVM, for
 *       tests across JVMs and of crashes.
 *   <li>{@link dev.strata.jcache.testing.redis.RespConnection}: a bare RESP connection, so that
 *       checking a server never depends on the client being tested.
 * </ul>
 *
 * <p>Needs {@code redis-server} and {@code redis-cli} 7 ({@code apt-get install -y
 * redis-server}); {@code $REDIS_SERVER} and {@code $REDIS_CLI} pick other binaries. Without them
 * the tests fail, with that advice, rather than skip. Every process and temporary directory is
 * removed by {@code close()}, and at JVM exit by a shutdown hook should a test leave any;
 * {@code STRATA_KEEP_REDIS_DIRS=true} keeps the directories (logs, configuration, certificates)
 * for a look after a failure.
 *
 * <p>Other modules get these classes with a test dependency on {@code strata-provider} of type
 * {@code test-jar}.
 */
package dev.strata.jcache.testing.redis;
