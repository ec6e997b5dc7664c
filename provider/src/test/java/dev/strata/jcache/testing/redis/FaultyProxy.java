package dev.strata.jcache.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between a client under test and one Redis server, on a free 127.0.0.1 port, that
 * injects the network's faults on command: it delays the server's replies, holds all traffic
 * and then releases it, drops traffic, and cuts every connection.
 *
 * <ul>
 *   <li>{@link #delayReplies(long)}: each chunk of bytes from the server reaches the client that
 *       many milliseconds after the proxy read it (0, the default, passes at once).
 *   <li>{@link #hold()} / {@link #release()}: nothing is forwarded either way while held; bytes
 *       read meanwhile are kept and forwarded, in order, on release, as after a network stall.
 *   <li>{@link #drop(long)}: every connection open now is silenced (what either side sends is
 *       thrown away) and then reset, as when a path dies and a firewall later sends RST; a
 *       connection never carries on after lost bytes, so a client's replies never shift.
 *       New connections work.
 *   <li>{@link #cut()}: every connection open now is reset at once (RST to both sides).
 * </ul>
 *
 * <p>Blocking sockets, three threads per connection: one reads the client and writes the
 * server, one reads the server into a queue of timed chunks, one writes them to the client when
 * they are due. {@link #close()} stops listening and resets every connection.
 */
public final class FaultyProxy implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;

  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final Object gate = new Object();
  private volatile long replyDelayMillis;
  private boolean held;
  private volatile boolean closed;

  private FaultyProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 200, InetAddress.getByName(RedisServer.HOST));
    Thread acceptor = new Thread(this::acceptLoop, "faulty-proxy-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy to {@code server}, passing everything. */
  public static FaultyProxy to(RedisServer server) {
    return to(server.host(), server.port());
  }

  /** Starts a proxy to {@code host:port}, passing everything. */
  public static FaultyProxy to(String host, int port) {
    try {
      return new FaultyProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + RedisServer.HOST, e);
    }
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** {@code redis://127.0.0.1:N}, the proxy's address for a Redis client. */
  public String uri() {
    return "redis://" + RedisServer.HOST + ":" + port();
  }

  /** How many client connections the proxy accepted so far. */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** How many connections are open now. */
  public int openConnections() {
    return links.size();
  }

  /** Delays each reply chunk by {@code millis} from now on; 0 passes at once. */
  public void delayReplies(long millis) {
    replyDelayMillis = millis;
  }

  /** Stops forwarding, both ways, on every connection, until {@link #release()}. */
  public void hold() {
    synchronized (gate) {
      held = true;
    }
  }

  /** Forwards again, first what was read while held. */
  public void release() {
    synchronized (gate) {
      held = false;
      gate.notifyAll();
    }
  }

  /**
   * Silences every connection open now: from now on their bytes are thrown away, both ways;
   * {@code resetAfterMillis} later they are reset.
   */
  public void drop(long resetAfterMillis) {
    Link[] dropped = links.toArray(new Link[0]);
    for (Link link : dropped) {
      link.dropped = true;
    }
    Thread resetter = new Thread(() -> {
      sleep(resetAfterMillis);
      for (Link link : dropped) {
        link.reset();
      }
    }, "faulty-proxy-reset-" + port());
    resetter.setDaemon(true);
    resetter.start();
  }

  /** Resets every connection open now, both sides, at once. */
  public void cut() {
    for (Link link : links.toArray(new Link[0])) {
      link.reset();
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // Nothing more to release.
    }
    release();
    cut();
  }

  @Override
  public String toString() {
    return "FaultyProxy " + uri() + " -> " + target;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      accepted.incrementAndGet();
      Socket server = new Socket();
      try {
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        server.connect(target, 1_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      new Link(client, server).start();
    }
  }

  /** Waits while the proxy holds traffic; false once the link is gone. */
  private boolean awaitOpenGate(Link link) throws InterruptedException {
    synchronized (gate) {
      while (held && !link.gone) {
        gate.wait(20);
      }
    }
    return !link.gone;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Already closed.
    }
  }

  /** One client connection and its own connection to the server. */
  private final class Link {
    final Socket client;
    final Socket server;
    final LinkedBlockingQueue<Chunk> replies = new LinkedBlockingQueue<>();
    volatile boolean dropped;
    volatile boolean gone;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void start() {
      links.add(this);
      String name = "faulty-proxy-" + client.getPort();
      daemon(name + "-up", this::pumpRequests);
      daemon(name + "-down-read", this::readReplies);
      daemon(name + "-down-write", this::writeReplies);
    }

    private void daemon(String name, Runnable body) {
      Thread thread = new Thread(body, name);
      thread.setDaemon(true);
      thread.start();
    }

    private void pumpRequests() {
      byte[] buffer = new byte[CHUNK];
      try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (!awaitOpenGate(this)) {
            return;
          }
          if (!dropped) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      } catch (IOException | InterruptedException e) {
        // The link is gone; reset() below makes sure both sides know.
      } finally {
        reset();
      }
    }

    private void readReplies() {
      byte[] buffer = new byte[CHUNK];
      try (InputStream in = server.getInputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (!dropped) {
            replies.add(new Chunk(Arrays.copyOf(buffer, n),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(replyDelayMillis)));
          }
        }
      } catch (IOException e) {
        // As above.
      } finally {
        replies.add(Chunk.END);
        reset();
      }
    }

    private void writeReplies() {
      try (OutputStream out = client.getOutputStream()) {
        while (true) {
          Chunk chunk = replies.take();
          if (chunk == Chunk.END) {
            return;
          }
          long wait = chunk.dueNanos - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          if (!awaitOpenGate(this)) {
            return;
          }
          if (!dropped) {
            out.write(chunk.bytes);
            out.flush();
          }
        }
      } catch (IOException | InterruptedException e) {
        // As above.
      } finally {
        reset();
      }
    }

    /** Closes both sockets with RST rather than FIN (SO_LINGER 0), as a cut link looks. */
    void reset() {
      if (gone) {
        return;
      }
      gone = true;
      links.remove(this);
      for (Socket socket : new Socket[] {client, server}) {
        try {
          socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
          // Closed already.
        }
        closeQuietly(socket);
      }
      replies.add(Chunk.END);
    }
  }

  private record Chunk(byte[] bytes, long dueNanos) {
    static final Chunk END = new Chunk(new byte[0], 0);
  }
}
