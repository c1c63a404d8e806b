package io.securecart.contracts.activity;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format of a stream record: UTF-8 JSON with an {@code activityType} property. Producer and consumer go
 * through this codec, so the format is defined once.
 */
public final class CustomerActivityCodec {

	private final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	public byte[] encode(CustomerActivity activity) {
		return json.writeValueAsString(activity).getBytes(StandardCharsets.UTF_8);
	}

	/** @throws tools.jackson.core.JacksonException when the record is not a known activity */
	public CustomerActivity decode(byte[] data) {
		return json.readValue(new String(data, StandardCharsets.UTF_8), CustomerActivity.class);
	}
}
