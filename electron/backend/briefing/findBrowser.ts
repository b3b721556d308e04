/**
 * Finds a Chromium-family browser to print with. Nothing is ever downloaded: the machines this
 * runs on are air-gapped, so the analyst names one with --browser or we look in the usual places.
 */
import fs from 'node:fs';
import { UserError } from '../../../shared/errors.ts';

const BROWSER_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/microsoft-edge',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

export function findBrowser(explicit?: string, candidates: readonly string[] = BROWSER_CANDIDATES, env = process.env): string {
  const given = explicit ?? env.FRONTERA_BROWSER ?? env.CHROMIUM_PATH;
  if (given) {
    if (!fs.existsSync(given) || fs.statSync(given).isDirectory()) {
      throw new UserError(`browser not found: ${given} (give the path of a Chromium or Chrome executable with --browser)`);
    }
    return given;
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    throw new UserError(
      `no Chromium or Chrome found to print with (looked in ${candidates.slice(0, 4).join(', ')} …); ` +
        'install one (Debian: apt-get install chromium) or give its path with --browser PATH',
    );
  }
  return found;
}
