package dev.strata.hibernate.access;

import java.io.Serializable;
import java.util.UUID;

/**
 * Who took a soft lock: the access strategy instance (a random id, unique across nodes) and a
 * sequence number within it. A transaction unlocks only the lock it took.
 */
public record LockId(UUID source, long sequence) implements Serializable {}
