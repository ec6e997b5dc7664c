package dev.strata.jcache.hotkeys;

import java.util.List;

/** The {@link HotKeysMXBean} of one cache's tracker. */
public final class HotKeysBean implements HotKeysMXBean {
  private final HotKeys<?> hotKeys;

  public HotKeysBean(HotKeys<?> hotKeys) {
    this.hotKeys = hotKeys;
  }

  @Override
  public String[] topKeys(int n) {
    List<? extends HotKey<?>> top = hotKeys.top(n);
    String[] lines = new String[top.size()];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = top.get(i).toString();
    }
    return lines;
  }

  @Override
  public String[] getTopTen() {
    return topKeys(10);
  }

  @Override
  public long getSampledReads() {
    return hotKeys.sampledReads();
  }

  @Override
  public int getSampleEvery() {
    return hotKeys.settings().sampleEvery();
  }

  @Override
  public void reset() {
    hotKeys.reset();
  }
}
