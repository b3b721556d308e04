import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateTimeGroup } from '../../../shared/report/dtg.ts';
import { metresPerCssPixel, roundScaleLength, scaleBar } from '../../../shared/report/scaleBar.ts';
import { pageInches, pagePoints } from '../../../shared/report/options.ts';
import { findBrowser } from '../../../electron/backend/briefing/findBrowser.ts';
import { countPdfPages } from '../../../electron/backend/briefing/printedPage.ts';
import { briefingUrl, printToPdfOptions } from '../../../electron/main/printBriefingOptions.ts';

describe('date-time group', () => {
  it('is DDHHMMZMONYY in UTC', () => {
    expect(dateTimeGroup(new Date('2026-11-25T14:30:00Z'))).toBe('251430ZNOV26');
    // 23:30 in Tijuana on 31 Dec is already 1 Jan in Zulu.
    expect(dateTimeGroup(new Date('2023-12-31T23:30:00-08:00'))).toBe('010730ZJAN24');
    expect(() => dateTimeGroup(new Date('nope'))).toThrow(RangeError);
  });
});

describe('scale bar', () => {
  it('uses 512-px Web Mercator tiles: 78 271.5 m per px at zoom 0 on the equator', () => {
    expect(metresPerCssPixel(0, 0)).toBeCloseTo(40075016.686 / 512, 6);
    expect(metresPerCssPixel(10, 60)).toBeCloseTo(40075016.686 / 512 / 1024 / 2, 6);
  });
  it('rounds down to 1, 2 or 5 × 10^k and labels in km from 1 km', () => {
    expect(roundScaleLength(7300)).toBe(5000);
    expect(roundScaleLength(4999)).toBe(2000);
    expect(roundScaleLength(1000)).toBe(1000);
    expect(roundScaleLength(180)).toBe(100);
    const bar = scaleBar(250, 200);
    expect(bar.metres).toBe(50000);
    expect(bar.px).toBeCloseTo(200, 9);
    expect(bar.ticks.map((t) => t.label)).toEqual(['0', '25', '50 km']);
    expect(scaleBar(3, 150).label).toBe('200 m');
  });
});

describe('page sizes', () => {
  it('match ANSI and ISO paper in points, turned for landscape', () => {
    expect(pagePoints('letter', 'portrait')).toEqual({ width: 612, height: 792 });
    expect(pagePoints('legal', 'landscape')).toEqual({ width: 1008, height: 612 });
    expect(pagePoints('tabloid', 'portrait')).toEqual({ width: 792, height: 1224 });
    const a3 = pagePoints('a3', 'landscape');
    expect(a3.width).toBeCloseTo(1190.55, 2);
    expect(a3.height).toBeCloseTo(841.89, 2);
    expect(pageInches('a4', 'portrait').width).toBeCloseTo(8.2677, 4);
  });
  it('become Electron printToPDF options in inches with no margins', () => {
    const o = printToPdfOptions('a4', 'landscape');
    expect(o.pageSize.width).toBeCloseTo(11.6929, 4);
    expect(o.pageSize.height).toBeCloseTo(8.2677, 4);
    expect(o).toMatchObject({ landscape: false, printBackground: true, margins: { top: 0, bottom: 0, left: 0, right: 0 } });
  });
  it('carry the options to the page in the URL fragment, on the app origin', () => {
    const url = new URL(briefingUrl({ analyses: [3], title: 'Río Colorado' }));
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('app://frontera/briefing.html');
    const opts = new URLSearchParams(url.hash.slice(1)).get('options')!;
    expect(JSON.parse(Buffer.from(opts, 'base64url').toString('utf8'))).toEqual({ analyses: [3], title: 'Río Colorado' });
  });
});

describe('finding a browser', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontera-browser-'));
  const fake = path.join(dir, 'chromium');
  fs.writeFileSync(fake, '');
  it('takes --browser, else the first candidate present, else says what to do', () => {
    expect(findBrowser(fake, [], {})).toBe(fake);
    expect(() => findBrowser(path.join(dir, 'missing'), [], {})).toThrow(/browser not found/);
    expect(findBrowser(undefined, [path.join(dir, 'nope'), fake], {})).toBe(fake);
    expect(() => findBrowser(undefined, [path.join(dir, 'nope')], {})).toThrow(/no Chromium or Chrome found.*--browser PATH/);
    expect(findBrowser(undefined, [], { FRONTERA_BROWSER: fake })).toBe(fake);
  });
});

describe('PDF page count', () => {
  it('counts /Type /Page objects, not the /Pages tree', () => {
    const pdf = Buffer.from('<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page /Parent 1 0 R >>', 'latin1');
    expect(countPdfPages(pdf)).toBe(2);
  });
});
