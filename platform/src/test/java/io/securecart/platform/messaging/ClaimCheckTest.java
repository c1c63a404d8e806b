package io.securecart.platform.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

import io.securecart.contracts.MessagingNames;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.payloadoffloading.PayloadS3Pointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class ClaimCheckTest {

	private final S3Client s3 = mock(S3Client.class);

	private final ClaimCheck claimCheck = new ClaimCheck(s3,
			new ClaimCheckProperties("large-payloads", DataSize.ofBytes(1000)));

	private final Map<String, String> attributes = Map.of("eventType", "OrderPlaced");

	@Test
	void sendsAMessageAtTheThresholdAsItIsCountingItsAttributes() {
		// eventType + String + OrderPlaced = 9 + 6 + 11 bytes
		String body = "x".repeat(1000 - 26);
		assertThat(ClaimCheck.size(body, attributes)).isEqualTo(1000);

		ClaimCheck.Outgoing outgoing = claimCheck.outgoing("row-1", body, attributes);

		assertThat(outgoing.body()).isEqualTo(body);
		assertThat(outgoing.attributes()).isEqualTo(attributes);
		verify(s3, never()).putObject(any(PutObjectRequest.class), any(RequestBody.class));
	}

	@Test
	void sendsAMessageOneByteOverThresholdAsAPointerInAwsExtendedClientFormat() {
		String body = "é".repeat(488); // 976 bytes in UTF-8, 488 characters: bytes count, not characters

		ClaimCheck.Outgoing outgoing = claimCheck.outgoing("row-2", body, attributes);

		PayloadS3Pointer pointer = PayloadS3Pointer.fromJson(outgoing.body());
		assertThat(pointer.getS3BucketName()).isEqualTo("large-payloads");
		assertThat(pointer.getS3Key()).isEqualTo("row-2");
		assertThat(outgoing.body()).startsWith("[\"software.amazon.payloadoffloading.PayloadS3Pointer\"");
		assertThat(outgoing.attributes()).containsEntry("eventType", "OrderPlaced")
			.containsEntry(MessagingNames.EXTENDED_PAYLOAD_SIZE_ATTRIBUTE, "976");
		verify(s3).putObject(any(PutObjectRequest.class), any(RequestBody.class));
	}

	@Test
	void keepsTheRoutingFieldsOfALargeEventBridgeDetail() {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("orderId", "o-1");
		event.put("total", Map.of("amount", 1200.5, "currency", "USD"));
		event.put("lines", java.util.Collections.nCopies(40, Map.of("sku", "SKU-1", "quantity", 1)));
		JsonMapper json = JsonMapper.builder().build();

		JsonNode detail = json.readTree(claimCheck.eventBridgeDetail("row-3", "securecart.checkout", "OrderPlaced",
				json.writeValueAsString(event)));

		assertThat(detail.path("orderId").asString()).isEqualTo("o-1");
		assertThat(detail.path("total").path("amount").decimalValue()).isEqualByComparingTo("1200.5");
		assertThat(detail.has("lines")).isFalse();
		assertThat(PayloadS3Pointer.fromJson(detail.path(ClaimCheck.DETAIL_POINTER).asString()).getS3Key())
			.isEqualTo("row-3");
	}

	@Test
	void leavesASmallEventBridgeDetailAlone() {
		String detail = "{\"orderId\":\"o-2\"}";

		assertThat(claimCheck.eventBridgeDetail("row-4", "securecart.checkout", "OrderPlaced", detail))
			.isEqualTo(detail);
		assertThat(claimCheck.eventBridgeEvent("{\"detail-type\":\"OrderPlaced\",\"detail\":" + detail + "}"))
			.isEqualTo("{\"detail-type\":\"OrderPlaced\",\"detail\":" + detail + "}");
	}
}
