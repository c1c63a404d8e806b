package io.securecart.console.shop;

import org.springframework.http.HttpHeaders;

/**
 * Where a catalog read came from and how stale it may be, from the headers the catalog API sends: {@code
 * X-Data-Source} (replica or primary), {@code X-Replica-Lag-Ms} (how far the replica trailed), {@code Age} (seconds in
 * the product cache).
 */
record Freshness(String source, Long replicaLagMs, Long ageSeconds) {

	static Freshness of(HttpHeaders headers) {
		return new Freshness(headers.getFirst("X-Data-Source"), number(headers.getFirst("X-Replica-Lag-Ms")),
				number(headers.getFirst(HttpHeaders.AGE)));
	}

	/** A sentence for the page, e.g. "Read from the replica, 12 ms behind the primary." */
	public String describe() {
		StringBuilder text = new StringBuilder();
		if (source == null) {
			text.append("The catalog did not say where this was read from.");
		}
		else if ("replica".equals(source)) {
			text.append("Read from the read replica");
			text.append(replicaLagMs != null ? ", " + replicaLagMs + " ms behind the primary." : ".");
		}
		else {
			text.append("Read from the ").append(source).append(" (fresh: the replica lags, is down, or was skipped).");
		}
		if (ageSeconds != null && ageSeconds > 0) {
			text.append(" Cached for ").append(ageSeconds).append(" s.");
		}
		return text.toString();
	}

	private static Long number(String value) {
		try {
			return value == null ? null : Long.valueOf(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}
}
