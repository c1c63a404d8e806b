package io.securecart.shop.order;

import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** Breaks the aggregate convention: a root without a version. */
@Table("basket")
class Basket {

	@Id
	private UUID id;

}
