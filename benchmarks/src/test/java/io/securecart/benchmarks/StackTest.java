package io.securecart.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed {@code ./securecart up} reports the step and the reason, not only the clean-up it did after them. */
class StackTest {

	@Test
	void aFailedUpSaysAtWhichStepAndWhyBeforeWhatItStopped() {
		List<String> log = List.of("securecart: checking prerequisites", "postgres  up  primary :15432",
				"securecart: auth-service: port 9000 is in use by a process ./securecart did not start; stop it or set AUTH_PORT",
				"", "securecart: 'up' failed at step: starting auth-server (log: .securecart/logs/auth.log)",
				"securecart: stopping what this 'up' started: zipkin redis moto postgres", "zipkin  not running",
				"redis  stopped", "moto  stopped", "replica  stopped", "primary  stopped");

		String why = Stack.whyUpFailed(log);

		assertThat(why).startsWith("securecart: checking prerequisites | securecart: auth-service: port 9000 is in use")
			.contains("failed at step: starting auth-server")
			.endsWith("moto  stopped | replica  stopped | primary  stopped");
		assertThat(why.split(" \\| ")).doesNotHaveDuplicates().doesNotContain("");
	}

	@Test
	void anEmptyLogSaysSo() {
		assertThat(Stack.whyUpFailed(List.of())).isEqualTo("(nothing in its log)");
	}

	@Test
	void aPostgresProcessIsNamedByWhatItDoes() {
		assertThat(Stack.postgresRole("postgres: securecart fulfillment 127.0.0.1(41386) idle"))
			.isEqualTo("fulfillment's connections");
		assertThat(Stack.postgresRole("postgres: walsender replicator 127.0.0.1(40112) streaming 0/5A3C2B8"))
			.isEqualTo("replication");
		assertThat(Stack.postgresRole("postgres: walreceiver streaming 0/5A3C2B8")).isEqualTo("replication");
		assertThat(Stack.postgresRole("postgres: startup recovering 00000001000000000000000A"))
			.isEqualTo("replication");
		assertThat(Stack.postgresRole("postgres: autovacuum worker checkout")).isEqualTo(Stack.POSTGRES_OWN);
		assertThat(Stack.postgresRole("postgres: checkpointer")).isEqualTo(Stack.POSTGRES_OWN);
		assertThat(Stack.postgresRole("/usr/lib/postgresql/15/bin/postgres -D /srv/pg/primary"))
			.isEqualTo(Stack.POSTGRES_OWN);
	}
}
