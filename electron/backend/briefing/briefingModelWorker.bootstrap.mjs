// Entry of the briefing model worker when running from the TypeScript sources (CLI, bench,
// tests): Node 20 workers do not take `--import tsx` from execArgv, so register tsx here.
import { register } from 'tsx/esm/api';

register();
await import('./briefingModelWorker.ts');
