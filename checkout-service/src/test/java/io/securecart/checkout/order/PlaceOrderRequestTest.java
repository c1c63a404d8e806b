package io.securecart.checkout.order;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlaceOrderRequestTest {

	private static ValidatorFactory validation;

	private static Validator validator;

	private final PlaceOrderRequest request = new PlaceOrderRequest("alice",
			List.of(new PlaceOrderRequest.Item("SC-TSHIRT-001", 2), new PlaceOrderRequest.Item("SC-MUG-002", 1)),
			new PaymentToken("tok_visa"));

	@BeforeAll
	static void createValidator() {
		validation = Validation.buildDefaultValidatorFactory();
		validator = validation.getValidator();
	}

	@AfterAll
	static void closeValidator() {
		validation.close();
	}

	@Test
	void aValidRequestHasNoViolations() {
		assertThat(validator.validate(request)).isEmpty();
	}

	@Test
	void theFingerprintIsASha256OfTheRequestsContent() {
		PlaceOrderRequest same = new PlaceOrderRequest("alice",
				List.of(new PlaceOrderRequest.Item("SC-TSHIRT-001", 2), new PlaceOrderRequest.Item("SC-MUG-002", 1)),
				new PaymentToken("tok_visa"));

		assertThat(request.fingerprint("alice")).hasSize(64).matches("[0-9a-f]+").isEqualTo(same.fingerprint("alice"));
	}

	@Test
	void anyDifferenceChangesTheFingerprint() {
		List<PlaceOrderRequest> others = List.of(new PlaceOrderRequest("alice", List.of(new PlaceOrderRequest.Item("SC-TSHIRT-001", 3),
						new PlaceOrderRequest.Item("SC-MUG-002", 1)), request.paymentToken()),
				new PlaceOrderRequest("alice", request.items().reversed(), request.paymentToken()),
				new PlaceOrderRequest("alice", request.items().subList(0, 1), request.paymentToken()),
				new PlaceOrderRequest("alice", request.items(), new PaymentToken("tok_mastercard")));

		assertThat(others).extracting(other -> other.fingerprint("alice"))
			.doesNotContain(request.fingerprint("alice"), request.fingerprint("bob"))
			.doesNotHaveDuplicates();
		assertThat(request.fingerprint("bob")).as("the same request by another customer")
			.isNotEqualTo(request.fingerprint("alice"));
	}

	@Test
	void valuesCannotRunIntoEachOther() {
		PlaceOrderRequest a = new PlaceOrderRequest("ab", List.of(new PlaceOrderRequest.Item("c", 1)),
				new PaymentToken("tok_x"));
		PlaceOrderRequest b = new PlaceOrderRequest("a", List.of(new PlaceOrderRequest.Item("bc", 1)),
				new PaymentToken("tok_x"));

		assertThat(a.fingerprint(a.customerId())).isNotEqualTo(b.fingerprint(b.customerId()));
	}

	@Test
	void reportsEveryInvalidFieldWithoutItsValue() {
		PlaceOrderRequest invalid = new PlaceOrderRequest("",
				List.of(new PlaceOrderRequest.Item("", 0), new PlaceOrderRequest.Item("SC-MUG-002", 101)),
				new PaymentToken("4111 1111 1111 1111"));

		Set<ConstraintViolation<PlaceOrderRequest>> violations = validator.validate(invalid);

		assertThat(messagesByPath(violations)).containsOnly(Map.entry("customerId", "size must be between 1 and 64"),
				Map.entry("items[0].sku", PlaceOrderRequest.Item.SKU_MESSAGE),
				Map.entry("items[0].quantity", "must be greater than or equal to 1"),
				Map.entry("items[1].quantity", "must be less than or equal to 100"),
				Map.entry("paymentToken", ValidPaymentToken.CARD_DATA_MESSAGE));
		assertThat(violations).extracting(ConstraintViolation::getMessage)
			.noneMatch(message -> message.contains("4111"));
	}

	@Test
	void aMalformedTokenIsRejectedWithoutEchoingIt() {
		PlaceOrderRequest invalid = new PlaceOrderRequest("alice", request.items(), new PaymentToken("visa-secret"));

		assertThat(validator.validate(invalid)).singleElement().satisfies(violation -> {
			assertThat(violation.getPropertyPath()).hasToString("paymentToken");
			assertThat(violation.getMessage()).startsWith("must be a payment token").doesNotContain("visa-secret");
		});
	}

	@Test
	void requiresOneToFiftyItems() {
		List<PlaceOrderRequest.Item> tooMany = java.util.stream.IntStream.rangeClosed(1, 51)
			.mapToObj(i -> new PlaceOrderRequest.Item("SKU-" + i, 1))
			.toList();

		assertThat(messagesByPath(validator.validate(new PlaceOrderRequest("alice", List.of(), request.paymentToken()))))
			.containsOnly(Map.entry("items", "size must be between 1 and 50"));
		assertThat(messagesByPath(validator.validate(new PlaceOrderRequest("alice", tooMany, request.paymentToken()))))
			.containsOnly(Map.entry("items", "size must be between 1 and 50"));
		assertThat(messagesByPath(validator.validate(new PlaceOrderRequest(null, null, null))))
			.as("the customer is the token's subject: customerId may be left out")
			.containsOnlyKeys("items", "paymentToken");
	}

	@Test
	void namesEachSkuOnceSoThatNoLineGoesPastTheQuantityCap() {
		List<PlaceOrderRequest.Item> twice = List.of(new PlaceOrderRequest.Item("SC-MUG-002", 100),
				new PlaceOrderRequest.Item("SC-TSHIRT-001", 1), new PlaceOrderRequest.Item("SC-MUG-002", 100));

		assertThat(messagesByPath(validator.validate(new PlaceOrderRequest("alice", twice, request.paymentToken()))))
			.containsOnly(Map.entry("items", "must list each SKU once, with its whole quantity"));
	}

	private static Map<String, String> messagesByPath(Set<ConstraintViolation<PlaceOrderRequest>> violations) {
		return violations.stream()
			.collect(Collectors.toMap(violation -> violation.getPropertyPath().toString(),
					ConstraintViolation::getMessage));
	}
}
