package io.securecart.payment.replay;

import io.securecart.platform.problem.DomainProblems;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/** The replay API's problem types. */
@Configuration(proxyBeanMethods = false)
public class ReplayProblems {

	@Bean
	DomainProblems replayDomainProblems() {
		return new DomainProblems()
			.map(InvalidReplayWindowException.class, HttpStatus.BAD_REQUEST, "invalid-replay-window",
					"Invalid replay window")
			// EventBridge's message is not ours to show.
			.map(ResourceNotFoundException.class, HttpStatus.NOT_FOUND, "not-found", "Not Found",
					(ex, problem, headers) -> problem.setDetail("No such replay"));
	}
}
