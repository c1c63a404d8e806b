-- ADR 35: an order's parcels are labelled one by one and leave together, so a label that fails leaves nothing
-- shipped; and once they left, the order is shipped whatever happens to its invoice.
alter table shipment drop constraint shipment_status_check;
alter table shipment add constraint shipment_status_check
    check (status in ('PICKING', 'PICKED', 'PACKED', 'LABELLED', 'SHIPPED', 'CANCELLED'));

-- Shipped orders whose invoice is still to issue (their Invoice step failed for good): OwedInvoices reads them.
create index fulfillment_owing_invoice on fulfillment (completed_at) where status = 'SHIPPED' and invoice_number is null;
