#!/usr/bin/env node
// The `customs` command. The sources are TypeScript, run through tsx's loader, so there is no build step.
import { register } from 'tsx/esm/api';

// DuckDB's allocator (jemalloc, as DuckDB builds it) hands freed memory back to the system after a second, and the
// next query faults it back in page by page: a month's run at 10 million lines spent a fifth of its CPU time in the
// kernel. Kept for 30 seconds, it is reused instead (read when DuckDB loads, so set before anything imports it).
process.env.DUCKDB_JE_MALLOC_CONF ??= 'dirty_decay_ms:30000,muzzy_decay_ms:30000';
register();
await import('./cli.ts');
