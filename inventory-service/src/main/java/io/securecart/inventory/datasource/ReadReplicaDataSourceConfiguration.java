package io.securecart.inventory.datasource;

import java.time.Clock;

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

	@Bean
	ReplicaMonitor replicaMonitor(HikariDataSource replicaDataSource, HikariDataSource primaryDataSource,
			ReplicaDataSourceProperties properties, Clock clock) {
		return new ReplicaMonitor(JdbcClient.create(replicaDataSource), JdbcClient.create(primaryDataSource),
				properties, clock);
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
