package dev.strata.jcache.store.redis;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A class that runs code when it is deserialized, as the classes of deserialization attacks do:
 * the constructor of its non-serializable superclass and its {@code readObject} each set a flag.
 */
final class Gadget extends GadgetBase implements Serializable {
  private static final long serialVersionUID = 1L;

  static final AtomicBoolean CONSTRUCTED = new AtomicBoolean();
  static final AtomicBoolean READ = new AtomicBoolean();

  static void reset() {
    CONSTRUCTED.set(false);
    READ.set(false);
  }

  static boolean ran() {
    return CONSTRUCTED.get() || READ.get();
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    READ.set(true);
  }
}

/** Deserialization runs the no-argument constructor of the first non-serializable superclass. */
class GadgetBase {
  GadgetBase() {
    Gadget.CONSTRUCTED.set(true);
  }
}
