package io.securecart.shop.order;

import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** Breaks the aggregate convention: a primitive version reads a stored row at version 0 as new. */
@Table("parcel")
class Parcel {

	@Id
	private UUID id;

	@Version
	private long version;

}
