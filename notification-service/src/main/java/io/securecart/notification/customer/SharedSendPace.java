package io.securecart.notification.customer;

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
 * another instance's rate. Time comes from the injected {@link Clock}, in whole nanoseconds as {@code SendPace}
 * always counted; instances' clocks are the hosts' (NTP: milliseconds apart, a few sends' worth at most at 1,000 a
 * second, nothing at the default 5).
 * <p>
 * When the database cannot be reached, a take throws and nothing is sent (fails closed): other instances may be
 * sending at the rate meanwhile, and the pace cannot know.
 * <p>
 * Each statement runs in a transaction of its own ({@code REQUIRES_NEW}), whoever calls: the sends after a commit
 * reserve their turns in {@code afterCommit}, where the committed transaction's connection is still bound with
 * autocommit off, and a statement run on it would keep the row locked for the whole reservation loop (every
 * instance's takes waiting) and be rolled back with the loop's later failure, its sends going out all the same.
 */
final class SharedSendPace implements SendPace {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	/**
	 * Takes up to {@code :wanted} sends whose turn comes by {@code :now} plus {@code :reach} (the burst's tolerance,
	 * and for a reservation how far ahead it may wait): the row is locked by the first step, so a take waits for
	 * another instance's and then reads what it wrote. Answers the due time it found, the sends it took and the due
	 * time it left.
	 */
	private static final String TAKE = """
			with was as (select next_due from send_pace where id = :id for update),
			took as (select next_due,
				case when greatest(0, next_due - :now) > :reach then 0
				else least(:wanted, (:reach - greatest(0, next_due - :now)) / :spacing + 1) end as sends
				from was)
			update send_pace pace set next_due = greatest(took.next_due, :now) + took.sends * :spacing
			from took where pace.id = :id
			returning took.next_due as was_due, took.sends, pace.next_due""";

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

	SharedSendPace(JdbcClient jdbc, PlatformTransactionManager transactionManager, String name, double sendsPerSecond,
			Clock clock) {
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
		return Optional.of(Instant.ofEpochSecond(0, turn));
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
		long wait = lastKnownDue - toleranceNanos - nanos(clock.instant());
		return wait > 0 ? Duration.ofNanos(wait) : Duration.ZERO;
	}

	@Override
	public int burst() {
		return burst;
	}

	private Took take(int wanted, long withinNanos) {
		long now = nanos(clock.instant());
		Optional<Took> took = tryTake(now, wanted, withinNanos);
		if (took.isEmpty()) {
			// The pace's first take: a rested pace, due now, as the in-memory pace started.
			ownTransaction.executeWithoutResult(status -> jdbc
				.sql("insert into send_pace (id, next_due) values (:id, :now) on conflict (id) do nothing")
				.param("id", name)
				.param("now", now)
				.update());
			took = tryTake(now, wanted, withinNanos);
		}
		Took taken = took.orElseThrow(() -> new IllegalStateException("Send pace " + name + " has no row"));
		lastKnownDue = taken.nextDue();
		leftByThisThread.set(taken.nextDue());
		return taken;
	}

	private Optional<Took> tryTake(long now, int wanted, long withinNanos) {
		return ownTransaction.execute(status -> jdbc.sql(TAKE)
			.param("id", name)
			.param("now", now)
			.param("reach", toleranceNanos + withinNanos)
			.param("wanted", (long) wanted)
			.param("spacing", spacingNanos)
			.query((rs, row) -> new Took(now, rs.getLong("was_due"), rs.getLong("sends"), rs.getLong("next_due")))
			.optional());
	}

	private static long nanos(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
	}

	/** One statement's answer: the due time it found and left, the sends it took, at {@code now}. */
	private record Took(long now, long wasDue, long sends, long nextDue) {
	}
}
