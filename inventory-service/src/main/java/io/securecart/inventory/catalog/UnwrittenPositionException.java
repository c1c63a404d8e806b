package io.securecart.inventory.catalog;

import io.securecart.inventory.datasource.Lsn;

/**
 * A {@code Consistency-Token} beyond what the primary has written: no write answered with it (or, after a failover
 * that lost writes, the write it answered was lost: drop the token). Waiting for the replica to reach it would hold a
 * replica connection for the whole wait, at every such read. The answer does not say where the primary stands.
 */
class UnwrittenPositionException extends RuntimeException {

	private final Lsn token;

	UnwrittenPositionException(Lsn token) {
		super("Consistency-Token %s is beyond what the database has written: send one a write answered with, or none"
			.formatted(token));
		this.token = token;
	}

	Lsn token() {
		return token;
	}
}
