package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FulfillmentPropertiesTest {

	private final FulfillmentProperties properties = new FulfillmentProperties("fulfillment",
			Map.of("apparel", List.of("SC-TSHIRT", "SC-HOODIE")), "central", Duration.ofSeconds(20),
			Duration.ofSeconds(10), 32, Duration.ofMinutes(5));

	@Test
	void splitsAnOrderIntoOneShipmentPerWarehouseByTheDeclaredSkuPrefixes() {
		OrderLine tshirt = new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99"));
		OrderLine mug = new OrderLine("SC-MUG-002", 1, Money.of("12.50"));
		OrderLine hoodie = new OrderLine("SC-HOODIE-003", 1, Money.of("49.00"));

		Map<String, List<OrderLine>> split = properties.split(List.of(tshirt, mug, hoodie));

		assertThat(split).containsExactly(Map.entry("apparel", List.of(tshirt, hoodie)),
				Map.entry("central", List.of(mug)));
	}

	@Test
	void shipsInOneParcelWhatOneWarehouseStocks() {
		OrderLine mug = new OrderLine("SC-MUG-002", 1, Money.of("12.50"));

		assertThat(properties.split(List.of(mug))).containsOnlyKeys("central");
	}
}
