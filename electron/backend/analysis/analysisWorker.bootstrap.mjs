// Entry of the analysis worker when running from the TypeScript sources (CLI, web server,
// tests): Node 20 workers do not take `--import tsx` from execArgv, so register tsx here.
import { register } from 'tsx/esm/api';

register();
await import('./analysisWorker.ts');
