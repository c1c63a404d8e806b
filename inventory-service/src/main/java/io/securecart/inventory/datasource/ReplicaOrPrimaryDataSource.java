package io.securecart.inventory.datasource;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * Connections for read-only transactions: the replica's while the {@link ReplicaMonitor} trusts it; otherwise, or
 * when the replica cannot hand out a connection, a read-only connection to the primary. A replica outage therefore
 * costs the catalog one failed connection attempt (bounded by the replica pool's connection timeout), not a failed
 * request, and none at all once the monitor knows.
 */
class ReplicaOrPrimaryDataSource extends AbstractDataSource {

	private final DataSource replica;

	private final DataSource primary;

	private final ReplicaMonitor monitor;

	ReplicaOrPrimaryDataSource(DataSource replica, DataSource primary, ReplicaMonitor monitor) {
		this.replica = replica;
		this.primary = primary;
		this.monitor = monitor;
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (monitor.servesReads()) {
			try {
				return replica.getConnection();
			}
			catch (SQLException ex) {
				monitor.replicaFailed(ex);
			}
		}
		Connection connection = primary.getConnection();
		// Read-only like a replica connection: a write by mistake fails here too. The pool resets the flag on return.
		connection.setReadOnly(true);
		return connection;
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLException("Connections come from the pools, with the configured credentials");
	}
}
