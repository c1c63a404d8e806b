package io.securecart.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers a test starts (moto, PostgreSQL, Redis, the services), free when picked and outside the
 * kernel's ephemeral range.
 * <p>
 * Why not {@code new ServerSocket(0)}: it returns a port from the ephemeral range, the same range every outgoing
 * connection takes its source port from. Between picking a port and the server binding it, the tests open
 * connections (PostgreSQL's start, its base backup, health checks), and one of them can land on the picked port: the
 * server then fails with "Address already in use". A port below the ephemeral range is never handed out to an
 * outgoing connection, so a free one stays free until a server binds it.
 * <p>
 * Each port is handed out once per JVM, and to one JVM at a time: the build runs two modules' tests at once
 * ({@code .mvn/maven.config}), and two JVMs could otherwise pick the same free port before either binds it. A JVM
 * reserves a port with a lock on a file named after it, which the operating system releases when the JVM exits.
 */
public final class FreePorts {

	/** Above the well-known ports and the usual development servers (PostgreSQL 5432, Redis 6379, 8080, 9000). */
	static final int LOWEST = 10_000;

	/** Linux's default when {@code /proc/sys/net/ipv4/ip_local_port_range} cannot be read. */
	static final int DEFAULT_EPHEMERAL_START = 32_768;

	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	private static final int ATTEMPTS = 1_000;

	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	/** Where the ports' reservation files live: the same directory for every JVM on the machine. */
	private static final Path RESERVATIONS = Path.of(System.getProperty("java.io.tmpdir"), "securecart-ports");

	/** Held open until the JVM exits: closing a channel releases its lock. */
	private static final List<FileChannel> reservations = new CopyOnWriteArrayList<>();

	private FreePorts() {
	}

	/**
	 * A port that nothing listens on (any address), below the ephemeral range, handed out neither before in this JVM
	 * nor to another JVM that still runs.
	 */
	public static int next() {
		int end = ephemeralRangeStart();
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
			if (isFree(port) && handedOut.add(port) && reserve(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port between %d and %d after %d attempts".formatted(LOWEST, end,
				ATTEMPTS));
	}

	/** Reserves a port for this JVM's lifetime; false if another JVM that still runs has it. */
	static boolean reserve(int port) {
		try {
			Files.createDirectories(RESERVATIONS);
			FileChannel channel = FileChannel.open(RESERVATIONS.resolve(String.valueOf(port)), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			if (channel.tryLock() == null) {
				channel.close();
				return false;
			}
			reservations.add(channel);
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot reserve port %d in %s".formatted(port, RESERVATIONS), ex);
		}
	}

	static int ephemeralRangeStart() {
		try {
			int start = Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
			return (start > LOWEST + 1_000) ? start : DEFAULT_EPHEMERAL_START;
		}
		catch (IOException | RuntimeException ex) {
			return DEFAULT_EPHEMERAL_START;
		}
	}

	/** Free on the wildcard address and on loopback: the servers bind one or the other. */
	static boolean isFree(int port) {
		return canBind(new InetSocketAddress(port)) && canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
				port));
	}

	private static boolean canBind(InetSocketAddress address) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(address);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}
}
