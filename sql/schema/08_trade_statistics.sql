-- Trade statistics: configuration (confidential items, release calendar), publications (vintages) with their
-- published cells, and partners' mirror data. Mirrors src/schema/trade-statistics.ts (checked by a test).

-- stat_confidential_items: key item_kind, item_code
create table if not exists stat_confidential_items (
    item_kind varchar not null,
    item_code varchar not null,
    reason varchar
);

-- stat_release_calendar: key period_month
create table if not exists stat_release_calendar (
    period_month date not null,
    scheduled_release_date date not null
);

-- stat_releases: key release_id
create table if not exists stat_releases (
    release_id integer not null,
    period_month date not null,
    first_month date not null,
    release_date date not null,
    scheduled_release_date date,
    data_cutoff_at timestamp not null,
    trade_system varchar not null,
    published_at timestamp not null
);

-- stat_release_cells: key release_id, month_date, flow_code, commodity_level, commodity_code, partner_code
create table if not exists stat_release_cells (
    release_id integer not null,
    month_date date not null,
    flow_code varchar not null,
    commodity_level varchar not null,
    commodity_code varchar not null,
    partner_code varchar not null,
    value_twd double,
    value_usd double,
    fob_value_twd double,
    net_mass_kg double,
    quantity double,
    quantity_unit varchar,
    count_estimated_lines integer not null,
    obs_status varchar not null,
    conf_status varchar not null
);

-- stat_release_months: key release_id, month_date
create table if not exists stat_release_months (
    release_id integer not null,
    month_date date not null,
    cells_fingerprint varchar not null,
    suppressed_in_release_id integer not null
);

-- mirror_trade: key reporter_code, flow_code, hs_code, month_date
create table if not exists mirror_trade (
    reporter_code varchar not null,
    flow_code varchar not null,
    hs_code varchar not null,
    month_date date not null,
    value_usd double not null
);
