-- Amendments of declaration item lines after release. Timestamps are Taiwan local time (UTC+8).
-- Raw layer: loaded as received, after the rules in src/ingest (the amended line exists, amended_at is not before
-- the declaration's lodgement). The declared line in declaration_items is never changed. Keys are enforced by the
-- loader. Mirrors src/schema/amendment.ts (checked by a test).

-- declaration_amendments: key amendment_id; null tariff_code, origin_country or quantity = unchanged
create table if not exists declaration_amendments (
    amendment_id varchar not null,
    declaration_id varchar not null,
    line_number integer not null,
    amended_at timestamp not null,
    customs_value_twd decimal(18,2) not null,
    net_mass_kg double not null,
    quantity double,
    tariff_code varchar,
    origin_country varchar,
    reason varchar not null
);
