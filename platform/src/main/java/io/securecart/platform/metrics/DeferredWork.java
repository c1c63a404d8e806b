package io.securecart.platform.metrics;

import java.util.regex.Pattern;

/**
 * Work a service owes and does later, from rows in its own database: a notification recorded and not yet sent, an
 * invoice a shipped order still owes. Declared as a bean; the platform samples it with the other costly metrics and
 * publishes how much is owed and since when ({@link DeferredWorkMetrics}), which the topology's {@code deferredWork}
 * alarm watches: work that keeps failing is retried quietly for ever otherwise.
 *
 * @param name the work's {@code work} tag, and with the service's name the alarm's element
 * ({@code notification-service-unsent-notifications}); lower case words joined by hyphens
 * @param backlogQuery SQL answering one row: {@code pending}, how many are owed, and {@code oldest}, the
 * {@code timestamptz} since which the oldest of them has been owed (null when none)
 */
public record DeferredWork(String name, String backlogQuery) {

	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

	public DeferredWork {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Deferred work needs a lower-case, hyphenated name, not " + name);
		}
		if (backlogQuery == null || backlogQuery.isBlank()) {
			throw new IllegalArgumentException("Deferred work " + name + " needs its backlog query");
		}
	}
}
