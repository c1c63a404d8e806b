package io.securecart.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.securecart.contracts.MessagingNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.payloadoffloading.PayloadStore;
import software.amazon.payloadoffloading.S3BackedPayloadStore;
import software.amazon.payloadoffloading.S3Dao;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.InitializingBean;

/**
 * Large payloads through S3 (the claim check, ADR 16). A message over the threshold is stored in the large-payloads
 * bucket (under its destination and outbox row id), and the message carries only the pointer and the
 * {@value MessagingNames#EXTENDED_PAYLOAD_SIZE_ATTRIBUTE} attribute: the contract of AWS's SQS and SNS extended
 * clients, through the library they share ({@code payloadoffloading-common}). The listener side fetches the payload
 * before decoding. Objects are never deleted by a consumer (an SNS message fans out to several queues, and a
 * dead-lettered one may be redriven): the bucket's lifecycle rule expires them after the longest retention.
 * <p>
 * An EventBridge detail cannot be a bare pointer, because rules match on it: a claim-checked detail keeps the event's
 * small top-level fields (ids, amounts: what rules match on) and adds {@value #DETAIL_POINTER} with the pointer.
 */
public class ClaimCheck implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(ClaimCheck.class);

	/** The field of a claim-checked EventBridge detail that holds the pointer to the whole detail. */
	public static final String DETAIL_POINTER = "claimCheck";

	/** A top-level field of a claim-checked detail stays in it, for rules to match, while its JSON is this small. */
	static final int ROUTING_FIELD_MAX_BYTES = 1024;

	private final S3Client s3;

	private final PayloadStore store;

	private final ClaimCheckProperties properties;

	private final JsonMapper json = JsonMapper.builder().build();

	public ClaimCheck(S3Client s3, ClaimCheckProperties properties) {
		this.s3 = s3;
		this.store = new S3BackedPayloadStore(new S3Dao(s3), properties.bucket());
		this.properties = properties;
	}

	/** A missing bucket stops startup, as a missing queue does: large messages could be neither sent nor read. */
	@Override
	public void afterPropertiesSet() {
		try {
			s3.headBucket(request -> request.bucket(properties.bucket())
				.overrideConfiguration(override -> override.apiCallTimeout(AwsClientBuilders.STARTUP_CALL_TIMEOUT)));
		}
		catch (RuntimeException ex) {
			throw new MissingTopologyException("S3 bucket", properties.bucket(), ex);
		}
		log.info("Claim check: messages over {} bytes go through S3 bucket {}", properties.threshold().toBytes(),
				properties.bucket());
	}

	/** What a message is sent as: its body, and its attributes (SQS and SNS). */
	public record Outgoing(String body, Map<String, String> attributes) {
	}

	/**
	 * The message as it is when it fits; otherwise its body stored under {@code key} (one per outbox row: a retried
	 * publish overwrites the same object) and the pointer in its place.
	 */
	public Outgoing outgoing(String key, String body, Map<String, String> attributes) {
		if (size(body, attributes) <= properties.threshold().toBytes()) {
			return new Outgoing(body, attributes);
		}
		Map<String, String> withSize = new LinkedHashMap<>(attributes);
		withSize.put(MessagingNames.EXTENDED_PAYLOAD_SIZE_ATTRIBUTE, String.valueOf(bytes(body)));
		return new Outgoing(store.storeOriginalPayload(body, key), withSize);
	}

	/** The size SQS and SNS count: the body's UTF-8 bytes, and each attribute's name, data type and value. */
	static long size(String body, Map<String, String> attributes) {
		long size = bytes(body);
		for (Map.Entry<String, String> attribute : attributes.entrySet()) {
			size += bytes(attribute.getKey()) + "String".length() + bytes(attribute.getValue());
		}
		return size;
	}

	/**
	 * An EventBridge detail as it is when the entry fits; otherwise the detail stored under {@code key}, and in its
	 * place the small top-level fields and the pointer.
	 */
	public String eventBridgeDetail(String key, String source, String detailType, String detail) {
		if (bytes(source) + bytes(detailType) + bytes(detail) <= properties.threshold().toBytes()) {
			return detail;
		}
		ObjectNode routing = json.createObjectNode();
		json.readTree(detail)
			.properties()
			.stream()
			.filter(field -> bytes(json.writeValueAsString(field.getValue())) <= ROUTING_FIELD_MAX_BYTES)
			.forEach(field -> routing.set(field.getKey(), field.getValue()));
		routing.put(DETAIL_POINTER, store.storeOriginalPayload(detail, key));
		return json.writeValueAsString(routing);
	}

	/** Whether a received message's body is a pointer (its attributes, as headers, name the payload's size). */
	public static boolean isPointer(Map<String, ?> headers) {
		return headers.containsKey(MessagingNames.EXTENDED_PAYLOAD_SIZE_ATTRIBUTE);
	}

	/** The payload a pointer names. Fails when S3 cannot give it: the message is then retried, never lost. */
	public String payloadOf(String pointer) {
		return store.getOriginalPayload(pointer);
	}

	/** An EventBridge event as it was put: a claim-checked detail replaced by the whole one from S3. */
	public String eventBridgeEvent(String envelope) {
		JsonNode event;
		try {
			event = json.readTree(envelope);
		}
		catch (RuntimeException ex) {
			return envelope;
		}
		if (!(event instanceof ObjectNode object) || !event.path("detail").path(DETAIL_POINTER).isString()) {
			return envelope;
		}
		object.set("detail", json.readTree(payloadOf(event.path("detail").path(DETAIL_POINTER).asString())));
		return json.writeValueAsString(object);
	}

	private static long bytes(String text) {
		return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
	}
}
