import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { z } from 'zod';
import { applySchema, queryRows } from '../../src/db/warehouse.js';
import { columnMeta, isNullableColumn } from '../../src/schema/columns.js';
import { AuditModel, AuditScore } from '../../src/schema/audit-scoring.js';
import { IngestBatch, IngestFile, QuarantinedRow } from '../../src/schema/ingest-log.js';
import { ModelRunRecord, ModelRunWatermark } from '../../src/schema/model-run.js';
import { LOADABLE_TABLES } from '../../src/schema/tables.js';
import { STATISTICS_TABLES } from '../../src/schema/trade-statistics.js';

const RECORDS: [string, z.ZodObject][] = [
    ...LOADABLE_TABLES.map((table) => [table.name, table.schema] as [string, z.ZodObject]),
    ['ingest_batches', IngestBatch],
    ['ingest_files', IngestFile],
    ['quarantined_rows', QuarantinedRow],
    ['audit_models', AuditModel],
    ['audit_scores', AuditScore],
    ['model_runs', ModelRunRecord],
    ['model_run_watermarks', ModelRunWatermark],
    ...STATISTICS_TABLES,
];

describe('the DDL in sql/schema and the zod records', () => {
    let connection: DuckDBConnection;
    beforeAll(async () => {
        const instance = await DuckDBInstance.create(':memory:');
        connection = await instance.connect();
        await applySchema(connection);
    });
    afterAll(() => connection.closeSync());

    it('define the same tables', async () => {
        const rows = await queryRows<{ table_name: string }>(connection,
            "select table_name from information_schema.tables where table_schema = 'main' order by table_name");
        expect(rows.map((row) => row.table_name)).toEqual(RECORDS.map(([name]) => name).sort());
    });

    it.each(RECORDS)('define %s with the same columns, in order, with the same types and nullability', async (name, schema) => {
        const rows = await queryRows<{ column_name: string; data_type: string; is_nullable: string }>(connection,
            `select column_name, data_type, is_nullable from information_schema.columns where table_name = '${name}' order by ordinal_position`);
        const expected = Object.entries(schema.shape).map(([column, field]) => ({
            column_name: column,
            data_type: columnMeta(field as z.ZodType).sql,
            is_nullable: isNullableColumn(field as z.ZodType) ? 'YES' : 'NO',
        }));
        expect(rows).toEqual(expected);
    });

    it('applies twice without error, so opening an existing warehouse is safe', async () => {
        await applySchema(connection);
        const rows = await queryRows<{ n: string }>(connection, "select count(*) as n from information_schema.tables where table_schema = 'main'");
        expect(Number(rows[0]!.n)).toBe(RECORDS.length);
    });
});
