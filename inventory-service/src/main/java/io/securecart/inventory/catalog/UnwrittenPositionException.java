package io.securecart.inventory.catalog;

import io.securecart.inventory.datasource.Lsn;

/**
 * A {@code Consistency-Token} beyond what the primary has written: no write answered with it. Waiting for the
 * replica to reach it would hold a replica connection for the whole wait, at every such read.
 */
class UnwrittenPositionException extends RuntimeException {

	private final Lsn token;

	UnwrittenPositionException(Lsn token, Lsn written) {
		super("Consistency-Token %s is beyond what the database has written (%s): send one a write answered with"
			.formatted(token, written));
		this.token = token;
	}

	Lsn token() {
		return token;
	}
}
