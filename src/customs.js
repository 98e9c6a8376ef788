#!/usr/bin/env node
// The `customs` command. The sources are TypeScript, run through tsx's loader, so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
