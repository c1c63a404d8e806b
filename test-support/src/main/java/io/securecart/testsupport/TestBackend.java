package io.securecart.testsupport;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the tests' AWS emulator and PostgreSQL come from. Chosen automatically, and logged in one line:
 * <ol>
 * <li>{@link #EXTERNAL}: already running endpoints named by the environment ({@code SECURECART_TEST_AWS_ENDPOINT}
 * and {@code SECURECART_TEST_PG_HOST}/{@code _PORT}/{@code _REPLICA_PORT}), e.g. a LocalStack you started;</li>
 * <li>{@link #HOST}: moto and PostgreSQL from this machine's binaries, started on free ports, as on machines without
 * Docker.</li>
 * </ol>
 */
enum TestBackend {

	EXTERNAL {
		@Override
		String describe(Map<String, String> env) {
			return "external endpoints (AWS " + env.get(AWS_ENDPOINT) + ", PostgreSQL " + env.get(PG_HOST) + ":"
					+ env.get(PG_PORT) + ", replica port " + env.get(PG_REPLICA_PORT) + ")";
		}

		@Override
		TestInfrastructure start(Map<String, String> env) {
			return new TestInfrastructure(name(), URI.create(env.get(AWS_ENDPOINT)),
					env.getOrDefault("AWS_REGION", "us-east-1"), env.getOrDefault("AWS_ACCESS_KEY_ID", "test"),
					env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test"), env.get(PG_HOST),
					Integer.parseInt(env.get(PG_PORT)), Integer.parseInt(env.get(PG_REPLICA_PORT)),
					env.getOrDefault("SECURECART_TEST_PG_USER", "securecart"),
					env.getOrDefault("SECURECART_TEST_PG_PASSWORD", "securecart"));
		}
	},

	HOST {
		@Override
		String describe(Map<String, String> env) {
			return "host stack (moto server + local PostgreSQL primary and replica, started by the tests)";
		}

		@Override
		TestInfrastructure start(Map<String, String> env) {
			return HostStack.start();
		}
	};

	static final String AWS_ENDPOINT = "SECURECART_TEST_AWS_ENDPOINT";

	static final String PG_HOST = "SECURECART_TEST_PG_HOST";

	static final String PG_PORT = "SECURECART_TEST_PG_PORT";

	static final String PG_REPLICA_PORT = "SECURECART_TEST_PG_REPLICA_PORT";

	abstract String describe(Map<String, String> env);

	abstract TestInfrastructure start(Map<String, String> env);

	static TestBackend select(Map<String, String> env) {
		boolean external = Optional.ofNullable(env.get(AWS_ENDPOINT)).filter(value -> !value.isBlank()).isPresent();
		if (external) {
			for (String required : new String[] { PG_HOST, PG_PORT, PG_REPLICA_PORT }) {
				if (env.get(required) == null) {
					throw new IllegalStateException(AWS_ENDPOINT + " is set, so the tests use external endpoints, but "
							+ required + " is not set");
				}
			}
			return EXTERNAL;
		}
		return HOST;
	}
}
