package io.securecart.notification.customer;

import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link SendPace} of every instance of the service at once, kept in its database (table {@code send_pace}, one
 * row per pace): the time the next send is due at the rate, which each take reads, moves on and answers in one
 * statement that holds the row's lock for that statement only. Two instances therefore send at the rate together, not
 * each (ADR 36, amended 2026-12-06: four instances at 5 a second sent 20 a second against SES's 14).
 * <p>
 * A pace is named by its rate ({@link #nameFor}): an instance that runs another rate (a rolling deployment that changes
 * it) paces on a row of its own, as the rate-limit module keys a bucket by its limit, instead of spacing its sends by
 * another instance's rate. Time is in whole nanoseconds, as {@code SendPace} always counted. The service's pace
 * ({@link #onDatabaseClock}) takes each statement's {@code now} from the database's {@code clock_timestamp()}, the
 * same for every instance: were it each host's clock, a host running {@code δ} ahead would write {@code next_due}
 * {@code δ} into the future and every instance would send nothing for {@code δ} (ADR 36, review). The waits it answers
 * ({@link #untilNext}, a reserved turn) are told on the host's clock, from the gap between the two clocks at the last
 * statement, the host's read once it returned (so a wait is told late by the statement's return, never early). The
 * tests' paces take {@code now} from the injected {@link Clock} instead, which their waits move.
 * <p>
 * When the database cannot be reached, a take throws and nothing is sent (fails closed): other instances may be
 * sending at the rate meanwhile, and the pace cannot know.
 * <p>
 * Each statement runs in a transaction of its own ({@code REQUIRES_NEW}), whoever calls: run in a caller's
 * transaction, it would keep the row locked until that one ended (every instance's takes waiting) and be rolled back
 * with its later failure, its sends going out all the same. So no caller may hold a connection of its own meanwhile:
 * the statement takes a second one, and callers that each hold one could use up the pool waiting for it. The sends
 * after a commit therefore reserve their turns on a thread of their own, not in {@code afterCommit} (ADR 36, review).
 */
final class SharedSendPace implements SendPace {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	/**
	 * A statement's {@code now}: the caller's {@code :now}, or when that is null the database's clock, in whole
	 * microseconds (its precision) as nanoseconds; read once the row is locked, so a take that waited for another's
	 * counts from when it got the row.
	 */
	private static final String NOW =
			"coalesce(cast(:now as bigint), cast(extract(epoch from clock_timestamp()) * 1000000 as bigint) * 1000)";

	/**
	 * Takes up to {@code :wanted} sends whose turn comes by its {@link #NOW} plus {@code :reach} (the burst's tolerance,
	 * and for a reservation how far ahead it may wait): the row is locked by the first step, so a take waits for
	 * another instance's and then reads what it wrote. Answers the due time it found, the sends it took and the due
	 * time it left.
	 */
	private static final String TAKE = """
			with was as (select next_due, %s as now from send_pace where id = :id for update),
			took as (select next_due, now,
				case when greatest(0, next_due - now) > :reach then 0
				else least(:wanted, (:reach - greatest(0, next_due - now)) / :spacing + 1) end as sends
				from was)
			update send_pace pace set next_due = greatest(took.next_due, took.now) + took.sends * :spacing
			from took where pace.id = :id
			returning took.now, took.next_due as was_due, took.sends, pace.next_due""".formatted(NOW);

	private final JdbcClient jdbc;

	/** Commits each statement on its own, suspending the caller's transaction, if any. */
	private final TransactionTemplate ownTransaction;

	private final String name;

	private final Clock clock;

	/** The time between two sends at the rate. */
	private final long spacingNanos;

	/** How many may start at once after a pause: a fifth of a second's worth, at least one. */
	private final int burst;

	/** How far ahead of the rate the sends may run: the burst's sends after the first. */
	private final long toleranceNanos;

	/**
	 * The due time this thread's last take left, which {@link #giveBack} compares the row with: the sweep, and the
	 * sends after a commit, give back on the thread that took.
	 */
	private final ThreadLocal<Long> leftByThisThread = new ThreadLocal<>();

	/** When the next send was due as of this instance's last statement: what {@link #untilNext} answers from. */
	private volatile long lastKnownDue;

	/** Whether each statement's {@code now} is the database's clock, not {@link #clock}. */
	private final boolean databaseClock;

	/** How far the statements' clock ran ahead of {@link #clock} at this instance's last take (zero on its own). */
	private volatile long statementClockAhead;

	SharedSendPace(JdbcClient jdbc, PlatformTransactionManager transactionManager, String name, double sendsPerSecond,
			Clock clock) {
		this(jdbc, transactionManager, name, sendsPerSecond, clock, false);
	}

	/**
	 * The pace whose statements take {@code now} from the database's clock, the service's: {@code clock} (the host's)
	 * only tells the waits it answers.
	 */
	static SharedSendPace onDatabaseClock(JdbcClient jdbc, PlatformTransactionManager transactionManager, String name,
			double sendsPerSecond, Clock clock) {
		return new SharedSendPace(jdbc, transactionManager, name, sendsPerSecond, clock, true);
	}

	private SharedSendPace(JdbcClient jdbc, PlatformTransactionManager transactionManager, String name,
			double sendsPerSecond, Clock clock, boolean databaseClock) {
		if (!(sendsPerSecond > 0) || Double.isInfinite(sendsPerSecond)) {
			throw new IllegalArgumentException("A send rate must be positive and finite, not " + sendsPerSecond);
		}
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.name = name;
		this.clock = clock;
		this.spacingNanos = Math.max(1, Math.round(NANOS_PER_SECOND / sendsPerSecond));
		this.burst = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(sendsPerSecond / 5)));
		this.toleranceNanos = (burst - 1) * spacingNanos;
		this.lastKnownDue = nanos(clock.instant());
		this.databaseClock = databaseClock;
	}

	/** The pace of the service's sends at {@code sendsPerSecond}, the same row for every instance that runs it. */
	static String nameFor(double sendsPerSecond) {
		return "notification-sends:" + sendsPerSecond + "/s";
	}

	@Override
	public int take(int wanted) {
		if (wanted < 1) {
			return 0;
		}
		return (int) take(wanted, 0).sends();
	}

	@Override
	public Optional<Instant> reserve(Duration within) {
		Took took = take(1, within.toNanos());
		if (took.sends() == 0) {
			return Optional.empty();
		}
		long turn = Math.max(took.wasDue() - toleranceNanos, took.now());
		return Optional.of(Instant.ofEpochSecond(0, turn - took.now() + took.local()));
	}

	/**
	 * Gives back only while the row still holds the due time this thread's last take left: once another take (another
	 * instance's, or another thread's here) moved it on, the sends given back would go below that take's turns, and
	 * more than the rate could start in one second. Nothing is given back then, which only slows the pace a little.
	 */
	@Override
	public void giveBack(int unused) {
		Long left = leftByThisThread.get();
		leftByThisThread.remove();
		if (unused > 0 && left != null) {
			long given = ownTransaction.execute(status -> jdbc.sql("""
					update send_pace set next_due = next_due - :unused * :spacing
					where id = :id and next_due = :left""")
				.param("unused", (long) unused)
				.param("spacing", spacingNanos)
				.param("id", name)
				.param("left", left)
				.update());
			if (given == 1) {
				lastKnownDue = left - unused * spacingNanos;
			}
		}
	}

	@Override
	public Duration untilNext() {
		long wait = lastKnownDue - toleranceNanos - (nanos(clock.instant()) + statementClockAhead);
		return wait > 0 ? Duration.ofNanos(wait) : Duration.ZERO;
	}

	@Override
	public int burst() {
		return burst;
	}

	private Took take(int wanted, long withinNanos) {
		Long now = databaseClock ? null : nanos(clock.instant());
		Optional<Took> took = tryTake(now, wanted, withinNanos);
		if (took.isEmpty()) {
			// The pace's first take: a rested pace, due now, as the in-memory pace started.
			ownTransaction.executeWithoutResult(status -> jdbc
				.sql("insert into send_pace (id, next_due) values (:id, " + NOW + ") on conflict (id) do nothing")
				.param("id", name)
				.param("now", now, Types.BIGINT)
				.update());
			took = tryTake(now, wanted, withinNanos);
		}
		Took taken = took.orElseThrow(() -> new IllegalStateException("Send pace " + name + " has no row"));
		statementClockAhead = taken.now() - taken.local();
		lastKnownDue = taken.nextDue();
		leftByThisThread.set(taken.nextDue());
		return taken;
	}

	/**
	 * One take, its host's time read once the statement returned: read before, the wait for a connection, the
	 * {@code BEGIN} and the row's lock would fall between the two clocks' readings, and the turns and waits told on the
	 * host's clock would come that much early (sends closer together than the rate). Read after, the statement's return
	 * falls between them instead, which tells them late, the safe side.
	 */
	private Optional<Took> tryTake(Long now, int wanted, long withinNanos) {
		return ownTransaction.execute(status -> jdbc.sql(TAKE)
			.param("id", name)
			.param("now", now, Types.BIGINT)
			.param("reach", toleranceNanos + withinNanos)
			.param("wanted", (long) wanted)
			.param("spacing", spacingNanos)
			.query((rs, row) -> new Took(rs.getLong("now"), rs.getLong("was_due"), rs.getLong("sends"),
					rs.getLong("next_due")))
			.optional())
			.map(took -> took.askedAt(nanos(clock.instant())));
	}

	private static long nanos(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
	}

	/**
	 * One statement's answer: the due time it found and left, the sends it took, at {@code now} (the statement's
	 * clock), answered by {@code local} (the host's, read once it returned).
	 */
	private record Took(long now, long wasDue, long sends, long nextDue, long local) {

		Took(long now, long wasDue, long sends, long nextDue) {
			this(now, wasDue, sends, nextDue, 0);
		}

		Took askedAt(long local) {
			return new Took(now, wasDue, sends, nextDue, local);
		}
	}
}
