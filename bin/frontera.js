#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx, so `npx frontera` works right
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
