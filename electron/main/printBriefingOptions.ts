/** Pure parts of the Electron briefing print (electron/main/printBriefing.ts), testable without Electron. */
import { pageInches, type BriefingOptions, type Orientation, type PageSize } from '../../shared/report/options.ts';
import { APP_ORIGIN } from './windowOptions.ts';

/** printToPDF options: the page already turned (so `landscape` stays false), no margins (the page has its own). */
export function printToPdfOptions(size: PageSize, orientation: Orientation) {
  const { width, height } = pageInches(size, orientation);
  return {
    pageSize: { width, height },
    landscape: false,
    printBackground: true,
    preferCSSPageSize: false,
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
  };
}

export function briefingUrl(options: BriefingOptions): string {
  return `${APP_ORIGIN}/briefing.html#options=${Buffer.from(JSON.stringify(options), 'utf8').toString('base64url')}`;
}
