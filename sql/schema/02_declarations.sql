-- Declarations (headers) and their item lines. Timestamps are Taiwan local time (UTC+8).
-- Raw layer: loaded as received, after the rules in src/ingest. Keys are enforced by the loader
-- (no index constraints, so that bulk loads stay fast). Mirrors src/schema (checked by a test).

-- declarations: key declaration_id
create table if not exists declarations (
    declaration_id varchar not null,
    declaration_type varchar not null,
    customs_procedure varchar not null,
    lodgement_at timestamp not null,
    office_id varchar not null,
    transport_mode_code varchar not null,
    declarant_id varchar not null,
    trader_id varchar not null,
    foreign_party_id varchar,
    is_aeo boolean not null,
    consignment_country varchar,
    destination_country varchar,
    currency_code varchar not null,
    exchange_rate double not null,
    incoterm_code varchar not null,
    invoice_amount decimal(18,2) not null,
    cif_value_twd decimal(18,2) not null,
    fob_value_twd decimal(18,2) not null,
    lane varchar not null,
    item_count integer not null
);

-- declaration_items: key declaration_id, line_number
create table if not exists declaration_items (
    declaration_id varchar not null,
    line_number integer not null,
    tariff_code varchar not null,
    goods_description varchar not null,
    origin_country varchar not null,
    quantity double not null,
    quantity_unit varchar not null,
    net_mass_kg double not null,
    gross_mass_kg double not null,
    customs_value_twd decimal(18,2) not null,
    duty_rate double not null,
    duty_twd decimal(18,2) not null,
    business_tax_twd decimal(18,2) not null,
    commodity_tax_twd decimal(18,2) not null,
    preference_agreement varchar
);
