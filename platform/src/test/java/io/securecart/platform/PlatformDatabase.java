package io.securecart.platform;

import io.securecart.testsupport.TestInfrastructure;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The platform's tests get a database of their own on the shared test PostgreSQL. */
public final class PlatformDatabase {

	private PlatformDatabase() {
	}

	public static synchronized void ensureExists() {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		JdbcClient postgres = JdbcClient.create(new DriverManagerDataSource(infrastructure.jdbcUrl("postgres"),
				infrastructure.postgresUser(), infrastructure.postgresPassword()));
		boolean exists = postgres.sql("select count(*) from pg_database where datname = 'platform'")
			.query(Long.class)
			.single() > 0;
		if (!exists) {
			postgres.sql("create database platform").update();
		}
	}
}
