package io.securecart.payment.replay;

import io.securecart.platform.problem.DomainProblems;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The replay API's problem types. */
@Configuration(proxyBeanMethods = false)
public class ReplayProblems {

	static final String REPLAY_RETRY_AFTER_SECONDS = "60";

	@Bean
	DomainProblems replayDomainProblems() {
		return new DomainProblems()
			.map(InvalidReplayWindowException.class, HttpStatus.BAD_REQUEST, "invalid-replay-window",
					"Invalid replay window")
			// EventBridge's message is not ours to show.
			.map(ResourceNotFoundException.class, HttpStatus.NOT_FOUND, "not-found", "Not Found",
					(ex, problem, headers) -> problem.setDetail("No such replay"))
			// EventBridge runs a few replays at once per account: another one may start when one has ended.
			.map(LimitExceededException.class, HttpStatus.TOO_MANY_REQUESTS, "replay-limit",
					"Too many replays at once", (ex, problem, headers) -> {
						problem.setDetail("EventBridge is running as many replays as it allows; start this one when "
								+ "another has ended");
						headers.set(HttpHeaders.RETRY_AFTER, REPLAY_RETRY_AFTER_SECONDS);
					});
	}
}
