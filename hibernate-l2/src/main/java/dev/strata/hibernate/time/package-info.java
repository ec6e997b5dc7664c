/**
 * The clocks of Hibernate's cache timestamps: this JVM's for embedded caches, the Redis server's
 * for caches several nodes share, so that timestamps from different nodes compare.
 */
package dev.strata.hibernate.time;
