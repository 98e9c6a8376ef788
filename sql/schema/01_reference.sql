-- Reference data: nomenclature, countries, currencies and rates, units, offices, traders, tariff.
-- Raw layer: loaded as received, after the rules in src/ingest. Keys are enforced by the loader
-- (no index constraints, so that bulk loads stay fast). Mirrors src/schema (checked by a test).

-- hs_sections: key section_code
create table if not exists hs_sections (
    section_code varchar not null,
    section_number integer not null,
    title_en varchar not null,
    title_zh varchar not null
);

-- hs_chapters: key chapter_code
create table if not exists hs_chapters (
    chapter_code varchar not null,
    section_code varchar not null,
    title_en varchar not null,
    title_zh varchar not null
);

-- countries: key country_code
create table if not exists countries (
    country_code varchar not null,
    name_en varchar not null,
    name_zh varchar not null,
    region varchar not null
);

-- currencies: key currency_code
create table if not exists currencies (
    currency_code varchar not null,
    name_en varchar not null,
    minor_units integer not null
);

-- wco_units: key unit_code
create table if not exists wco_units (
    unit_code varchar not null,
    name_en varchar not null
);

-- offices: key office_id
create table if not exists offices (
    office_id varchar not null,
    name_en varchar not null,
    name_zh varchar not null,
    office_kind varchar not null,
    city varchar not null
);

-- traders: key trader_id
create table if not exists traders (
    trader_id varchar not null,
    trader_role varchar not null,
    trader_name varchar not null,
    registered_date date not null,
    is_aeo boolean not null,
    aeo_since_date date
);

-- exchange_rates: key currency_code, rate_month
create table if not exists exchange_rates (
    currency_code varchar not null,
    rate_month date not null,
    twd_per_unit double not null
);

-- tariff_codes: key tariff_code
create table if not exists tariff_codes (
    tariff_code varchar not null,
    chapter_code varchar not null,
    description_en varchar not null,
    quantity_unit varchar not null,
    commodity_tax_rate double not null
);

-- tariff_rates: key tariff_code, rate_kind, origin_country
create table if not exists tariff_rates (
    tariff_code varchar not null,
    rate_kind varchar not null,
    origin_country varchar,
    preference_agreement varchar,
    duty_rate double not null
);
