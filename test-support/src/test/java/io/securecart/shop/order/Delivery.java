package io.securecart.shop.order;

import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/** Follows the aggregate convention; its lines, a table without an id of their own, need no version. */
@Table("delivery")
class Delivery {

	@Id
	private UUID id;

	@Version
	private Long version;

	@MappedCollection(idColumn = "delivery_id", keyColumn = "line_no")
	private List<Line> lines;

	@Table("delivery_line")
	record Line(String sku, int quantity) {
	}

}
