package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandlerFactory;
import io.awspring.cloud.sqs.listener.backpressure.CompositeBackPressureHandler;

/**
 * Lets one SQS listener receive only as many messages as its owner has room for, while the listener keeps running:
 * what does not fit waits in the queue, not in the service. The owner says how much room there is ({@code room}: how
 * many more messages it could take on now, those already received not counted) and calls {@link #roomChanged()}
 * when that may have grown.
 * <p>
 * Spring Cloud AWS asks a listener's {@link BackPressureHandler} for permits before each receive, one per message it
 * may receive; a received message gives its permit back once processed. This gate is one such handler, placed in front
 * of the container's own ({@link #around}), so a receive asks both and gets the smaller grant; the container's own
 * handler still bounds concurrency and drains at stop. While there is no room the polling thread waits here, at most
 * {@link #MAX_WAIT} at a time, and is woken as soon as the owner reports room.
 * <p>
 * Why not stop the listener ({@link ListenerPauses}) at the limit: stopping waits for the receive under way (up to its
 * long-poll timeout) and for the acknowledgements, on the thread that stopped it, and the owner can neither count nor
 * restart meanwhile. That idled fulfilment's workflow for up to 10 s at each hold (issue 17, ADR 29). Pauses remain
 * what an operator or a circuit breaker asks for; a gate is the steady flow control of a listener.
 * <p>
 * Declared as a bean, the gate is installed on the listener whose {@code @SqsListener(id = ...)} is its
 * {@link #listenerId()} before the listeners start; a gate for a listener that does not exist fails startup
 * ({@link UnknownListenerException}).
 */
public final class ListenerGate implements BackPressureHandler {

	/** The longest a receive waits here for room before the container asks again (and sees whether it stops). */
	static final Duration MAX_WAIT = Duration.ofSeconds(1);

	private final String listenerId;

	private final IntSupplier room;

	private final Duration maxWait;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition roomMayHaveGrown = lock.newCondition();

	/** Permits granted and not given back: messages being received or processed. */
	private int taken;

	public ListenerGate(String listenerId, IntSupplier room) {
		this(listenerId, room, MAX_WAIT);
	}

	ListenerGate(String listenerId, IntSupplier room, Duration maxWait) {
		this.listenerId = listenerId;
		this.room = room;
		this.maxWait = maxWait;
	}

	public String listenerId() {
		return listenerId;
	}

	/** Wakes a receive waiting for room; called by the owner when its room may have grown. */
	public void roomChanged() {
		lock.lock();
		try {
			roomMayHaveGrown.signalAll();
		}
		finally {
			lock.unlock();
		}
	}

	/** Messages received through this gate and not yet processed. */
	public int taken() {
		lock.lock();
		try {
			return taken;
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public int request(int amount) throws InterruptedException {
		lock.lock();
		try {
			long waitNanos = maxWait.toNanos();
			while (true) {
				int free = room.getAsInt() - taken;
				if (free > 0) {
					int granted = Math.min(amount, free);
					taken += granted;
					return granted;
				}
				if (waitNanos <= 0) {
					return 0;
				}
				waitNanos = roomMayHaveGrown.awaitNanos(waitNanos);
			}
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public void release(int amount, ReleaseReason reason) {
		if (amount <= 0) {
			return;
		}
		lock.lock();
		try {
			taken = Math.max(0, taken - amount);
			roomMayHaveGrown.signalAll();
		}
		finally {
			lock.unlock();
		}
	}

	/** Holds no message of its own: the container's handler behind it waits for those at stop. */
	@Override
	public boolean drain(Duration timeout) {
		return true;
	}

	/**
	 * The listener's back pressure with this gate in front of {@code containers}: a receive gets the smaller of the
	 * two grants, and the surplus goes back to the one that granted more. No extra wait when either grants nothing:
	 * this gate waits for room itself, and the container's handler for its permits.
	 */
	BackPressureHandlerFactory around(BackPressureHandlerFactory containers) {
		return options -> CompositeBackPressureHandler.builder()
			.backPressureHandlers(List.of(this, containers.createBackPressureHandler(options)))
			.batchSize(options.getMaxMessagesPerPoll())
			.noPermitsReturnedWaitTimeout(Duration.ZERO)
			.build();
	}
}
