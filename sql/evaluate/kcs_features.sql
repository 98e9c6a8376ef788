-- kcs_features: one row per KCS declaration (row_index), every feature a double (null = missing).
-- Label-free features use all three files (they are known when the test quarter is scored); fraud rates use the
-- labels of the train file only: out of fold (5 folds by a hash of the declaration id) for train rows, from all
-- train rows for valid and test rows. Rate = (frauds + prior × 20) / (declarations + 20), prior = train fraud rate.
with

declarations as (
    select * from kcs_declarations
),

priced as (
    select
        *,
        item_price_krw / nullif(net_mass_kg, 0) as unit_price_krw,
        hash(declaration_id) % 5 as fold,
    from declarations
),

hs6_prices as (
    select
        hs6_code,
        median(unit_price_krw) as median_unit_price_krw,
    from priced
    group by hs6_code
),

keyed as (
    unpivot (
        select
            row_index,
            split,
            fold,
            -- the fold whose rows a train row's rate leaves out; −1 (no fold) for valid and test rows
            case when split = 'train' then fold else -1 end as held_out_fold,
            is_fraud,
            importer_id,
            declarant_id,
            seller_id,
            coalesce(courier_id, '(none)') as courier_id,
            hs6_code,
            origin_country,
            office_id,
            hs6_code || '|' || origin_country as hs6_origin,
            declarant_id || '|' || importer_id as declarant_importer,
            importer_id || '|' || hs6_code as importer_hs6,
            seller_id || '|' || importer_id as seller_importer,
        from priced
    )
    on importer_id, declarant_id, seller_id, courier_id, hs6_code, origin_country, office_id, hs6_origin, declarant_importer, importer_hs6, seller_importer
    into name key_name value key_value
),

fold_rates as (
    select
        key_name,
        key_value,
        fold,
        sum(is_fraud) as count_frauds,
        count(*) as count_declarations,
    from keyed
    where split = 'train'
    group by all
),

key_rates as (
    select
        key_name,
        key_value,
        sum(count_frauds) as count_frauds,
        sum(count_declarations) as count_declarations,
    from fold_rates
    group by all
),

prior as (
    select avg(is_fraud) as fraud_rate from declarations where split = 'train'
),

encoded as (
    select
        keyed.row_index,
        'rate_' || keyed.key_name as key_name,
        (
            coalesce(key_rates.count_frauds, 0) - coalesce(fold_rates.count_frauds, 0) + prior.fraud_rate * 20
        ) / (
            coalesce(key_rates.count_declarations, 0) - coalesce(fold_rates.count_declarations, 0) + 20
        ) as fraud_rate,
    from keyed
    cross join prior
    left join key_rates
        on key_rates.key_name = keyed.key_name and key_rates.key_value = keyed.key_value
    left join fold_rates
        on fold_rates.key_name = keyed.key_name and fold_rates.key_value = keyed.key_value and fold_rates.fold = keyed.held_out_fold
),

rates as (
    pivot encoded on key_name using first(fraud_rate) group by row_index
),

final as (
    select
        priced.row_index,
        priced.split,
        priced.is_fraud::double as label,
        -- codes, label-encoded in sorted order
        dense_rank() over (order by priced.office_id)::double as office_code,
        dense_rank() over (order by priced.process_type)::double as process_type_code,
        dense_rank() over (order by priced.import_type)::double as import_type_code,
        dense_rank() over (order by priced.import_use)::double as import_use_code,
        dense_rank() over (order by priced.payment_type)::double as payment_type_code,
        dense_rank() over (order by priced.transport_mode)::double as transport_mode_code,
        dense_rank() over (order by priced.departure_country)::double as departure_country_code,
        dense_rank() over (order by priced.origin_country)::double as origin_country_code,
        dense_rank() over (order by priced.tax_type)::double as tax_type_code,
        dense_rank() over (order by priced.origin_indicator)::double as origin_indicator_code,
        (priced.departure_country = priced.origin_country)::double as is_departure_origin,
        (priced.courier_id is not null)::double as has_courier,
        -- tariff code and its prefixes
        try_cast(priced.hs6_code as double) as hs6,
        try_cast(left(priced.hs6_code, 4) as double) as hs4,
        try_cast(left(priced.hs6_code, 2) as double) as hs2,
        -- amounts
        priced.tax_rate,
        priced.net_mass_kg,
        priced.item_price_krw,
        priced.unit_price_krw,
        priced.unit_price_krw / nullif(hs6_prices.median_unit_price_krw, 0) as unit_price_to_hs6_median,
        -- how often each party or code appears
        count(*) over (partition by priced.importer_id)::double as count_importer,
        count(*) over (partition by priced.declarant_id)::double as count_declarant,
        count(*) over (partition by priced.seller_id)::double as count_seller,
        count(*) over (partition by priced.hs6_code)::double as count_hs6,
        -- date
        dayofweek(priced.declaration_date)::double as day_of_week,
        dayofmonth(priced.declaration_date)::double as day_of_month,
        -- smoothed fraud rates from the train labels
        rates.* exclude (row_index),
    from priced
    left join hs6_prices using (hs6_code)
    left join rates using (row_index)
)

select * from final order by row_index
