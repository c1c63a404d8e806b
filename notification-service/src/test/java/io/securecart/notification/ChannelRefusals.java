package io.securecart.notification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.securecart.notification.customer.Notification;
import io.securecart.notification.customer.NotificationChannel;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

/**
 * The customers whose messages a test's channel refuses, and how many more times: their mail service down; and those
 * whose messages it hangs on until the test lets them go: their mail server never answering. Set on the channel spy
 * once per test; re-stubbing a spy while the sweep calls it on its own thread is not safe (Mockito keeps a pending
 * stubbing on the mock, not per thread).
 */
public final class ChannelRefusals {

	private final Map<String, Integer> refusals = new ConcurrentHashMap<>();

	private final Map<String, CountDownLatch> hangs = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> hanging = new ConcurrentHashMap<>();

	/** The channel hangs, then refuses, then sends what no refusal holds back. */
	public void answerOn(NotificationChannel channel) {
		doAnswer(invocation -> {
			String customer = invocation.<Notification>getArgument(0).getCustomerId();
			CountDownLatch hang = hangs.get(customer);
			if (hang != null) {
				hangUntil(hang, hanging.computeIfAbsent(customer, nobody -> new AtomicInteger()));
			}
			boolean refuse = refusals.computeIfPresent(customer, (refused, left) -> left - 1) != null;
			refusals.remove(customer, 0);
			if (refuse) {
				throw new IllegalStateException("the mail service refused the message");
			}
			return invocation.callRealMethod();
		}).when(channel).send(any());
	}

	public void refuse(String customer, int times) {
		refusals.put(customer, times);
	}

	public void refuseUntilAccepted(String customer) {
		refuse(customer, Integer.MAX_VALUE);
	}

	public void accept(String customer) {
		refusals.remove(customer);
	}

	/** The channel's calls for {@code customer} hang, interrupts ignored, until {@link #release}d (in a finally). */
	public void hang(String customer) {
		hangs.put(customer, new CountDownLatch(1));
	}

	/** Lets every call hanging for {@code customer} go on, and no later one hang. */
	public void release(String customer) {
		CountDownLatch hang = hangs.remove(customer);
		if (hang != null) {
			hang.countDown();
		}
	}

	/** How many of the channel's calls for {@code customer} hang now. */
	public int hanging(String customer) {
		AtomicInteger calls = hanging.get(customer);
		return calls == null ? 0 : calls.get();
	}

	private static void hangUntil(CountDownLatch released, AtomicInteger hanging) {
		hanging.incrementAndGet();
		boolean interrupted = false;
		try {
			while (true) {
				try {
					released.await();
					break;
				}
				catch (InterruptedException ex) {
					interrupted = true; // a channel that ignores interrupts: the worst case
				}
			}
		}
		finally {
			hanging.decrementAndGet();
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
