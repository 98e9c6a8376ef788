-- one row per item line counted in the trade system, with its statistical dimensions and values (no ids: nothing
-- downstream needs to know which declaration a line came from).
-- Amendments: a line amended after release (declaration_amendments) counts with its latest amendment (latest
-- amended_at, then the highest amendment_id) in place of its declared customs value, net mass, and, where the
-- amendment gives them, quantity, tariff code and origin; the line stays in the month of its declaration's lodgement,
-- so the next release revises that month. Only the trade statistics read amendments: the transparency and audit-risk
-- models stay on the values as declared.
-- Trade system (getvariable('trade_system')): 'general' counts every declaration (including customs warehouses and
-- free zones); 'special' counts only goods in free circulation (home use, re-imports; exports, re-exports, drawback
-- exports). Partner: country of origin for imports, country of last known destination for exports ('ZZ' if not
-- declared); the country of consignment is the second partner. Value: the customs value, which is CIF for imports and
-- FOB for exports. FOB value of an import line: the header's FOB value allocated in proportion to the line's customs
-- value, customs value × header FOB / header CIF (the loader guarantees that the declared lines' customs values add up
-- to the header CIF within 1 TWD, so this is the share of the line in the declaration; an amended value keeps the
-- header's FOB/CIF ratio); an export line's FOB value is its customs value. Quantity: the declared (or amended)
-- quantity when it is in the tariff code's WCO supplementary unit and positive, else null (then estimated downstream).
with

stg_declarations as (
    select * from stg_declarations
),

stg_declaration_items as (
    select * from stg_declaration_items
),

stg_declaration_amendments as (
    select * from stg_declaration_amendments
),

tariff_codes as (
    select * from tariff_codes
),

stat_confidential_items as (
    select * from stat_confidential_items
),

latest_amendments as (
    select *
    from stg_declaration_amendments
    qualify row_number() over (
        partition by declaration_id, line_number
        order by amended_at desc, amendment_id desc
    ) = 1
),

amended_lines as (
    select
        stg_declaration_items.declaration_id,
        coalesce(latest_amendments.tariff_code, stg_declaration_items.tariff_code) as tariff_code,
        coalesce(latest_amendments.origin_country, stg_declaration_items.origin_country) as origin_country,
        stg_declaration_items.quantity_unit,
        coalesce(latest_amendments.quantity, stg_declaration_items.quantity) as quantity,
        coalesce(latest_amendments.net_mass_kg, stg_declaration_items.net_mass_kg) as net_mass_kg,
        coalesce(latest_amendments.customs_value_twd, stg_declaration_items.customs_value_twd) as customs_value_twd,
    from stg_declaration_items
    left join latest_amendments
        on stg_declaration_items.declaration_id = latest_amendments.declaration_id
        and stg_declaration_items.line_number = latest_amendments.line_number
),

counted_declarations as (
    select
        declaration_id,
        month_date,
        case declaration_type when 'import' then 'M' else 'X' end as flow_code,
        customs_procedure,
        transport_mode_code,
        trader_id,
        consignment_country,
        destination_country,
        case
            when declaration_type = 'export' then 1.0
            when cif_value_twd > 0 then fob_value_twd / cif_value_twd
            else 1.0
        end as fob_share,
    from stg_declarations
    where getvariable('trade_system') = 'general'
        or customs_procedure in ('home_use', 're_import', 'export', 're_export', 'drawback')
),

final as (
    select
        -- dimensions
        counted_declarations.month_date,
        counted_declarations.flow_code,
        counted_declarations.customs_procedure,
        counted_declarations.transport_mode_code,
        amended_lines.tariff_code,
        case counted_declarations.flow_code
            when 'M' then amended_lines.origin_country
            else coalesce(counted_declarations.destination_country, 'ZZ')
        end as partner_code,
        counted_declarations.consignment_country as partner2_code,
        -- confidentiality
        amended_lines.tariff_code in (select item_code from stat_confidential_items where item_kind = 'tariff_code')
            or counted_declarations.trader_id in (select item_code from stat_confidential_items where item_kind = 'trader')
            as is_confidential,
        -- quantities
        case
            when amended_lines.quantity_unit = tariff_codes.quantity_unit and amended_lines.quantity > 0
                then amended_lines.quantity
        end as reported_quantity,
        amended_lines.net_mass_kg,
        -- values
        amended_lines.customs_value_twd as value_twd,
        amended_lines.customs_value_twd * counted_declarations.fob_share as fob_value_twd,
    from amended_lines
    inner join counted_declarations on amended_lines.declaration_id = counted_declarations.declaration_id
    left join tariff_codes on amended_lines.tariff_code = tariff_codes.tariff_code
)

select * from final
