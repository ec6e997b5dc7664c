package dev.strata.jcache.testing.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code redis-server} process on a free 127.0.0.1 port, for tests.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *   config.useSingleServer().setAddress(redis.uri());
 *   ...
 * }
 * }</pre>
 *
 * <p>The server keeps nothing on disk between runs ({@code --save "" --appendonly no}) and works
 * in its own temporary directory, which also holds its log ({@link #logFile()}), its ACL file
 * and, for TLS, its certificates; {@link #close()} stops the server and deletes the directory.
 * {@link #restart()} starts it again on the same port, as a crashed or restarted Redis would
 * come back; {@link #kill()} is a crash (SIGKILL).
 *
 * <p>{@link #tls()} starts a TLS-only server with ACL users: see {@link Builder#tls(boolean)}
 * and {@link Builder#user(String, String)}.
 *
 * <p>The binary is {@code $REDIS_SERVER}, else {@code redis-server} on the PATH, else
 * {@code /usr/bin} or {@code /usr/local/bin}; without one, {@link #start} fails and says how to
 * install it. Tests are never skipped for want of Redis.
 */
public final class RedisServer implements AutoCloseable {
  /** Servers listen on IPv4 loopback only: tests must not expose Redis to the network. */
  public static final String HOST = "127.0.0.1";
  /** The ACL user of {@link #tls()} servers. */
  public static final String TLS_USERNAME = "strata";
  /** The password of {@link #TLS_USERNAME}. */
  public static final String TLS_PASSWORD = "s3cret-pw";

  private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
  private static final int PORT_ATTEMPTS = 5;
  private static final int LOG_TAIL_LINES = 30;

  private final List<String> extraArguments;
  private final boolean clusterNode;
  private final String username;
  private final String password;
  private final Duration startTimeout;
  private final Path directory;
  private final Path logFile;
  private final TlsMaterial tls;
  private final Path aclFile;
  private final List<String> moreUsers;
  private final Path sentinelFile;

  private int port;
  private Process process;
  private boolean paused;
  private long logSizeAtLaunch;
  private boolean closed;

  private RedisServer(Builder builder) {
    this.extraArguments = List.copyOf(builder.arguments);
    this.clusterNode = builder.clusterNode;
    this.username = builder.username;
    this.password = builder.password;
    this.moreUsers = List.copyOf(builder.moreUsers);
    this.startTimeout = builder.startTimeout;
    this.directory = SafetyNet.newDirectory("strata-redis-");
    this.logFile = directory.resolve("redis.log");
    try {
      this.tls = builder.tlsMaterial != null
          ? builder.tlsMaterial
          : builder.tls ? TlsMaterial.generate(directory.resolve("tls")) : null;
      this.aclFile = username == null ? null : writeAclFile();
      this.sentinelFile = builder.sentinelConfig == null ? null
          : write(directory.resolve("sentinel.conf"), builder.sentinelConfig);
    } catch (RuntimeException e) {
      SafetyNet.delete(directory);
      throw e;
    }
  }

  /** Starts a plain (no TLS, no password) server; {@code extraArguments} go to redis-server. */
  public static RedisServer start(String... extraArguments) {
    return builder().arguments(extraArguments).start();
  }

  /** A builder for a server with TLS, ACL users or cluster mode. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder for a TLS-only server on which only user {@value #TLS_USERNAME} (password
   * {@value #TLS_PASSWORD}) may log in, with a throwaway CA generated for it; call
   * {@link Builder#start()}.
   */
  public static Builder tls() {
    return builder().tls(true).user(TLS_USERNAME, TLS_PASSWORD);
  }

  /** The loopback address the server listens on. */
  public String host() {
    return HOST;
  }

  /** The server's port: its TLS port for a TLS server (which then has no plain port). */
  public int port() {
    return port;
  }

  /**
   * {@code redis://127.0.0.1:N}, or {@code rediss://127.0.0.1:N} for TLS; without credentials,
   * which clients take separately ({@link #username()}, {@link #password()}).
   */
  public String uri() {
    return (tls == null ? "redis" : "rediss") + "://" + HOST + ":" + port;
  }

  /** {@link #uri()} as a {@link URI}. */
  public URI toUri() {
    return URI.create(uri());
  }

  /** Whether the server speaks TLS (only). */
  public boolean isTls() {
    return tls != null;
  }

  /**
   * The server's certificates: the CA as PEM and as a trust store for Java clients.
   *
   * @throws IllegalStateException if the server does not use TLS
   */
  public TlsMaterial tlsMaterial() {
    if (tls == null) {
      throw new IllegalStateException("this Redis server does not use TLS");
    }
    return tls;
  }

  /** The ACL user clients log in as, or {@code null} if the server has no users but default. */
  public String username() {
    return username;
  }

  /** The password of {@link #username()}, or {@code null}. */
  public String password() {
    return password;
  }

  /** The server's working directory. */
  public Path directory() {
    return directory;
  }

  /** The file the server's output goes to, across restarts. */
  public Path logFile() {
    return logFile;
  }

  /** The process id of the running server. */
  public long pid() {
    requireRunning();
    return process.pid();
  }

  /** Whether the server process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * A new connection to the server, over TLS if the server uses it and logged in as
   * {@link #username()} if it has one; the caller closes it.
   */
  public RespConnection connect() {
    return connect(REPLY_TIMEOUT);
  }

  private RespConnection connect(Duration replyTimeout) {
    try {
      RespConnection connection = tls == null
          ? RespConnection.open(HOST, port, replyTimeout)
          : RespConnection.openTls(tls.sslContext(), HOST, port, replyTimeout);
      if (username != null) {
        try {
          connection.call("AUTH", username, password);
        } catch (RuntimeException e) {
          connection.close();
          throw e;
        }
      }
      return connection;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + describe(), e);
    }
  }

  /** Sends one command on a new connection and returns its reply (see {@link RespConnection}). */
  public Object call(String... command) {
    try (RespConnection connection = connect()) {
      return connection.call(command);
    }
  }

  /** Sends PING; true if the server answered PONG. */
  public boolean ping() {
    try {
      return "PONG".equals(call("PING"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Runs {@code redis-cli} against this server (with {@code --tls --cacert} and the user's
   * credentials as needed) and returns what it printed; {@code redis-cli} is found as
   * {@code $REDIS_CLI}, else beside {@code redis-server}, else on the PATH.
   */
  public Command.Result cli(String... arguments) {
    List<String> command = new ArrayList<>(cliConnectionArguments());
    if (username != null) {
      command.addAll(List.of("--user", username, "--pass", password, "--no-auth-warning"));
    }
    command.addAll(Arrays.asList(arguments));
    return Command.run(directory, directory.resolve("redis-cli.log"), Duration.ofSeconds(30),
        command);
  }

  /** {@code redis-cli} with the address and TLS options of this server, but no credentials. */
  public List<String> cliConnectionArguments() {
    List<String> command = new ArrayList<>(List.of(
        Executables.redisCli().toString(), "-h", HOST, "-p", Integer.toString(port)));
    if (tls != null) {
      command.addAll(List.of("--tls", "--cacert", tls.caCertificate().toString()));
    }
    return command;
  }

  /**
   * Stops the server: SHUTDOWN NOSAVE, or a SIGKILL if it does not exit in time. Its port and
   * directory stay its own for {@link #restart()}. Does nothing if it is not running.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    resume();
    if (process.isAlive()) {
      try (RespConnection connection = connect()) {
        connection.callExpectingClose("SHUTDOWN", "NOSAVE");
      } catch (RuntimeException unreachable) {
        // A server that cannot be asked to stop is made to stop below.
      }
      try {
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    SafetyNet.forget(process);
    process = null;
  }

  /**
   * Kills the server with SIGKILL, as a crash would: no shutdown, no reply to clients in flight.
   * ({@link Process#destroyForcibly()} sends SIGKILL on Linux and macOS.) Returns its exit code,
   * 137 (128 + 9) for a SIGKILLed process.
   */
  public synchronized int kill() {
    requireRunning();
    paused = false;
    Process killed = process;
    killed.destroyForcibly();
    try {
      int exitCode = killed.waitFor();
      return exitCode;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + describe(), e);
    } finally {
      SafetyNet.forget(killed);
      process = null;
    }
  }

  /**
   * Stops the server in its tracks with SIGSTOP, as a stalled host or a long pause would: its
   * connections stay open and it reads nothing, so clients see timeouts, not refusals, until
   * {@link #resume()}. {@link #stop()} and {@link #close()} resume it first.
   */
  public synchronized void pause() {
    requireRunning();
    signal("STOP");
    paused = true;
  }

  /** Lets a {@link #pause() paused} server run again (SIGCONT); it answers what queued up. */
  public synchronized void resume() {
    if (paused && isRunning()) {
      signal("CONT");
    }
    paused = false;
  }

  /** Whether the server is {@link #pause() paused}. */
  public synchronized boolean isPaused() {
    return paused;
  }

  private void signal(String name) {
    Command.Result result = Command.run(directory, directory.resolve("kill.log"),
        Duration.ofSeconds(10), List.of("kill", "-" + name, Long.toString(process.pid())));
    if (result.exitCode() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: "
          + result.output());
    }
  }

  /** {@link #pause()}, under the name the fault tests use. */
  public void suspend() {
    pause();
  }

  /**
   * Starts the server again on the same port, stopping it first if it is running. Its data is
   * gone (nothing is persisted), as a restarted cache server's would be.
   *
   * @throws IllegalStateException if another process took the port in the meantime
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("closed: " + describe());
    }
    stop();
    appendToLog("\n--- restarting on port " + port + " ---\n");
    launch();
    awaitReady(false);
  }

  /** Stops the server and deletes its directory. Safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stop();
    } finally {
      SafetyNet.delete(directory);
    }
  }

  @Override
  public String toString() {
    return describe();
  }

  private synchronized void firstStart() {
    port = FreePorts.pick();
    for (int attempt = 1; ; attempt++) {
      launch();
      try {
        awaitReady(attempt < PORT_ATTEMPTS);
        return;
      } catch (PortTakenException e) {
        // Another process bound the port after it was checked; try a new one.
        port = FreePorts.pick();
        appendToLog("\n--- port was taken; starting again on port " + port + " ---\n");
      }
    }
  }

  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(Executables.redisServer().toString());
    if (sentinelFile != null) {
      // A sentinel's configuration file must come first, and be writable: it records there
      // the peers and replicas it discovers.
      command.addAll(List.of(sentinelFile.toString(), "--sentinel"));
    }
    // Settings come on the command line, so the log's first lines and `ps` show them whole.
    command.addAll(List.of("--bind", HOST, "--daemonize", "no", "--logfile", "",
        "--save", "", "--appendonly", "no", "--dir", directory.toString()));
    if (tls == null) {
      command.addAll(List.of("--port", Integer.toString(port)));
    } else {
      command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port),
          "--tls-cert-file", tls.serverCertificate().toString(),
          "--tls-key-file", tls.serverKey().toString(),
          "--tls-ca-cert-file", tls.caCertificate().toString(),
          "--tls-auth-clients", "no"));
    }
    if (aclFile != null) {
      command.addAll(List.of("--aclfile", aclFile.toString()));
    }
    if (clusterNode) {
      command.addAll(List.of("--cluster-enabled", "yes",
          "--cluster-config-file", "nodes-" + port + ".conf",
          "--cluster-node-timeout", "2000"));
    }
    // Last, so that a test's own settings win over the defaults above.
    command.addAll(extraArguments);
    appendToLog("$ " + String.join(" ", command) + "\n");
    try {
      logSizeAtLaunch = Files.size(logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + logFile, e);
    }
    try {
      process = new ProcessBuilder(command)
          .directory(directory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
    SafetyNet.watch(process);
  }

  private void awaitReady(boolean mayChangePort) {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        int exitCode = process.exitValue();
        SafetyNet.forget(process);
        process = null;
        String log = Command.tail(logFile, LOG_TAIL_LINES);
        if (mayChangePort && outputSinceLaunch().contains("Address already in use")) {
          throw new PortTakenException();
        }
        throw new IllegalStateException("redis-server exited with code " + exitCode
            + " while starting on " + HOST + ":" + port + "; its log (" + logFile + "):\n" + log);
      }
      if (answersAsThisProcess()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer PING on " + HOST + ":"
            + port + " within " + startTimeout + "; its log (" + logFile + "):\n"
            + Command.tail(logFile, LOG_TAIL_LINES));
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting " + describe(), e);
      }
    }
  }

  /**
   * Whether the server on the port answers, and is this server: another process that took the
   * port first (a server of another build, say) answers too, while this one is about to exit
   * with "Address already in use".
   */
  private boolean answersAsThisProcess() {
    // A short limit: whatever holds the port may accept connections and never answer, and
    // meanwhile this server may have exited already.
    try (RespConnection connection = connect(PROBE_TIMEOUT)) {
      String info = String.valueOf(connection.call("INFO", "server"));
      return info.contains("process_id:" + process.pid() + "\r\n");
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  private String outputSinceLaunch() {
    try {
      byte[] bytes = Files.readAllBytes(logFile);
      int from = (int) Math.min(logSizeAtLaunch, bytes.length);
      return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private Path writeAclFile() {
    // Only the configured user may log in: clients that forget their credentials must fail,
    // as they would against a production Redis with ACLs.
    return write(directory.resolve("users.acl"), "user default off\n"
        + "user " + username + " on >" + password + " ~* &* +@all\n"
        + String.join("", moreUsers.stream().map(line -> line + "\n").toList()));
  }

  private static Path write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  private void appendToLog(String text) {
    try {
      Files.writeString(logFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + logFile, e);
    }
  }

  private void requireRunning() {
    if (!isRunning()) {
      throw new IllegalStateException("not running: " + describe());
    }
  }

  private String describe() {
    return "redis-server " + uri() + " (log " + logFile + ")";
  }

  private static final class PortTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** Options of a {@link RedisServer}; {@link #start()} starts it. */
  public static final class Builder {
    private final List<String> arguments = new ArrayList<>();
    private boolean tls;
    private TlsMaterial tlsMaterial;
    private boolean clusterNode;
    private String sentinelConfig;
    private String username;
    private String password;
    private final List<String> moreUsers = new ArrayList<>();
    private Duration startTimeout = DEFAULT_START_TIMEOUT;

    private Builder() {}

    /**
     * Adds redis-server command-line arguments, e.g. {@code "--maxmemory", "10mb"}; they come
     * after the harness's own, so they override them.
     */
    public Builder arguments(String... moreArguments) {
      arguments.addAll(Arrays.asList(moreArguments));
      return this;
    }

    /**
     * Whether the server speaks TLS only: a throwaway CA and a certificate for 127.0.0.1 and
     * localhost are generated into the server's directory ({@link TlsMaterial}), and the plain
     * port is off. Clients need not present certificates.
     */
    public Builder tls(boolean useTls) {
      this.tls = useTls;
      if (!useTls) {
        this.tlsMaterial = null;
      }
      return this;
    }

    /**
     * Like {@link #tls(boolean) tls(true)}, with certificates made beforehand, e.g. so that
     * several servers share one CA. The caller owns {@code material}'s directory.
     */
    public Builder tls(TlsMaterial material) {
      this.tls = true;
      this.tlsMaterial = material;
      return this;
    }

    /**
     * Makes {@code name} the server's only user, with {@code password} and every permission
     * ({@code ~* &* +@all}); the {@code default} user is disabled, so unauthenticated clients
     * get {@code NOAUTH}.
     */
    public Builder user(String name, String userPassword) {
      if (name.isBlank() || name.contains(" ") || userPassword.contains(" ")) {
        throw new IllegalArgumentException("ACL names and passwords here have no spaces");
      }
      this.username = name;
      this.password = userPassword;
      return this;
    }

    /**
     * Adds a further ACL user with exactly {@code rules} (for example
     * {@code "~app:* &* +@read"}), beside the {@link #user user} the harness itself logs in as;
     * needs {@link #user} too.
     */
    public Builder aclUser(String name, String userPassword, String rules) {
      if (name.isBlank() || name.contains(" ") || userPassword.contains(" ")) {
        throw new IllegalArgumentException("ACL names and passwords here have no spaces");
      }
      moreUsers.add("user " + name + " on >" + userPassword + " " + rules);
      return this;
    }

    /**
     * Makes the server a cluster node ({@code --cluster-enabled yes}, node timeout 2 s, its own
     * {@code nodes-PORT.conf}); {@link RedisCluster} joins such nodes into a cluster.
     */
    public Builder clusterNode() {
      this.clusterNode = true;
      return this;
    }

    /**
     * Makes the server a Redis Sentinel ({@code redis-server sentinel.conf --sentinel}) whose
     * configuration file starts as {@code config}; {@link RedisSentinel} sets these up.
     */
    Builder sentinel(String config) {
      this.sentinelConfig = config;
      return this;
    }

    /** How long {@link #start()} waits for PONG; 15 seconds unless set. */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Starts the server and waits until it answers PING. */
    public RedisServer start() {
      RedisServer server = new RedisServer(this);
      try {
        server.firstStart();
        return server;
      } catch (RuntimeException | Error e) {
        server.close();
        throw e;
      }
    }
  }
}
