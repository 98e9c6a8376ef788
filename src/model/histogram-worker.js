// The histogram thread (see histogram-thread.ts). Plain JavaScript so that a worker can start it: it registers tsx's
// loader in this thread, then runs the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./histogram-worker-main.ts');
