-- A notification is sent with no transaction open (ADR 36, amended): a short transaction claims it until
-- claimed_until, the channel is called, and a second transaction saves the outcome under the version the claim
-- wrote. No other sender takes it before claimed_until; after that (its sender stopped, or is stuck), the sweep may
-- claim it again, and the first sender's outcome is then refused on its version.
alter table notification add column claimed_until timestamptz;
