package io.securecart.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Ports for the tests' servers: bindable, never from the range outgoing connections take, never handed out twice, not
 * even to two JVMs.
 */
class FreePortsTest {

	@Test
	void aPortIsBelowTheEphemeralRangeAndAServerCanBindIt() throws IOException {
		int port = FreePorts.next();

		assertThat(port).isBetween(FreePorts.LOWEST, FreePorts.ephemeralRangeStart() - 1);
		try (ServerSocket server = new ServerSocket()) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			assertThat(server.isBound()).isTrue();
		}
	}

	@Test
	void noPortIsHandedOutTwice() {
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 500; i++) {
			ports.add(FreePorts.next());
		}

		assertThat(ports).hasSize(500);
	}

	@Test
	void aPortThatAnotherRunningJvmWasHandedIsNotHandedOutUntilThatJvmExits(@TempDir Path directory) throws Exception {
		try (AnotherJvm other = AnotherJvm.running(directory, "", "io.securecart.testsupport.FreePorts.next()")) {
			int itsPort = Integer.parseInt(other.result());

			assertThat(FreePorts.reserve(itsPort)).as("held by the other JVM").isFalse();
			assertThat(other.exit()).isTrue();
			assertThat(FreePorts.reserve(itsPort)).as("released when it exited").isTrue();
		}
	}

	@Test
	void aPortSomethingListensOnIsNotFree() throws IOException {
		try (ServerSocket listening = new ServerSocket()) {
			listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

			assertThat(FreePorts.isFree(listening.getLocalPort())).isFalse();
		}
	}

	@Test
	void theEphemeralRangeStartsWhereTheKernelSays() throws IOException {
		Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
		assumeThat(range).isReadable();

		assertThat(FreePorts.ephemeralRangeStart())
			.isEqualTo(Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]));
	}
}
