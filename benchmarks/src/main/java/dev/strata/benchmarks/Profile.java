package dev.strata.benchmarks;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A realistic cache value: a small mutable object of a few numbers, a short name and a 32-byte
 * blob, about 176 bytes of heap, serializable as a user's value class would be. A cache storing
 * by value must copy it on every read, since a caller may change what it was handed.
 */
public final class Profile implements Serializable {
  private static final long serialVersionUID = 1L;

  private int id;
  private int visits;
  private long updatedAt;
  private double score;
  private String name;
  private byte[] token;

  public Profile(int id, int visits, long updatedAt, double score, String name, byte[] token) {
    this.id = id;
    this.visits = visits;
    this.updatedAt = updatedAt;
    this.score = score;
    this.name = name;
    this.token = token;
  }

  /** The value benchmarks store under {@code key}. */
  static Profile of(int key) {
    byte[] token = new byte[32];
    for (int i = 0; i < token.length; i++) {
      token[i] = (byte) (key * 31 + i);
    }
    return new Profile(key, 0, 1_700_000_000_000L + key, key / 7.0,
        String.format("customer-%08d-eu-west-1", key), token);
  }

  /** A copy with one more visit: what the increment benchmark writes. */
  Profile visited() {
    return new Profile(id, visits + 1, updatedAt, score, name, token);
  }

  public int getId() {
    return id;
  }

  public int getVisits() {
    return visits;
  }

  public void setVisits(int visits) {
    this.visits = visits;
  }

  public long getUpdatedAt() {
    return updatedAt;
  }

  public double getScore() {
    return score;
  }

  public String getName() {
    return name;
  }

  public byte[] getToken() {
    return token;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Profile that && id == that.id && visits == that.visits
        && updatedAt == that.updatedAt && score == that.score && Objects.equals(name, that.name)
        && Arrays.equals(token, that.token);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, visits, updatedAt, score, name) * 31 + Arrays.hashCode(token);
  }
}
