package io.securecart.platform.problem;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one problem+json shape, through the platform's auto-configuration in a real Spring MVC context: Spring's own
 * errors, validation with {@code errors[]}, strict bodies, a service's domain problems, and a bug as a 500 that tells
 * nothing.
 */
class ProblemDetailsHandlerTest {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(
				org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration.class,
				org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration.class,
				org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration.class,
				org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration.class,
				org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration.class,
				ProblemDetailsAutoConfiguration.class, StrictJsonRequestsAutoConfiguration.class))
		.withPropertyValues("spring.mvc.problemdetails.enabled=true")
		.withUserConfiguration(ExampleService.class);

	@Test
	void aDomainExceptionGetsItsServicesProblemTypeStatusTitleAndHeaders() {
		UUID id = UUID.randomUUID();
		runner.run(context -> assertThat(mvc(context).get().uri("/things/" + id))
			.hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader(HttpHeaders.RETRY_AFTER, "7")
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"https://securecart.example/problems/thing-busy","title":"Thing busy","status":409,
					 "detail":"the thing is busy","instance":"/things/%s","thingsBusy":true}
					""".formatted(id)));
	}

	@Test
	void validationListsEveryFieldWithAMessageAndNeverTheRejectedValue() {
		runner.run(context -> {
			var answer = mvc(context).post()
				.uri("/things")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"\",\"count\":-4111}");
			assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"type":"https://securecart.example/problems/validation","title":"Invalid request","status":400,
						 "instance":"/things",
						 "errors":[{"field":"count","message":"must be greater than or equal to 1"},
						           {"field":"name","message":"must not be blank"}]}
						""");
			assertThat(answer).bodyText().doesNotContain("4111");
		});
	}

	@Test
	void aFractionForACountIsRefusedNotTruncated() {
		runner.run(context -> assertThat(mvc(context).post()
			.uri("/things")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"mug\",\"count\":1.5}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"https://securecart.example/problems/unreadable-body","status":400,
					 "detail":"Invalid value for 'count'","errors":[{"field":"count"}]}
					"""));
	}

	@Test
	void aFieldTheRequestDoesNotHaveIsRefused() {
		runner.run(context -> assertThat(mvc(context).post()
			.uri("/things")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"mug\",\"count\":1,\"total\":0.00}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"https://securecart.example/problems/unreadable-body","status":400,
					 "errors":[{"field":"total","message":"is not a field of this request"}]}
					"""));
	}

	@Test
	void aValidBodyIsAccepted() {
		runner.run(context -> assertThat(mvc(context).post()
			.uri("/things")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"mug\",\"count\":2}")).hasStatusOk().bodyText().isEqualTo("mug x 2"));
	}

	@Test
	void malformedJsonAndSpringsOwnErrorsShareTheShape() {
		runner.run(context -> {
			MockMvcTester mvc = mvc(context);
			assertThat(mvc.post().uri("/things").contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
				.hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"type":"https://securecart.example/problems/unreadable-body","title":"Unreadable request body",
						 "detail":"Malformed JSON request body"}
						""");
			assertThat(mvc.get().uri("/things/not-a-uuid")).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"type":"https://securecart.example/problems/validation","instance":"/things/not-a-uuid",
						 "errors":[{"field":"id","message":"must be a valid UUID"}]}
						""");
			assertThat(mvc.get().uri("/things")).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"type":"https://securecart.example/problems/validation",
						 "errors":[{"field":"page","message":"is required"}]}
						""");
			assertThat(mvc.put().uri("/things")).hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"type":"https://securecart.example/problems/method-not-allowed","status":405}
						""");
			assertThat(mvc.post().uri("/things").contentType(MediaType.TEXT_PLAIN).content("mug"))
				.hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"type":"https://securecart.example/problems/unsupported-media-type","status":415}
						""");
		});
	}

	@Test
	void aBugIsA500ThatTellsNothing() {
		runner.run(context -> {
			var answer = mvc(context).get().uri("/things/bug");
			assertThat(answer).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"type":"https://securecart.example/problems/internal-error","status":500,
						 "detail":"An unexpected error; it was logged"}
						""");
			assertThat(answer).bodyText().doesNotContain("secret internals");
		});
	}

	@Test
	void aServiceMayReplaceTheHandler() {
		runner.withUserConfiguration(OwnHandler.class).run(context -> {
			assertThat(context).doesNotHaveBean(ProblemDetailsHandler.class);
			assertThat(context).hasSingleBean(ResponseEntityExceptionHandler.class);
		});
		runner.run(context -> assertThat(context).hasSingleBean(ProblemDetailsHandler.class)
			.hasSingleBean(ResponseEntityExceptionHandler.class));
	}

	private static MockMvcTester mvc(WebApplicationContext context) {
		return MockMvcTester.from(context);
	}

	record NewThing(@NotBlank String name, @NotNull @Min(1) Integer count) {
	}

	static class ThingBusyException extends RuntimeException {

		ThingBusyException() {
			super("the thing is busy");
		}
	}

	@RestController
	static class ThingController {

		@PostMapping("/things")
		String create(@Valid @RequestBody NewThing thing) {
			return thing.name() + " x " + thing.count();
		}

		@GetMapping("/things")
		String page(@RequestParam int page) {
			return "page " + page;
		}

		@GetMapping("/things/bug")
		String bug() {
			throw new IllegalStateException("secret internals");
		}

		@GetMapping("/things/{id}")
		String thing(@PathVariable UUID id) {
			throw new ThingBusyException();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class ExampleService {

		@Bean
		ThingController thingController() {
			return new ThingController();
		}

		@Bean
		DomainProblems thingProblems() {
			return new DomainProblems().map(ThingBusyException.class, HttpStatus.CONFLICT, "thing-busy", "Thing busy",
					(ex, problem, headers) -> {
						problem.setProperty("thingsBusy", true);
						headers.set(HttpHeaders.RETRY_AFTER, "7");
					});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHandler {

		@Bean
		OwnProblems ownProblems() {
			return new OwnProblems();
		}
	}

	@ControllerAdvice
	static class OwnProblems extends ResponseEntityExceptionHandler {

	}
}
