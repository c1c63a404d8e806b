package io.securecart.notification.customer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends recorded notifications through the {@link NotificationChannel}, each on its own after the transaction that
 * recorded it commits: a send can neither roll back the event it answers nor, when one event tells many customers, the
 * others' notifications (which a redelivery would then send again). The sends run on threads of their own
 * ({@code senders} at once), so the listener's thread gives its connection back at once instead of holding it while a
 * send takes a second one.
 * <p>
 * A send runs in three parts (ADR 36, as fulfilment's steps do since ADR 38): a short transaction claims the
 * notification until {@code claimed_until}; the channel is called with no transaction open, so it holds no connection
 * and no lock while it works, and waited for {@code send-timeout} at most; a second transaction saves the outcome under
 * the version the claim wrote. A send that fails, does not answer in time, or never happens because the service
 * stopped after the commit, is made by the sweep once it has waited {@code resend-interval} (a notice that failed
 * {@code n} times: {@code resend-interval × 2^(n-1)}, an hour at most), order notices first, each kind longest waiting
 * first (a failed one behind its kind's notices due before its next try), at
 * {@code sweep-sends-per-second} across every instance ({@link SharedSendPace}); the sweep claims a page of them at
 * once, in one statement. The sends after the commit of one event telling many customers keep the same pace; an order
 * notice's send after its commit does not wait for it. A claim whose sender stopped runs out and the sweep takes it
 * too, and the late sender's outcome is then refused on its version, so a send is recorded once.
 * <p>
 * Delivery is at least once: a notification is marked sent once the channel took it, so a customer may, rarely, hear
 * twice (the service stopped between the send and its save, or the channel delivered after its timeout), never not at
 * all. A repeated notice of the same fact is harmless; a missing one (an order cancelled without a word) is not.
 */
@Component
class NotificationDelivery {

	private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);

	/** Sends waiting for a sender at most; more (one event telling many customers) are left to the sweep. */
	private static final int QUEUED_SENDS = 10_000;

	/**
	 * Sends waiting for a sender past which the notifications of one event telling many customers are left to the
	 * sweep ({@link #sendAfterCommitWhileThereIsRoom}): an order notice recorded meanwhile waits behind these at most,
	 * not behind thousands of back-in-stock notices.
	 */
	static final int BULK_QUEUED = 100;

	/**
	 * How far ahead of now the sends after the commit of one event telling many customers may be paced: a sender waits
	 * for its send's turn this long at most, so an order notice queued behind such sends waits about this long at most.
	 * The notices whose turn comes later are left to the sweep, which keeps the same pace.
	 */
	static final Duration BULK_PACED_WITHIN = Duration.ofSeconds(2);

	private final NotificationRepository notifications;

	private final NotificationChannel channel;

	private final TransactionTemplate transactions;

	private final NotificationProperties properties;

	private final Clock clock;

	private final ExecutorService senders;

	private final LinkedBlockingQueue<Runnable> waitingSends = new LinkedBlockingQueue<>(QUEUED_SENDS);

	/**
	 * Pages of notifications (one transaction's, of an event telling many customers) whose turns wait to be reserved, at
	 * most; those of more are left to the sweep. Each holds only its ids, and is done once the turns that come within
	 * {@link #BULK_PACED_WITHIN} are reserved.
	 */
	static final int PAGES_WAITING_FOR_TURNS = 100;

	/**
	 * Reserves the turns of the sends after the commit of one event telling many customers, one page at a time, on a
	 * thread that holds no connection: each reservation takes one, for its statement only.
	 */
	private final ExecutorService pacer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new LinkedBlockingQueue<>(PAGES_WAITING_FOR_TURNS),
			Thread.ofPlatform().name("notification-pacer-", 0).daemon().factory());

	/**
	 * Each call to the channel, on a thread of its own that its sender stops waiting for at {@code send-timeout}: a
	 * call that hangs keeps only its (virtual) thread, never a sender, a connection or a lock.
	 */
	private final ExecutorService channelCalls = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("notification-channel-", 0).factory());

	/**
	 * The notifications whose call to the channel has not returned, timed out or not: a channel that hangs and ignores
	 * interrupts is not called again for the same notification until its call returns, or each sweep would start
	 * another hung call (threads without end, and as many copies sent once the provider recovers). Per instance.
	 */
	private final Set<UUID> callsUnderWay = ConcurrentHashMap.newKeySet();

	/**
	 * Calls its sender gave up on ({@code send-timeout} passed) that have not returned: each holds a virtual thread and
	 * keeps its notification from being sent again here. Published as {@value #ABANDONED_CALLS}.
	 */
	private final AtomicInteger abandonedCalls = new AtomicInteger();

	static final String ABANDONED_CALLS = "securecart.notification.channel.calls.abandoned";

	/**
	 * The sweep's line, as {@link NotificationRepository#claimUnsentNotTriedSince} orders it: order notices first,
	 * then back-in-stock notices, each kind longest waiting first (since its recording, or its last failed send moved
	 * later by its back-off).
	 */
	private static final Comparator<Notification> LINE = Comparator
		.comparing((Notification notification) -> notification.getKind() == NotificationKind.BACK_IN_STOCK)
		.thenComparing(Notification::waitingSince);

	/**
	 * The sweep's sends per second, kept across its rounds and shared by every instance ({@link SharedSendPace}), and
	 * taken by the paced sends after a commit.
	 */
	private final SendPace pace;

	/** Whether the pace could not be read at the last try: said once at WARN, not at every take (ADR 36). */
	private final AtomicBoolean paceUnreachable = new AtomicBoolean();

	/** Waits for the pace: {@link Thread#sleep} in production; tests move their clock instead. */
	private final Pause pause;

	@Autowired
	NotificationDelivery(NotificationRepository notifications, NotificationChannel channel,
			PlatformTransactionManager transactionManager, NotificationProperties properties, Clock clock,
			MeterRegistry meters, SendPace pace) {
		this(notifications, channel, transactionManager, properties, clock, meters, pace, Thread::sleep);
	}

	NotificationDelivery(NotificationRepository notifications, NotificationChannel channel,
			PlatformTransactionManager transactionManager, NotificationProperties properties, Clock clock,
			MeterRegistry meters, SendPace pace, Pause pause) {
		this.notifications = notifications;
		this.pace = pace;
		this.pause = pause;
		this.channel = channel;
		this.properties = properties;
		this.clock = clock;
		this.transactions = new TransactionTemplate(transactionManager);
		this.senders = new ThreadPoolExecutor(properties.senders(), properties.senders(), 0, TimeUnit.MILLISECONDS,
				waitingSends,
				Thread.ofPlatform().name("notification-sender-", 0).daemon().factory());
		Gauge.builder(ABANDONED_CALLS, abandonedCalls, AtomicInteger::get)
			.description("Channel calls past send-timeout that have not returned, each holding a thread")
			.register(meters);
	}

	/** Sends {@code recorded}, saved in the caller's transaction, once that transaction commits; never if it does not. */
	@Transactional(propagation = Propagation.MANDATORY)
	void sendAfterCommit(Notification recorded) {
		UUID id = recorded.getId();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				try {
					senders.execute(() -> send(id));
				}
				catch (RejectedExecutionException notNow) {
					if (senders.isShutdown()) {
						log.debug("Stopping: notification {} is left to the sweep", id);
					}
					else {
						log.warn("{} notifications wait for a sender: notification {} is left to the sweep",
								QUEUED_SENDS, id);
					}
				}
			}
		});
	}

	/**
	 * Sends the notifications of one event telling many customers, saved in the caller's transaction, once it commits,
	 * at the sweep's pace ({@link SendPace}, shared with it): only those whose turn comes within
	 * {@link #BULK_PACED_WITHIN}, and only while fewer than {@value #BULK_QUEUED} sends wait for a sender; the others
	 * are left to the sweep, which takes order notices first. One line says how many, not a WARN for each.
	 * <p>
	 * The turns are reserved on {@code pacer}, not in {@code afterCommit}: there the committed transaction's connection
	 * is still held (Spring gives it back only after the synchronisations ran), and each reservation, a transaction of
	 * its own, would take a second one; as many stock messages at once as the pool has connections would each hold one
	 * and wait for another, and the senders could not save their outcomes meanwhile (ADR 36, review).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void sendAfterCommitWhileThereIsRoom(List<UUID> recorded) {
		if (recorded.isEmpty()) {
			return;
		}
		List<UUID> ids = List.copyOf(recorded);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				try {
					pacer.execute(() -> reserveTurnsAndSend(ids));
				}
				catch (RejectedExecutionException notNow) {
					if (pacer.isShutdown()) {
						log.debug("Stopping: {} notifications left to the sweep", ids.size());
					}
					else {
						log.info("{} pages of notifications wait for their turns: {} notifications left to the sweep",
								PAGES_WAITING_FOR_TURNS, ids.size());
					}
				}
			}
		});
	}

	/** Reserves the turns of one page's notifications, on {@code pacer}, and hands each send to the senders. */
	private void reserveTurnsAndSend(List<UUID> ids) {
		int queued = 0;
		try {
			while (queued < ids.size() && waitingSends.size() < BULK_QUEUED) {
				Optional<Instant> turn = reserve();
				if (turn.isEmpty()) {
					break;
				}
				UUID id = ids.get(queued);
				try {
					senders.execute(() -> sendAt(turn.get(), id));
				}
				catch (RejectedExecutionException notNow) {
					giveBack(1);
					throw notNow;
				}
				queued++;
			}
		}
		catch (RejectedExecutionException notNow) {
			log.debug("Senders stopping or busy: {} notifications left to the sweep", ids.size() - queued);
		}
		catch (RuntimeException paceUnknown) {
			// Said once by paceFailed; the sweep sends them once the pace can be read again.
		}
		if (queued < ids.size()) {
			log.info("{} of {} notifications left to the sweep: {} sends wait for a sender", ids.size() - queued,
					ids.size(), waitingSends.size());
		}
	}

	/** A send after its commit, paced: waits for its turn, then sends; left to the sweep if interrupted. */
	private void sendAt(Instant turn, UUID id) {
		Duration wait = Duration.between(clock.instant(), turn);
		if (wait.isPositive() && !pause(wait)) {
			return;
		}
		send(id);
	}

	@PreDestroy
	void stop() {
		pacer.shutdownNow();
		senders.shutdownNow();
		channelCalls.shutdownNow();
	}

	/**
	 * Sends the notifications left unsent that are due, order notices before back-in-stock ones, at
	 * {@code sweep-sends-per-second} (ADR 36, amended 2026-12-06): page after page while notifications are due, until
	 * the round has made the sends one {@code resend-interval} allows or that interval has passed, when the next round
	 * starts. Each page is claimed in one short statement and sent on the senders, one send per sender, and the round
	 * waits for them before it claims the next: a round holds no transaction and no connection between its statements,
	 * and an order notice recorded meanwhile is in the next page. Failed sends end the round once {@code senders}
	 * different notifications have failed in a row with no send between, every failure counted: a provider that
	 * refuses everything (an outage) is asked {@code senders} times a round, not at the full rate. A notice that failed
	 * waits {@code resend-interval × 2^(n-1)} after its {@code n}-th failure, an hour at most, behind its kind's
	 * notices due before then, so notices that keep failing, order notices included (which come before every
	 * back-in-stock notice), are tried less and less often and cannot fill every round: the others are sent between
	 * their tries. Those stay owed and keep raising {@code deferred-work-too-old}. A notice skipped for a claim too
	 * short to send it is not a failure: the channel was not asked. When the pace shared by the instances cannot be
	 * read, nothing is sent.
	 */
	@Scheduled(fixedRateString = "${securecart.notification.resend-interval:30s}")
	void sendUnsent() {
		Instant start = clock.instant();
		Instant end = start.plus(properties.resendInterval());
		int budget = properties.sweepSendsPerRound();
		int attempted = 0;
		int sent = 0;
		Instant pausedAt = null;
		Set<UUID> failedInARow = new HashSet<>();
		// Bounded by time as well as by sends: a channel slower than the rate would otherwise stretch the round.
		while (attempted < budget && clock.instant().isBefore(end) && !senders.isShutdown()) {
			int wanted = Math.min(properties.sweepPageSize(), budget - attempted);
			int allowed;
			try {
				allowed = take(wanted);
			}
			catch (RuntimeException paceUnknown) {
				break; // fails closed: other instances may be sending at the rate
			}
			if (allowed == 0) {
				// Another instance may have taken the room a pause waited for: pause again. A pause that did not move
				// the clock (one that stands still) ends the round rather than spinning.
				Duration wait = pace.untilNext();
				if ((pausedAt != null && !clock.instant().isAfter(pausedAt))
						|| !clock.instant().plus(wait).isBefore(end)) {
					break;
				}
				pausedAt = clock.instant();
				if (!pause(wait)) {
					break;
				}
				continue;
			}
			pausedAt = null;
			List<Notification> page;
			try {
				page = claimPage(allowed);
			}
			catch (RuntimeException ex) {
				giveBack(allowed);
				log.warn("Could not claim unsent notifications; the sweep tries again within {}: {}",
						properties.resendInterval(), ex.toString());
				break;
			}
			giveBack(allowed - page.size());
			attempted += page.size();
			List<Outcome> outcomes = sendPage(page);
			for (int i = 0; i < outcomes.size(); i++) {
				Notification notification = page.get(i);
				switch (outcomes.get(i)) {
					case SENT -> {
						sent++;
						failedInARow.clear();
					}
					// Every failure, an order notice's that failed before too: its back-off, not an exemption from
					// the run, keeps notices that keep failing from heading every round (ADR 36).
					case FAILED -> failedInARow.add(notification.getId());
					// Not tried: says nothing of the channel (its claim was short), so it neither ends nor breaks a run.
					case SKIPPED -> {
					}
				}
			}
			if (page.size() < allowed || outcomes.size() < page.size()
					|| failedInARow.size() >= properties.senders()) {
				break; // nothing more is due, the senders stop, or the channel takes nothing now
			}
		}
		if (sent > 0) {
			// One line a round: the back-in-stock notices left here on purpose would otherwise be a WARN each.
			log.info("Sent {} of {} notifications recorded and not sent after their commit, in {}", sent, attempted,
					Duration.between(start, clock.instant()));
		}
	}

	/**
	 * Claims the next page of due notifications for twice {@code send-timeout}, order notices first (as the query
	 * orders the page); a page is sent in parallel, one notification per sender.
	 */
	private List<Notification> claimPage(int size) {
		Instant now = clock.instant();
		List<Notification> page = transactions.execute(status -> notifications.claimUnsentNotTriedSince(
				now.minus(properties.resendInterval()), now, now.plus(properties.claimFor()), size));
		return page.stream().sorted(LINE).toList();
	}

	/**
	 * Sends a claimed page on the senders and waits for its sends: whether the channel took each, in the page's order;
	 * shorter than the page when the senders stop.
	 */
	private List<Outcome> sendPage(List<Notification> page) {
		List<Future<Outcome>> sends = new ArrayList<>();
		try {
			for (Notification claimed : page) {
				sends.add(senders.submit(() -> sendClaimed(claimed)));
			}
		}
		catch (RejectedExecutionException notNow) {
			log.debug("Senders stopping or busy: {} of {} claimed notifications left to a later round",
					page.size() - sends.size(), page.size());
		}
		List<Outcome> outcomes = new ArrayList<>();
		for (int i = 0; i < sends.size(); i++) {
			try {
				Outcome sent = sends.get(i).get();
				if (sent == Outcome.SENT) {
					log.debug("Notification {} was recorded and not sent after its commit: sent now",
							page.get(i).getId());
				}
				outcomes.add(sent);
			}
			catch (InterruptedException stopping) {
				Thread.currentThread().interrupt();
				return outcomes;
			}
			catch (ExecutionException ex) {
				log.warn("Could not send notification {}: {}", page.get(i).getId(), ex.getCause().toString());
				outcomes.add(Outcome.FAILED);
			}
		}
		return outcomes;
	}

	/**
	 * Sends a notification the sweep claimed, unless its claim has less than {@code send-timeout} and the margin to
	 * save the outcome left (its send waited behind others for a sender, or its claim was slow): another sender may
	 * take it once the claim runs out, and must find the outcome saved, or the customer hears twice. Left so, it is
	 * claimed again by a later round.
	 */
	private Outcome sendClaimed(Notification claimed) {
		if (!claimed.isClaimedAt(clock.instant().plus(properties.sendTimeout()).plus(properties.saveMargin()))) {
			log.debug("Notification {}'s claim runs out at {}, too soon to send it: left to a later round",
					claimed.getId(), claimed.getClaimedUntil());
			return Outcome.SKIPPED;
		}
		return send(claimed) ? Outcome.SENT : Outcome.FAILED;
	}

	/** What became of a claimed notice in a page: the channel took it, refused it, or was not asked. */
	private enum Outcome {
		SENT, FAILED, SKIPPED
	}

	/** Takes sends from the pace; throws, having said so once, when it cannot be read. */
	private int take(int wanted) {
		try {
			int taken = pace.take(wanted);
			paceReached();
			return taken;
		}
		catch (RuntimeException ex) {
			paceFailed(ex);
			throw ex;
		}
	}

	private Optional<Instant> reserve() {
		try {
			Optional<Instant> turn = pace.reserve(BULK_PACED_WITHIN);
			paceReached();
			return turn;
		}
		catch (RuntimeException ex) {
			paceFailed(ex);
			throw ex;
		}
	}

	/** Gives back sends not made; one that cannot be given back slows the pace a little, which is the safe side. */
	private void giveBack(int unused) {
		try {
			pace.giveBack(unused);
		}
		catch (RuntimeException ex) {
			log.debug("Could not give back {} sends to the pace: {}", unused, ex.toString());
		}
	}

	private void paceReached() {
		if (paceUnreachable.compareAndSet(true, false)) {
			log.info("The send pace can be read again: the sweep sends again");
		}
	}

	private void paceFailed(RuntimeException ex) {
		if (paceUnreachable.compareAndSet(false, true)) {
			log.warn("Could not read the send pace shared by every instance: nothing is sent from the sweep, nor paced "
					+ "after a commit, until it can (said once): {}", ex.toString());
		}
		else {
			log.debug("The send pace still cannot be read: {}", ex.toString());
		}
	}

	/** Waits for the pace; false when interrupted (the service stops). */
	private boolean pause(Duration wait) {
		try {
			pause.pause(wait);
			return true;
		}
		catch (InterruptedException stopping) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Whether this call sent it: not when it was sent already, another sender holds it, or the channel failed. */
	private boolean send(UUID id) {
		Optional<Notification> claimed;
		try {
			claimed = claim(id);
		}
		catch (RuntimeException ex) {
			log.warn("Could not claim notification {}; the sweep tries again within {}: {}", id,
					properties.resendInterval(), ex.toString());
			return false;
		}
		return claimed.map(this::send).orElse(false);
	}

	private boolean send(Notification claimed) {
		try {
			call(claimed);
		}
		catch (RuntimeException ex) {
			log.warn("Could not send notification {}; the sweep tries again within {}: {}", claimed.getId(),
					properties.resendInterval(), ex.toString());
			failed(claimed);
			return false;
		}
		return sent(claimed);
	}

	/**
	 * Claims the notification for twice {@code send-timeout}, in a transaction of its own that holds the row's lock
	 * only while it claims: empty when it was sent, another sender holds it, or its claim has not run out.
	 */
	Optional<Notification> claim(UUID id) {
		return transactions.execute(status -> {
			Instant now = clock.instant();
			return notifications.lockUnclaimed(id, now).map(notification -> {
				notification.claim(now, properties.claimFor());
				return notifications.save(notification);
			});
		});
	}

	/** Calls the channel with no transaction open, and waits for it {@code send-timeout} at most. */
	private void call(Notification notification) {
		Duration timeout = properties.sendTimeout();
		UUID id = notification.getId();
		if (!callsUnderWay.add(id)) {
			throw new IllegalStateException("The channel has not returned from an earlier call for it yet");
		}
		// Whoever moves the call on from NOT_BEGUN releases the id: the call once it returns, or the sender when it
		// gave up before the call began (a task cancelled before it starts never runs, and would hold the id for good).
		AtomicReference<CallState> state = new AtomicReference<>(CallState.NOT_BEGUN);
		Future<?> call;
		try {
			call = channelCalls.submit(() -> {
				if (!state.compareAndSet(CallState.NOT_BEGUN, CallState.UNDER_WAY)) {
					return;
				}
				try {
					channel.send(notification);
				}
				finally {
					callsUnderWay.remove(id);
					if (state.getAndSet(CallState.RETURNED) == CallState.ABANDONED) {
						abandonedCalls.decrementAndGet();
					}
				}
			});
		}
		catch (RejectedExecutionException stopping) {
			callsUnderWay.remove(id);
			throw stopping;
		}
		try {
			call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			giveUp(call, state, id);
			throw new IllegalStateException("The channel did not answer within " + timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			giveUp(call, state, id);
			throw new IllegalStateException("Interrupted while the channel sent", ex);
		}
		catch (ExecutionException ex) {
			throw ex.getCause() instanceof RuntimeException refused ? refused
					: new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Stops waiting for a call: a channel that answers interrupts stops; one that does not keeps its virtual thread,
	 * and the notification's id, until it returns, and is counted as abandoned meanwhile. One that had not begun never
	 * will.
	 */
	private void giveUp(Future<?> call, AtomicReference<CallState> state, UUID id) {
		call.cancel(true);
		if (state.compareAndSet(CallState.NOT_BEGUN, CallState.CANCELLED)) {
			callsUnderWay.remove(id);
			return;
		}
		// Counted before it is marked, so a call returning in between never takes the count below zero.
		abandonedCalls.incrementAndGet();
		if (!state.compareAndSet(CallState.UNDER_WAY, CallState.ABANDONED)) {
			abandonedCalls.decrementAndGet(); // it returned meanwhile
		}
	}

	/** How the sweep and the paced sends wait for the pace: {@link Thread#sleep} in production. */
	@FunctionalInterface
	interface Pause {

		void pause(Duration wait) throws InterruptedException;

	}

	private enum CallState {
		NOT_BEGUN, UNDER_WAY, ABANDONED, RETURNED, CANCELLED
	}

	/** Records that the channel took {@code claimed}; false when its claim ran out and it was claimed again since. */
	boolean sent(Notification claimed) {
		return save(claimed, notification -> notification.sent(clock.instant()));
	}

	/** Records that the channel refused {@code claimed} or did not answer in time; false as for {@link #sent}. */
	private boolean failed(Notification claimed) {
		return save(claimed, notification -> notification.attemptFailed(clock.instant(),
				properties.backOffAfter(notification.getFailedAttempts() + 1)));
	}

	/**
	 * Saves what became of a claimed send in a transaction of its own, under the version its claim wrote: refused when
	 * the claim ran out and another sender claimed the notification since, which then records its own send.
	 */
	private boolean save(Notification claimed, Consumer<Notification> outcome) {
		Instant claimedUntil = claimed.getClaimedUntil();
		try {
			transactions.executeWithoutResult(status -> {
				outcome.accept(claimed);
				notifications.save(claimed);
			});
			return true;
		}
		catch (OptimisticLockingFailureException claimedAgain) {
			log.warn("Notification {} was claimed again after its claim ran out at {}: that sender records it",
					claimed.getId(), claimedUntil);
			return false;
		}
		catch (RuntimeException ex) {
			log.warn("Could not save the send of notification {}; the sweep sends it again after {}: {}",
					claimed.getId(), claimedUntil, ex.toString());
			return false;
		}
	}
}
