/**
 * The test hooks the app's pages put on `window` (the live map and its controller, the view
 * loader, the preload bridge, the briefing page's globals), brought into the tests' type-check:
 * the renderer compiles in its own project (renderer/tsconfig.json), whose global declarations
 * reach the tests only through a module that imports them. e2e tests read them in page.evaluate.
 */
import type {} from '../../renderer/map/MapView.tsx';
import type {} from '../../renderer/map/viewportLoader.ts';
import type {} from '../../renderer/api/bridge.ts';
import type {} from '../../renderer/briefing/main.tsx';
