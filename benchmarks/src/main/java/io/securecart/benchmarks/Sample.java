package io.securecart.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One request a simulation sent: when, how long it took, what it answered and, for an accepted order, its id.
 * Simulations write their samples to a CSV file when they end; the harness reads it back. A request that got no
 * answer at all (connection refused, timeout) has status 0.
 *
 * @param sentAtMillis epoch milliseconds
 * @param latencyMillis until the whole answer was read
 * @param status HTTP status, 0 for none
 * @param orderId the order an accepted {@code POST /api/orders} placed, if any
 */
public record Sample(long sentAtMillis, long latencyMillis, int status, Optional<UUID> orderId) {

	static final String HEADER = "sentAtMillis,latencyMillis,status,orderId";

	public boolean ok(int expectedStatus) {
		return status == expectedStatus;
	}

	String toCsv() {
		return sentAtMillis + "," + latencyMillis + "," + status + "," + orderId.map(UUID::toString).orElse("");
	}

	static Sample fromCsv(String line) {
		String[] fields = line.split(",", -1);
		return new Sample(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Integer.parseInt(fields[2]),
				fields[3].isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(fields[3])));
	}

	public static void write(Path file, Collection<Sample> samples) {
		try {
			List<String> lines = new ArrayList<>(samples.size() + 1);
			lines.add(HEADER);
			samples.forEach(sample -> lines.add(sample.toCsv()));
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<Sample> read(Path file) {
		try (var lines = Files.lines(file)) {
			return lines.skip(1).filter(line -> !line.isBlank()).map(Sample::fromCsv).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
