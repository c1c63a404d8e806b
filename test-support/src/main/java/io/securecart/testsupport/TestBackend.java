package io.securecart.testsupport;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the tests' AWS emulator and PostgreSQL come from. Chosen automatically, and logged in one line:
 * <ol>
 * <li>{@link #EXTERNAL}: already running endpoints named by the environment ({@code SECURECART_TEST_AWS_ENDPOINT},
 * {@code SECURECART_TEST_PG_HOST}/{@code _PORT}/{@code _REPLICA_PORT}, and {@code SECURECART_TEST_REDIS_HOST}/
 * {@code _PORT}, by default the PostgreSQL host and 6379), e.g. {@code docker compose up}'s LocalStack, PostgreSQL
 * and Redis;</li>
 * <li>{@link #TESTCONTAINERS}: when a Docker engine answers, LocalStack, PostgreSQL primary + replica and Redis in
 * containers, from the same images and init scripts as {@code docker-compose.yml};</li>
 * <li>{@link #HOST}: moto, PostgreSQL and Redis from this machine's binaries, started on free ports, as on machines
 * without Docker.</li>
 * </ol>
 * {@code SECURECART_TEST_BACKEND=host|testcontainers|external} overrides the choice. Every backend runs the same
 * tests, and can do everything they ask of the infrastructure (the replica's outage included): none is skipped
 * because Docker is present or absent.
 */
enum TestBackend {

	EXTERNAL {
		@Override
		String describe(Map<String, String> env) {
			return "external endpoints (AWS " + env.get(AWS_ENDPOINT) + ", PostgreSQL " + env.get(PG_HOST) + ":"
					+ env.get(PG_PORT) + ", replica port " + env.get(PG_REPLICA_PORT) + ", Redis " + redisHost(env)
					+ ":" + redisPort(env) + ")";
		}

		@Override
		TestInfrastructure start(Map<String, String> env) {
			return new TestInfrastructure(name(), URI.create(env.get(AWS_ENDPOINT)),
					env.getOrDefault("AWS_REGION", "us-east-1"), env.getOrDefault("AWS_ACCESS_KEY_ID", "test"),
					env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test"), env.get(PG_HOST),
					Integer.parseInt(env.get(PG_PORT)), Integer.parseInt(env.get(PG_REPLICA_PORT)),
					env.getOrDefault("SECURECART_TEST_PG_USER", "securecart"),
					env.getOrDefault("SECURECART_TEST_PG_PASSWORD", "securecart"), redisHost(env), redisPort(env));
		}

		@Override
		DatabaseServers databaseServers(Map<String, String> env) {
			return ExternalDatabaseCommands.from(env, RepositoryRoot.find());
		}
	},

	TESTCONTAINERS {
		@Override
		String describe(Map<String, String> env) {
			return "Testcontainers (" + TestcontainersStack.LOCALSTACK_IMAGE + " + " + TestcontainersStack.POSTGRES_IMAGE
					+ " primary and streaming replica, init scripts from infra/compose/postgres, + "
					+ TestcontainersStack.REDIS_IMAGE + ")";
		}

		@Override
		TestInfrastructure start(Map<String, String> env) {
			return TestcontainersStack.start();
		}

		@Override
		DatabaseServers databaseServers(Map<String, String> env) {
			return TestcontainersStack.databaseServers();
		}
	},

	HOST {
		@Override
		String describe(Map<String, String> env) {
			return "host stack (moto server + local PostgreSQL primary and replica + redis-server, started by the tests)";
		}

		@Override
		TestInfrastructure start(Map<String, String> env) {
			return HostStack.start();
		}

		@Override
		DatabaseServers databaseServers(Map<String, String> env) {
			return HostStack.databaseServers();
		}
	};

	static final String BACKEND = "SECURECART_TEST_BACKEND";

	static final String AWS_ENDPOINT = "SECURECART_TEST_AWS_ENDPOINT";

	static final String PG_HOST = "SECURECART_TEST_PG_HOST";

	static final String PG_PORT = "SECURECART_TEST_PG_PORT";

	static final String PG_REPLICA_PORT = "SECURECART_TEST_PG_REPLICA_PORT";

	static final String REDIS_HOST = "SECURECART_TEST_REDIS_HOST";

	static final String REDIS_PORT = "SECURECART_TEST_REDIS_PORT";

	abstract String describe(Map<String, String> env);

	abstract TestInfrastructure start(Map<String, String> env);

	/** How the tests take this backend's database servers down and up: every backend can, so no test is skipped on one. */
	abstract DatabaseServers databaseServers(Map<String, String> env);

	static TestBackend select(Map<String, String> env) {
		return select(env, DockerProbe.testcontainers());
	}

	/**
	 * {@code SECURECART_TEST_BACKEND} if set; else {@link #EXTERNAL} if {@code SECURECART_TEST_AWS_ENDPOINT} is set;
	 * else {@link #TESTCONTAINERS} if {@code docker} answers; else {@link #HOST}. Docker is asked only when needed.
	 */
	static TestBackend select(Map<String, String> env, DockerProbe docker) {
		Optional<TestBackend> requested = value(env, BACKEND).map(TestBackend::named);
		if (requested.isPresent()) {
			TestBackend backend = requested.get();
			if (backend == EXTERNAL) {
				requireExternalEndpoints(env);
			}
			if (backend == TESTCONTAINERS && !docker.isDockerAvailable()) {
				throw new IllegalStateException(
						BACKEND + "=testcontainers, but no Docker engine answers: start one, or point DOCKER_HOST at it");
			}
			return backend;
		}
		if (value(env, AWS_ENDPOINT).isPresent()) {
			requireExternalEndpoints(env);
			return EXTERNAL;
		}
		return docker.isDockerAvailable() ? TESTCONTAINERS : HOST;
	}

	private static TestBackend named(String name) {
		return Arrays.stream(values())
			.filter(backend -> backend.name().equalsIgnoreCase(name.trim()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(BACKEND + "=" + name + " is not one of "
					+ Arrays.stream(values()).map(backend -> backend.name().toLowerCase(Locale.ROOT))
						.collect(Collectors.joining(", "))));
	}

	private static void requireExternalEndpoints(Map<String, String> env) {
		for (String required : new String[] { AWS_ENDPOINT, PG_HOST, PG_PORT, PG_REPLICA_PORT }) {
			if (value(env, required).isEmpty()) {
				throw new IllegalStateException("The tests use external endpoints, but " + required + " is not set");
			}
		}
	}

	private static String redisHost(Map<String, String> env) {
		return value(env, REDIS_HOST).orElse(env.get(PG_HOST));
	}

	/** 6379 unless set: where docker-compose.yml publishes Redis. */
	private static int redisPort(Map<String, String> env) {
		return Integer.parseInt(value(env, REDIS_PORT).orElse("6379"));
	}

	private static Optional<String> value(Map<String, String> env, String name) {
		return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
	}
}
