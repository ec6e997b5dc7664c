/**
 * The access strategies Strata implements itself: {@code READ_WRITE} for entities, collections
 * and natural ids, whose soft locks are atomic steps of the cache, so that they hold across
 * every node sharing a region in Redis. {@code READ_ONLY} and {@code NONSTRICT_READ_WRITE} need
 * no lock and are Hibernate's own, over the same storage.
 */
package dev.strata.hibernate.access;
