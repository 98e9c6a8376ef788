// Runs the real `customs` command in a child process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/db/warehouse.js';

export const CLI = join(PROJECT_ROOT, 'src', 'customs.js');

export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: PROJECT_ROOT });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
