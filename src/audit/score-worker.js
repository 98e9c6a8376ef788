// A scoring thread (see scoring-threads.ts). Plain JavaScript so that a worker can start it: it
// registers tsx's loader in this thread, then runs the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./score-worker-main.ts');
