package io.securecart.notification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.securecart.notification.customer.Notification;
import io.securecart.notification.customer.NotificationChannel;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

/**
 * The customers whose messages a test's channel refuses, and how many more times: their mail service down. Set on the
 * channel spy once per test; re-stubbing a spy while the sweep calls it on its own thread is not safe (Mockito keeps
 * a pending stubbing on the mock, not per thread).
 */
public final class ChannelRefusals {

	private final Map<String, Integer> refusals = new ConcurrentHashMap<>();

	/** The channel refuses, then sends what no refusal holds back. */
	public void answerOn(NotificationChannel channel) {
		doAnswer(invocation -> {
			String customer = invocation.<Notification>getArgument(0).getCustomerId();
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
}
