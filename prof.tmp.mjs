import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const inst = await DuckDBInstance.create(process.argv[2]);
const c = await inst.connect();
await c.run("set variable trade_system = 'general'"); await c.run("set variable unit_value_sd_limit = 4");
const sql = (n) => readFileSync(n, 'utf8').replace(/;\s*$/, '');
const cpu = async (label, q) => { const r = await c.runAndReadAll(`explain analyze ${q}`); const txt = r.getRows().map(r=>r[1]).join('\n'); const total = /Total Time: ([0-9.]+)s/.exec(txt)[1]; const ops=[...txt.matchAll(/│\s+([A-Z_]{4,})\s+│[\s\S]*?│\s+\(?([0-9.]+)s\)?\s+│/g)]; let sum=0; for (const m of ops) sum+=Number(m[2]); console.log(label, 'wall', total, 's; operator cpu', sum.toFixed(2), 's'); };
for (const name of ['stg_declaration_items','stg_exchange_rates','stg_declarations']) await c.run(`create or replace temp view ${name} as (${sql('sql/staging/'+name+'.sql')})`);
for (const name of ['int_trade_lines','int_trade_code_months','int_trade_reference_unit_values']) { await cpu(name, sql('sql/intermediate/trade/'+name+'.sql')); await c.run(`create or replace temp table ${name} as (${sql('sql/intermediate/trade/'+name+'.sql')})`); }
await cpu('monthly', sql('sql/marts/trade/fct_trade_monthly.sql'));
await c.run(`create or replace temp table fct_trade_monthly as (${sql('sql/marts/trade/fct_trade_monthly.sql')})`);
await cpu('cells', sql('sql/marts/trade/fct_trade_cells.sql'));
const r = await c.runAndReadAll(`explain analyze ${sql('sql/marts/trade/fct_trade_cells.sql')}`);
console.log(r.getRows().map(r=>r[1]).join('\n').split('\n').filter(l => /[A-Z_]{5,}|[0-9.]+s|Rows/.test(l)).map(l=>l.replace(/\s+/g,' ')).join('\n'));
