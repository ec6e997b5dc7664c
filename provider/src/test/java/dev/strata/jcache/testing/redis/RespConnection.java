package dev.strata.jcache.testing.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A minimal RESP2 connection to one Redis server: sends a command, reads its reply.
 *
 * <p>The harness talks to the servers it starts through this class rather than through a client
 * library, so that checking a server's health never depends on the client Strata is testing.
 * Replies map to plain Java values: simple and bulk strings to {@link String}, integers to
 * {@link Long}, arrays to {@link List}, nil to {@code null}; an error reply throws
 * {@link ErrorReply}. Not thread-safe: one connection per thread.
 */
public final class RespConnection implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
  private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /** Opens a plain TCP connection to {@code host:port}; replies may take up to 5 seconds. */
  public static RespConnection open(String host, int port) throws IOException {
    return open(host, port, DEFAULT_READ_TIMEOUT);
  }

  /** Opens a plain TCP connection; a reply that takes longer than {@code readTimeout} fails. */
  public static RespConnection open(String host, int port, Duration readTimeout)
      throws IOException {
    Socket socket = connect(host, port, readTimeout);
    try {
      return new RespConnection(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Opens a TLS connection to {@code host:port}, trusting what {@code context} trusts and checking
   * that the server's certificate names {@code host} — the same check a Java Redis client makes.
   */
  public static RespConnection openTls(SSLContext context, String host, int port)
      throws IOException {
    return openTls(context, host, port, DEFAULT_READ_TIMEOUT);
  }

  /** {@link #openTls(SSLContext, String, int)} with a time limit on the handshake and replies. */
  public static RespConnection openTls(SSLContext context, String host, int port,
      Duration readTimeout) throws IOException {
    Socket plain = connect(host, port, readTimeout);
    try {
      SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return new RespConnection(socket);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  private static Socket connect(String host, int port, Duration readTimeout) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends one command and returns its reply.
   *
   * @throws ErrorReply if the server answers with an error
   * @throws UncheckedIOException if the connection fails or times out
   */
  public Object call(String... command) {
    try {
      writeCommand(command);
      out.flush();
      return readReply();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Redis at " + socket.getRemoteSocketAddress() + " did not answer " + command[0], e);
    }
  }

  /**
   * Sends one command whose arguments are raw bytes, such as a value written exactly as a client
   * would write it, and returns its reply.
   */
  public Object callBinary(byte[]... command) {
    try {
      writeCommand(command);
      out.flush();
      return readReply();
    } catch (IOException e) {
      throw new UncheckedIOException("Redis at " + socket.getRemoteSocketAddress()
          + " did not answer " + new String(command[0], StandardCharsets.UTF_8), e);
    }
  }

  /** Sends one command whose reply is a string (or nil). */
  public String callString(String... command) {
    return (String) call(command);
  }

  /**
   * Sends a command after which the server may close the connection (SHUTDOWN): an error reply
   * still throws, but a closed connection is the expected answer.
   */
  void callExpectingClose(String... command) {
    try {
      writeCommand(command);
      out.flush();
      readReply();
    } catch (EOFException closedAsExpected) {
      // The server exits without replying when a SHUTDOWN succeeds.
    } catch (IOException closedAsExpected) {
      // A reset instead of an orderly close means the same.
    }
  }

  private void writeCommand(String... command) throws IOException {
    byte[][] arguments = new byte[command.length][];
    for (int i = 0; i < command.length; i++) {
      arguments[i] = command[i].getBytes(StandardCharsets.UTF_8);
    }
    writeCommand(arguments);
  }

  private void writeCommand(byte[]... command) throws IOException {
    out.write(('*' + Integer.toString(command.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] bytes : command) {
      out.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.write('\r');
      out.write('\n');
    }
  }

  private Object readReply() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by the server");
    }
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new ErrorReply(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
          throw new EOFException("connection closed inside a bulk string");
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
      case '*': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          try {
            items.add(readReply());
          } catch (ErrorReply e) {
            // An error inside an array (EXEC) is a value, not a failure of the whole reply.
            items.add(e);
          }
        }
        return items;
      }
      default:
        throw new IOException("not a RESP2 reply: type byte " + type);
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int next = in.read();
      if (next < 0) {
        throw new EOFException("connection closed inside a reply");
      }
      if (previous == '\r' && next == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(next);
      previous = next;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing is left to release once the socket is closing.
    }
  }

  /** An error reply from Redis, such as {@code NOAUTH ...} or {@code MOVED 1234 host:port}. */
  public static final class ErrorReply extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ErrorReply(String message) {
      super(message);
    }

    /** The error's first word, such as {@code NOAUTH}, {@code WRONGPASS} or {@code MOVED}. */
    public String code() {
      String message = getMessage();
      int space = message.indexOf(' ');
      return space < 0 ? message : message.substring(0, space);
    }
  }
}
