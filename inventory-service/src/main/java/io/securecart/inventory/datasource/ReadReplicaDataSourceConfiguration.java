package io.securecart.inventory.datasource;

import java.time.Clock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Read-only transactions read from the PostgreSQL streaming replica; everything else uses the primary.
 *
 * <p>
 * Two Hikari pools, and ONE {@link javax.sql.DataSource} that the repositories (Spring Data JDBC), the transaction
 * manager (Boot's {@code JdbcTransactionManager}), the outbox and the inbox all use: a
 * {@link LazyConnectionDataSourceProxy} over the primary, with the replica as its read-only data source.
 * The proxy hands out a connection handle without touching either pool; the transaction manager marks the handle
 * read-only (for {@code @Transactional(readOnly = true)}) when the transaction begins; the proxy fetches a real
 * connection only at the first statement, and fetches it from the read-only data source if the handle is read-only
 * by then.
 *
 * <p>
 * Why not an {@code AbstractRoutingDataSource} keyed on
 * {@code TransactionSynchronizationManager.isCurrentTransactionReadOnly()}, the pattern most articles show? It
 * silently sends every read to the primary: Spring's transaction managers ({@code JdbcTransactionManager} here, as
 * {@code JpaTransactionManager} before it) obtain the JDBC connection while they begin the transaction, before they
 * publish the transaction's read-only flag, so the routing key still says "read-write" at the only moment it is
 * consulted. Nothing fails; the replica just never gets a query. The integration tests here check on the database
 * servers themselves where the catalog's queries ran.
 *
 * <p>
 * The read-only data source is not the replica pool itself but {@link ReplicaOrPrimaryDataSource}: while the
 * {@link ReplicaMonitor} finds the replica unreachable, too far behind, or switched off
 * ({@code securecart.inventory.replica.enabled=false}), read-only transactions get read-only connections to the
 * primary instead. Reads keep working; health says DEGRADED.
 *
 * <p>
 * Flyway migrates the primary pool directly ({@link FlywayDataSource}): a replica cannot be written, and migrations
 * reach it by replication.
 *
 * <p>
 * Replication is asynchronous: a catalog read may trail a write by the replica's lag (usually milliseconds). The
 * catalog says so in every answer, and lets a client that just wrote read its write (see
 * {@code io.securecart.inventory.catalog.Catalog}); the stock decisions run in read-write transactions, on the
 * primary, under row locks.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicaDataSourceProperties.class)
@EnableScheduling // the replica monitor's probe
class ReadReplicaDataSourceConfiguration {

	/** Seconds: the primary's WAL position is one cheap read, and the probe runs every second. */
	static final int PRIMARY_PROBE_QUERY_TIMEOUT = 1;

	@Bean
	@FlywayDataSource
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource primaryDataSource(DataSourceProperties primary) {
		return primary.initializeDataSourceBuilder().type(HikariDataSource.class).build();
	}

	@Bean
	@ConfigurationProperties("securecart.inventory.replica.hikari")
	HikariDataSource replicaDataSource(DataSourceProperties primary, ReplicaDataSourceProperties replica) {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(replica.url())
			.username(primary.determineUsername())
			.password(primary.determinePassword())
			.build();
	}

	/**
	 * The replica monitor's own connection to the primary, tuned under
	 * {@code securecart.inventory.replica.primary-probe.hikari.*}: one connection, a short wait for it and a socket
	 * timeout, so that a busy shared pool (30 s wait) or a hung primary (no socket timeout) cannot hold the
	 * service's only probe.
	 */
	@Bean
	@ConfigurationProperties("securecart.inventory.replica.primary-probe.hikari")
	HikariDataSource primaryProbeDataSource(DataSourceProperties primary) {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(primary.determineUrl())
			.username(primary.determineUsername())
			.password(primary.determinePassword())
			.build();
	}

	@Bean
	ReplicaMonitor replicaMonitor(HikariDataSource replicaDataSource, HikariDataSource primaryProbeDataSource,
			ReplicaDataSourceProperties properties, Clock clock) {
		return new ReplicaMonitor(JdbcClient.create(replicaDataSource), primaryProbe(primaryProbeDataSource),
				properties, clock);
	}

	/** The primary as the probe reads it: within {@value #PRIMARY_PROBE_QUERY_TIMEOUT} s, or not at all. */
	static JdbcClient primaryProbe(DataSource primaryProbeDataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(primaryProbeDataSource);
		jdbc.setQueryTimeout(PRIMARY_PROBE_QUERY_TIMEOUT);
		return JdbcClient.create(jdbc);
	}

	@Bean
	@Primary
	LazyConnectionDataSourceProxy dataSource(HikariDataSource primaryDataSource, HikariDataSource replicaDataSource,
			ReplicaMonitor replicaMonitor) {
		LazyConnectionDataSourceProxy dataSource = new LazyConnectionDataSourceProxy(primaryDataSource);
		dataSource.setReadOnlyDataSource(
				new ReplicaOrPrimaryDataSource(replicaDataSource, primaryDataSource, replicaMonitor));
		return dataSource;
	}

	/**
	 * Health's {@code db}: the primary only. Without a primary the service is DOWN; without the replica it is not
	 * (reads go to the primary), which {@code catalogReplica} reports as DEGRADED.
	 */
	@Bean
	HealthIndicator dbHealthContributor(HikariDataSource primaryDataSource) {
		return new DataSourceHealthIndicator(primaryDataSource);
	}
}
