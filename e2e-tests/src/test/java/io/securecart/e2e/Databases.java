package io.securecart.e2e;

import io.securecart.testsupport.TestInfrastructure;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Read access to each service's own database, for checking invariants that no single API shows. */
final class Databases {

	private final TestInfrastructure infrastructure;

	Databases(TestInfrastructure infrastructure) {
		this.infrastructure = infrastructure;
	}

	JdbcClient of(Service service) {
		String database = service.module().replace("-service", "");
		return JdbcClient.create(new DriverManagerDataSource(infrastructure.jdbcUrl(database),
				infrastructure.postgresUser(), infrastructure.postgresPassword()));
	}
}
