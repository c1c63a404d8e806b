package io.securecart.ratelimit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.securecart.testsupport.MovableClock;
import io.securecart.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of a service (two connection pools, two bucket4j proxy managers) against one PostgreSQL database:
 * a caller's limit is one limit, however many instances serve them, and it holds under concurrent requests; and the
 * rows of buckets that are full again are deleted, while those in use stay.
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedBucketsIT {

	private static HikariDataSource firstInstance;

	private static HikariDataSource secondInstance;

	@BeforeAll
	static void database() {
		TestInfrastructure infrastructure = TestInfrastructure.shared();
		JdbcClient postgres = JdbcClient.create(new DriverManagerDataSource(infrastructure.jdbcUrl("postgres"),
				infrastructure.postgresUser(), infrastructure.postgresPassword()));
		if (postgres.sql("select count(*) from pg_database where datname = 'ratelimit'").query(Long.class).single() == 0) {
			postgres.sql("create database ratelimit").update();
		}
		firstInstance = pool(infrastructure);
		secondInstance = pool(infrastructure);
		Flyway.configure().dataSource(firstInstance).locations(RateLimitAutoConfiguration.MIGRATIONS).load().migrate();
	}

	private static HikariDataSource pool(TestInfrastructure infrastructure) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(infrastructure.jdbcUrl("ratelimit"));
		dataSource.setUsername(infrastructure.postgresUser());
		dataSource.setPassword(infrastructure.postgresPassword());
		dataSource.setMaximumPoolSize(4);
		return dataSource;
	}

	@AfterAll
	static void close() {
		firstInstance.close();
		secondInstance.close();
	}

	@Test
	void aRefusedCallerIsRefusedWithoutTheDatabaseUntilTheirBucketHasATokenAgain() {
		AtomicInteger connections = new AtomicInteger();
		DataSource counted = new DelegatingDataSource(firstInstance) {
			@Override
			public Connection getConnection() throws SQLException {
				connections.incrementAndGet();
				return super.getConnection();
			}
		};
		MovableClock clock = new MovableClock(Instant.parse("2026-12-05T21:00:00Z"));
		RateLimiter limiter = new RateLimiter(counted, clock);
		RateLimitProperties.Rule threePerMinute = rule(3, Duration.ofMinutes(1));
		String flood = "10.0.0.1-" + System.nanoTime();
		for (int request = 0; request < 3; request++) {
			assertThat(limiter.tryConsume("token", threePerMinute, flood).allowed()).isTrue();
		}
		assertThat(limiter.tryConsume("token", threePerMinute, flood).allowed()).isFalse();
		int usedByTheLimit = connections.get();

		List<RateLimiter.Decision> flooded = IntStream.range(0, 100)
			.mapToObj(request -> limiter.tryConsume("token", threePerMinute, flood))
			.toList();

		assertThat(flooded).extracting(RateLimiter.Decision::allowed).containsOnly(false);
		assertThat(flooded).extracting(RateLimiter.Decision::remembered).containsOnly(true);
		assertThat(flooded.getLast().retryAfterSeconds()).isBetween(19L, 20L);
		assertThat(connections).as("no connection for a caller already refused").hasValue(usedByTheLimit);
		assertThat(limiter.tryConsume("token", threePerMinute, "10.0.0.2-" + System.nanoTime()).allowed())
			.as("another caller is asked of the database as before").isTrue();

		// One token every 20 s: once the remembered refusal is over, the database is asked again, and its bucket
		// refilled by the same clock.
		clock.advance(Duration.ofSeconds(21));
		int beforeAskingAgain = connections.get();
		assertThat(limiter.tryConsume("token", threePerMinute, flood).allowed()).isTrue();
		assertThat(connections.get()).isGreaterThan(beforeAskingAgain);
		RateLimiter.Decision refusedAgain = limiter.tryConsume("token", threePerMinute, flood);
		assertThat(refusedAgain.allowed()).isFalse();
		assertThat(refusedAgain.remembered()).as("the database refused it").isFalse();
	}

	@Test
	void aFloodRefusedFromMemoryWritesOneWarningPerRefusal(CapturedOutput output) throws Exception {
		MovableClock clock = new MovableClock(Instant.parse("2026-12-06T14:00:00Z"));
		RateLimitFilter filter = new RateLimitFilter(
				Map.of("login", new RateLimitProperties.Rule("POST", "/login", RateLimitProperties.Key.CLIENT_IP, 2,
						Duration.ofMinutes(1))),
				new RateLimiter(firstInstance, clock));
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String address = "2001:db8:%x:%x::7".formatted(random.nextInt(0x10000), random.nextInt(0x10000));
		String caller = RateLimitFilter.clientAddress(address);
		List<Integer> statuses = new ArrayList<>();
		for (int request = 0; request < 50; request++) {
			MockHttpServletRequest login = new MockHttpServletRequest("POST", "/login");
			login.setRemoteAddr(address);
			MockHttpServletResponse response = new MockHttpServletResponse();
			filter.doFilter(login, response, new MockFilterChain());
			statuses.add(response.getStatus());
		}

		assertThat(statuses).containsExactlyElementsOf(
				IntStream.range(0, 50).mapToObj(request -> request < 2 ? 200 : 429).toList());
		assertThat(output.getOut().lines().filter(line -> line.contains("Rate limit login reached by " + caller)))
			.as("one line when the database refused, none for the 47 refused from memory")
			.hasSize(1);
	}

	@Test
	void twoInstancesTakeFromOneBucketPerCaller() {
		RateLimitProperties.Rule fivePerHour = rule(5, Duration.ofHours(1));
		RateLimiter first = new RateLimiter(firstInstance, Clock.systemUTC());
		RateLimiter second = new RateLimiter(secondInstance, Clock.systemUTC());
		String caller = "alice-" + System.nanoTime();

		List<Boolean> allowed = IntStream.range(0, 5)
			.mapToObj(i -> (i % 2 == 0 ? first : second).tryConsume("orders", fivePerHour, caller).allowed())
			.toList();
		RateLimiter.Decision sixthOnFirst = first.tryConsume("orders", fivePerHour, caller);
		RateLimiter.Decision sixthOnSecond = second.tryConsume("orders", fivePerHour, caller);

		assertThat(allowed).containsOnly(true);
		assertThat(sixthOnFirst.allowed()).isFalse();
		assertThat(sixthOnSecond.allowed()).isFalse();
		// One token comes back every 12 minutes (5 per hour, refilled gradually).
		assertThat(sixthOnSecond.retryAfterSeconds()).isBetween(11 * 60L, 12 * 60L);
		assertThat(second.tryConsume("orders", fivePerHour, "bob-" + System.nanoTime()).allowed())
			.as("another caller has a bucket of their own")
			.isTrue();
		assertThat(second.tryConsume("token", fivePerHour, caller).allowed())
			.as("another rule has buckets of its own")
			.isTrue();
	}

	@Test
	void aChangedLimitAppliesAtOnceToACallerWhoHitTheOldOne() {
		RateLimiter limiter = new RateLimiter(firstInstance, Clock.systemUTC());
		String caller = "carol-" + System.nanoTime();
		assertThat(limiter.tryConsume("orders", rule(1, Duration.ofHours(1)), caller).allowed()).isTrue();
		assertThat(limiter.tryConsume("orders", rule(1, Duration.ofHours(1)), caller).allowed()).isFalse();

		RateLimitProperties.Rule raised = rule(3, Duration.ofHours(1));

		assertThat(IntStream.range(0, 4).mapToObj(i -> limiter.tryConsume("orders", raised, caller).allowed()))
			.containsExactly(true, true, true, false);
	}

	@Test
	void concurrentRequestsOnBothInstancesGetExactlyTheCapacity() throws Exception {
		RateLimitProperties.Rule tenPerHour = rule(10, Duration.ofHours(1));
		RateLimiter first = new RateLimiter(firstInstance, Clock.systemUTC());
		RateLimiter second = new RateLimiter(secondInstance, Clock.systemUTC());
		String caller = "script-" + System.nanoTime();

		List<Callable<Boolean>> requests = IntStream.range(0, 40)
			.mapToObj(i -> (Callable<Boolean>) () -> (i % 2 == 0 ? first : second)
				.tryConsume("orders", tenPerHour, caller)
				.allowed())
			.toList();
		long allowed;
		try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
			allowed = clients.invokeAll(requests).stream().filter(SharedBucketsIT::get).count();
		}

		assertThat(allowed).isEqualTo(10);
	}

	@Test
	void bucketsFullAgainAreDeletedInBatchesAndBucketsInUseStay() {
		RateLimiter limiter = new RateLimiter(firstInstance, Clock.systemUTC());
		JdbcClient database = JdbcClient.create(firstInstance);
		String run = "prune-" + System.nanoTime();
		RateLimitProperties.Rule fivePerHour = rule(5, Duration.ofHours(1));
		List.of("dave", "erin", "frank", "grace").forEach(caller -> limiter.tryConsume("orders", fivePerHour, run + caller));
		// As bucket4j writes them once their hour has passed: expires_at (epoch millis) is when a bucket is full again.
		database.sql("update rate_limit_bucket set expires_at = :past where id like :callers and id not like :inUse")
			.param("past", System.currentTimeMillis() - 1_000)
			.param("callers", "%" + run + "%")
			.param("inUse", "%" + run + "grace")
			.update();

		long deleted = new ExpiredBucketsPruner(limiter, Duration.ofMinutes(5), 2).prune();

		assertThat(deleted).as("three expired rows, two to a batch (and any other test's expired ones)")
			.isGreaterThanOrEqualTo(3);
		assertThat(database.sql("select id from rate_limit_bucket where id like :callers")
			.param("callers", "%" + run + "%")
			.query(String.class)
			.list()).singleElement().asString().endsWith(run + "grace");
		assertThat(limiter.tryConsume("orders", fivePerHour, run + "dave").remaining())
			.as("a caller whose row was deleted starts from a full bucket, as they would have anyway")
			.isEqualTo(4);
	}

	private static boolean get(Future<Boolean> future) {
		try {
			return future.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RateLimitProperties.Rule rule(long capacity, Duration period) {
		return new RateLimitProperties.Rule("POST", "/api/orders", RateLimitProperties.Key.SUBJECT, capacity, period);
	}
}
