-- one row per item line counted in the trade system, with its statistical dimensions and values (no ids: nothing
-- downstream needs to know which declaration a line came from).
-- Trade system (getvariable('trade_system')): 'general' counts every declaration (including customs warehouses and
-- free zones); 'special' counts only goods in free circulation (home use, re-imports; exports, re-exports, drawback
-- exports). Partner: country of origin for imports, country of last known destination for exports ('ZZ' if not
-- declared); the country of consignment is the second partner. Value: the customs value, which is CIF for imports and
-- FOB for exports. FOB value of an import line: the header's FOB value allocated in proportion to the line's customs
-- value, customs value × header FOB / header CIF (the loader guarantees that the lines' customs values add up to the
-- header CIF within 1 TWD, so this is the share of the line in the declaration); an export line's FOB value is its
-- customs value. Quantity: the declared quantity when it is in the tariff code's WCO supplementary unit and positive,
-- else null (then estimated downstream).
with

stg_declarations as (
    select * from stg_declarations
),

stg_declaration_items as (
    select * from stg_declaration_items
),

tariff_codes as (
    select * from tariff_codes
),

stat_confidential_items as (
    select * from stat_confidential_items
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
        stg_declaration_items.tariff_code,
        case counted_declarations.flow_code
            when 'M' then stg_declaration_items.origin_country
            else coalesce(counted_declarations.destination_country, 'ZZ')
        end as partner_code,
        counted_declarations.consignment_country as partner2_code,
        -- confidentiality
        stg_declaration_items.tariff_code in (select item_code from stat_confidential_items where item_kind = 'tariff_code')
            or counted_declarations.trader_id in (select item_code from stat_confidential_items where item_kind = 'trader')
            as is_confidential,
        -- quantities
        case
            when stg_declaration_items.quantity_unit = tariff_codes.quantity_unit and stg_declaration_items.quantity > 0
                then stg_declaration_items.quantity
        end as reported_quantity,
        stg_declaration_items.net_mass_kg,
        -- values
        stg_declaration_items.customs_value_twd as value_twd,
        stg_declaration_items.customs_value_twd * counted_declarations.fob_share as fob_value_twd,
    from stg_declaration_items
    inner join counted_declarations on stg_declaration_items.declaration_id = counted_declarations.declaration_id
    left join tariff_codes on stg_declaration_items.tariff_code = tariff_codes.tariff_code
)

select * from final
