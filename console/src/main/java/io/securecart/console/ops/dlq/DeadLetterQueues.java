package io.securecart.console.ops.dlq;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.Service;
import io.securecart.console.api.ServiceApi;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The admin DLQ API that every service has for its own queues ({@code /api/admin/dlq}); redrives go through it, so
 * the service audits them (who, what, when, outcome).
 */
@Component
class DeadLetterQueues {

	private static final ParameterizedTypeReference<List<DeadLetterQueue.Summary>> SUMMARIES = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<DeadLetterMessage>> MESSAGES = new ParameterizedTypeReference<>() {
	};

	static final int SHOWN = 10;

	private final ServiceApi api;

	DeadLetterQueues(ServiceApi api) {
		this.api = api;
	}

	/** Every service's DLQs, each once (shared queues are listed by more than one service), and who did not answer. */
	Listing all(Authentication admin) {
		Map<String, DeadLetterQueue> byName = new LinkedHashMap<>();
		List<ApiProblemException> problems = new ArrayList<>();
		for (Service service : Service.values()) {
			try {
				for (DeadLetterQueue.Summary summary : api.get(service, admin, SUMMARIES, "/api/admin/dlq")) {
					byName.putIfAbsent(summary.deadLetterQueue(), new DeadLetterQueue(service, summary.queue(),
							summary.deadLetterQueue(), summary.maxReceiveCount(), summary.messages(), summary.kind()));
				}
			}
			catch (ApiProblemException ex) {
				problems.add(ex);
			}
		}
		List<DeadLetterQueue> queues = byName.values()
			.stream()
			.sorted(Comparator.comparing(DeadLetterQueue::queue).thenComparing(DeadLetterQueue::deadLetterQueue))
			.toList();
		return new Listing(queues, problems);
	}

	List<DeadLetterMessage> messages(Authentication admin, Service service, String deadLetterQueue) {
		return api.get(service, admin, MESSAGES, "/api/admin/dlq/{queue}/messages?max={max}", deadLetterQueue, SHOWN);
	}

	RedriveResult redriveAll(Authentication admin, Service service, String deadLetterQueue) {
		return api.send(service, admin, HttpMethod.POST, null, HttpHeaders.EMPTY, RedriveResult.class,
				"/api/admin/dlq/{queue}/redrive", deadLetterQueue);
	}

	RedriveResult redriveOne(Authentication admin, Service service, String deadLetterQueue, String messageId) {
		return api.send(service, admin, HttpMethod.POST, null, HttpHeaders.EMPTY, RedriveResult.class,
				"/api/admin/dlq/{queue}/messages/{id}/redrive", deadLetterQueue, messageId);
	}

	record Listing(List<DeadLetterQueue> queues, List<ApiProblemException> problems) {
	}
}
