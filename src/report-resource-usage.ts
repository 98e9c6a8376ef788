// The benchmark runs each stage as a child process and asks it, through CUSTOMS_RUSAGE_FILE, to leave its resource
// usage (peak resident memory among it) in that file when it exits.
import { writeFileSync } from 'node:fs';

export function reportResourceUsageOnExit(): void {
    const file = process.env.CUSTOMS_RUSAGE_FILE;
    if (file) process.on('exit', () => writeFileSync(file, JSON.stringify(process.resourceUsage())));
}
