// A tiny hand-written customs world for loader tests: every figure here was worked out by hand.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const REFERENCE_FILES: Record<string, string> = {
    'reference/hs_sections.csv': 'section_code,section_number,title_en,title_zh\nXVI,16,Machinery and electrical equipment,機械及電機設備\n',
    'reference/hs_chapters.csv': 'chapter_code,section_code,title_en,title_zh\n84,XVI,Machinery and computers,機械及電腦\n85,XVI,Electrical equipment,電機設備\n',
    'reference/countries.csv': 'country_code,name_en,name_zh,region\nTW,Taiwan,臺灣,East Asia\nCN,China,中國大陸,East Asia\nJP,Japan,日本,East Asia\nUS,United States,美國,North America\n',
    'reference/currencies.csv': 'currency_code,name_en,minor_units\nTWD,New Taiwan dollar,2\nUSD,US dollar,2\n',
    'reference/wco_units.csv': 'unit_code,name_en\nu,number of items\nkg,kilogram\n',
    'reference/offices.csv': 'office_id,name_en,name_zh,office_kind,city\nKL01,Keelung Harbour,基隆關,sea,Keelung\nTP01,Taoyuan Airport Cargo,臺北關,air,Taoyuan\n',
    'reference/traders.csv': 'trader_id,trader_role,trader_name,registered_date,is_aeo,aeo_since_date\nT00000001,trader,Formosa Laptops Ltd,2015-03-01,false,\nT00000002,trader,"Keelung Parts, Inc.",2019-07-15,true,2021-01-01\nB00000001,broker,Harbour Brokers,2010-01-01,false,\n',
    'reference/exchange_rates.csv': 'currency_code,rate_month,twd_per_unit\nUSD,2024-01-01,31.25\n',
    // 8471300000 → Luhn over ten digits: doubled (from the right, 1st, 3rd, …) 0,0,0,1→2,4→8; others 0,0,3,7,8: 28 → check 2.
    // 8517130000 → doubled 0,0,3→6,7→5 (14−9),5→1 (10−9); others 0,0,1,1,8: 22 → check 8.
    'reference/tariff_codes.csv': 'tariff_code,chapter_code,description_en,quantity_unit,commodity_tax_rate\n84713000002,84,Portable computers,u,0\n85171300008,85,Smartphones,u,0\n',
    'reference/tariff_rates.csv': 'tariff_code,rate_kind,origin_country,preference_agreement,duty_rate\n84713000002,general,,,0\n85171300008,general,,,0.05\n',
};

const DECLARATION_HEADER = 'declaration_id,declaration_type,customs_procedure,lodgement_at,office_id,transport_mode_code,declarant_id,trader_id,foreign_party_id,is_aeo,consignment_country,destination_country,currency_code,exchange_rate,incoterm_code,invoice_amount,cif_value_twd,fob_value_twd,lane,item_count';
const ITEM_HEADER = 'declaration_id,line_number,tariff_code,goods_description,origin_country,quantity,quantity_unit,net_mass_kg,gross_mass_kg,customs_value_twd,duty_rate,duty_twd,business_tax_twd,commodity_tax_twd,preference_agreement';

export const DECLARATION_ROWS = [
    // Import of 10 laptops (31,250 TWD) and 20 phones (62,500 TWD): CIF 93,750 TWD = 3,000 USD × 31.25.
    'IM24010000001,import,home_use,2024-01-15T09:30:00,TP01,4,B00000001,T00000001,S001,false,CN,TW,USD,31.25,CIF,3000.00,93750.00,90000.00,C1,2',
    // Export of 5 laptops, FOB 15,625 TWD.
    'EX24010000001,export,export,2024-01-16T14:00:00,KL01,1,B00000001,T00000002,B777,true,,US,USD,31.25,FOB,500.00,16000.00,15625.00,C3,1',
];
export const ITEM_ROWS = [
    // Duty 0; VAT 5% of 31,250 = 1,562.50.
    'IM24010000001,1,84713000002,Laptop computer,CN,10,u,20,24,31250.00,0,0.00,1562.50,0.00,',
    // Duty 5% of 62,500 = 3,125; VAT 5% of 65,625 = 3,281.25.
    'IM24010000001,2,85171300008,"Smartphone, 128 GB",CN,20,u,4,5,62500.00,0.05,3125.00,3281.25,0.00,',
    'EX24010000001,1,84713000002,Laptop computer,TW,5,u,10,12,15625.00,0,0.00,0.00,0.00,',
];

export const FACT_FILES: Record<string, string> = {
    'declarations/2024-01.csv': `${DECLARATION_HEADER}\n${DECLARATION_ROWS.join('\n')}\n`,
    'declaration_items/2024-01.csv': `${ITEM_HEADER}\n${ITEM_ROWS.join('\n')}\n`,
    'clearance_events/2024-01.csv': 'declaration_id,event_type,event_at\nIM24010000001,arrival,2024-01-15T08:00:00\nIM24010000001,lodgement,2024-01-15T09:30:00\nIM24010000001,release,2024-01-15T09:33:00\n',
    'inspections/2024-01.csv': 'declaration_id,completed_at,is_discrepancy_found,discrepancy_kind,additional_duty_twd\nEX24010000001,2024-01-16T18:00:00,false,,0.00\n',
    'payments/2024-01.csv': 'payment_id,declaration_id,assessed_date,due_date,paid_date,duty_twd,business_tax_twd,commodity_tax_twd,amount_paid_twd,channel\nP000001,IM24010000001,2024-01-15,2024-01-29,2024-01-15,3125.00,4843.75,0.00,7968.75,e_payment\n',
};

export { DECLARATION_HEADER, ITEM_HEADER };

/** Writes files (relative path → text or bytes) under a new temporary folder and returns it. */
export function writeFiles(files: Record<string, string | Buffer>, dir = mkdtempSync(join(tmpdir(), 'customs-test-'))): string {
    for (const [relative, content] of Object.entries(files)) {
        const path = join(dir, relative);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, content);
    }
    return dir;
}

export function tempWarehouse(): string {
    return join(mkdtempSync(join(tmpdir(), 'customs-warehouse-')), 'customs.duckdb');
}
