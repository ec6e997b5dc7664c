package dev.strata.jcache.store.redis.values;

import java.io.Serializable;

/** A user's value class, in a package of its own so that a test can allow just that package. */
public record Point(int x, int y) implements Serializable {}
