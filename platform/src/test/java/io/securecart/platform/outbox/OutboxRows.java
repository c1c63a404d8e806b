package io.securecart.platform.outbox;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What the tests read from the outbox table directly: the services themselves never ask whether a row went out. */
public final class OutboxRows {

	private OutboxRows() {
	}

	public static boolean isPublished(JdbcClient jdbc, UUID eventId) {
		return jdbc.sql("select count(*) from outbox_message where id = :id and published_at is not null")
			.param("id", eventId)
			.query(Long.class)
			.single() > 0;
	}
}
