package dev.strata.jcache.codec;

import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo input over a byte array that refuses, before allocating anything, an array or string
 * claiming more elements than the bytes left can hold.
 */
final class BoundedInput extends Input {
  BoundedInput() {
    super(0);
  }

  private void check(int length, String what) {
    DecodeLimits.checkLength(length, limit - position, what);
  }

  @Override
  public byte[] readBytes(int length) {
    check(length, "byte[]");
    return super.readBytes(length);
  }

  @Override
  public int[] readInts(int length) {
    check(length, "int[]");
    return super.readInts(length);
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) {
    check(length, "int[]");
    return super.readInts(length, optimizePositive);
  }

  @Override
  public long[] readLongs(int length) {
    check(length, "long[]");
    return super.readLongs(length);
  }

  @Override
  public long[] readLongs(int length, boolean optimizePositive) {
    check(length, "long[]");
    return super.readLongs(length, optimizePositive);
  }

  @Override
  public float[] readFloats(int length) {
    check(length, "float[]");
    return super.readFloats(length);
  }

  @Override
  public double[] readDoubles(int length) {
    check(length, "double[]");
    return super.readDoubles(length);
  }

  @Override
  public short[] readShorts(int length) {
    check(length, "short[]");
    return super.readShorts(length);
  }

  @Override
  public char[] readChars(int length) {
    check(length, "char[]");
    return super.readChars(length);
  }

  @Override
  public boolean[] readBooleans(int length) {
    check(length, "boolean[]");
    return super.readBooleans(length);
  }

  @Override
  public String readString() {
    checkStringLength();
    return super.readString();
  }

  @Override
  public StringBuilder readStringBuilder() {
    checkStringLength();
    return super.readStringBuilder();
  }

  /**
   * Kryo writes an ASCII string as its bytes, which cost nothing to check, and any other as its
   * length plus one in a variable-length prefix (6 bits, then 7 per byte, the flag bits as in
   * {@code Input.readUtf8Length}) before its characters, which the reader allocates up front.
   */
  private void checkStringLength() {
    if (position >= limit) {
      return;
    }
    int b = buffer[position];
    if ((b & 0x80) == 0) {
      return;
    }
    int at = position + 1;
    long result = b & 0x3F;
    int shift = 6;
    boolean more = (b & 0x40) != 0;
    while (more && at < limit && shift <= 27) {
      b = buffer[at++];
      result |= (long) (b & 0x7F) << shift;
      shift += 7;
      more = (b & 0x80) != 0;
    }
    if (result > 1) {
      DecodeLimits.checkLength(result - 1, limit - at, "string");
    }
  }
}
