/**
 * Briefing maps end to end: the demo workspace (`frontera demo`) with a DBSCAN and a Gi* run,
 * printed through `frontera brief` and through the print module with Debian's Chromium, and
 * the PDFs read back with poppler: page size, text (title, banner twice, legend, scale,
 * provenance; in English and in Spanish), the map raster's resolution and colours, and the scale
 * bar against the map's true scale measured independently from its bounds.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { distance } from '@turf/turf';
import { openBackend, type Backend } from '../../electron/backend/backend.ts';
import { runAnalysis } from '../../electron/backend/analysis/analysisService.ts';
import { launchBrowser, printBriefing } from '../../electron/backend/briefing/printWithChromium.ts';
import { findBrowser } from '../../electron/backend/briefing/findBrowser.ts';
import { briefCommand } from '../../cli/commands/brief.ts';
import { demoCommand } from '../../cli/commands/demo.ts';
import type { Command } from '../../cli/command.ts';
import { validateInput } from '../../shared/api/contract.ts';
import { GI_BIN_COLORS, CLUSTER_COLOR } from '../../shared/report/resultStyle.ts';
import { ensureBriefingBuilt } from './briefingBuild.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const outDir = path.join(repoRoot, 'test-output', 'briefing');
/** The browser the tests drive: found the one way the product finds one ($CHROMIUM_PATH, else the usual places). */
const CHROMIUM = findBrowser();
const BANNER = 'UNCLASSIFIED // FOR OFFICIAL USE ONLY';

async function runCli(cmd: Command, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const parsed = parseArgs({ args: argv, options: cmd.options, allowPositionals: true, strict: true });
  let stdout = '';
  let stderr = '';
  const code = await cmd.run(
    { positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | string[]> },
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false },
  );
  return { code: code ?? 0, stdout, stderr };
}

function pdfinfo(file: string): { pages: number; width: number; height: number } {
  const text = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(text)!;
  return { pages: Number(/Pages:\s+(\d+)/.exec(text)![1]), width: Number(size[1]), height: Number(size[2]) };
}

const pdftext = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
/** Text without any white space: tokens survive however the PDF wrapped them. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

/** The page as RGB pixels at `dpi` (pdftoppm's binary PPM). */
function raster(file: string, dpi: number): { width: number; height: number; rgb: Buffer } {
  const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-singlefile', file], { maxBuffer: 256 * 1024 * 1024 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'))!;
  return { width: Number(header[1]), height: Number(header[2]), rgb: ppm.subarray(header[0].length) };
}

function countNear(img: { rgb: Buffer }, hex: string, tolerance: number): number {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  let count = 0;
  for (let i = 0; i + 2 < img.rgb.length; i += 3) {
    if (Math.abs(img.rgb[i] - r) <= tolerance && Math.abs(img.rgb[i + 1] - g) <= tolerance && Math.abs(img.rgb[i + 2] - b) <= tolerance) count++;
  }
  return count;
}

interface Word {
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
}

/** Words with their boxes in PDF points (pdftotext -bbox). */
function words(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const re = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g;
  const out: Word[] = [];
  for (let m = re.exec(html); m; m = re.exec(html)) out.push({ text: m[4], xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]) });
  return out;
}

/**
 * The scale bar's printed length in points, from its tick labels: "0" is centred on the bar's
 * start and "N km" on its end (the page centres each tick label on its tick).
 */
function printedBarLength(all: Word[], label: string): number {
  const [num, unit] = label.split(' ');
  for (let i = 0; i + 1 < all.length; i++) {
    if (all[i].text !== num || all[i + 1].text !== unit || Math.abs(all[i].yMin - all[i + 1].yMin) > 0.5) continue;
    const zero = all.find((w) => w.text === '0' && Math.abs(w.yMin - all[i].yMin) < 0.5 && w.xMax < all[i].xMin);
    if (!zero) continue;
    return (all[i].xMin + all[i + 1].xMax) / 2 - (zero.xMin + zero.xMax) / 2;
  }
  throw new Error(`scale bar labels "0" … "${label}" not found in the PDF text`);
}

function imageDpi(file: string): number[] {
  const rows = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return rows.map((r) => Number(r.trim().split(/\s+/)[12]));
}

describe('briefing maps in Chromium', () => {
  let tmp: string;
  let wsFile: string;
  let staticRoot: string;
  let backend: Backend;
  let browser: Browser;
  let dbscanId: number;
  let gistarId: number;
  let fingerprint: string;

  beforeAll(async () => {
    fs.mkdirSync(outDir, { recursive: true });
    staticRoot = await ensureBriefingBuilt();
    tmp = fs.mkdtempSync(path.join(outDir, 'ws-'));
    wsFile = path.join(tmp, 'demo.frontera');
    expect((await runCli(demoCommand, [wsFile])).code).toBe(0);
    backend = openBackend(wsFile);
    dbscanId = (await runAnalysis(backend.store, { kind: 'dbscan', layer: 'incidents', eps: 1500, minPoints: 8 })).run.id;
    gistarId = (await runAnalysis(backend.store, { kind: 'gistar', layer: 'incidents' })).run.id;
    fingerprint = backend.workspace.fingerprint();
    browser = await launchBrowser(CHROMIUM);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    backend?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('frontera brief prints a letter portrait PDF with banner, legend, scale, comparison and provenance, and audits it', async () => {
    const out = path.join(outDir, 'letter-portrait.pdf');
    // The CLI opens the workspace itself; the test's connection stays open (WAL allows both).
    const r = await runCli(briefCommand, [
      wsFile,
      '--analysis', String(dbscanId),
      '--analysis', String(gistarId),
      '--title', 'San Luis Río Colorado and Mexicali hotspots',
      '--banner', BANNER,
      '--compare-split', '2023-07-22',
      '--compare-days', '8',
      '--category', 'homicide',
      '--within', 'municipalities:nombre=San Luis Río Colorado',
      '--out', out,
      '--json',
      '--browser', CHROMIUM,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ out, pages: 1, pageSize: 'letter', orientation: 'portrait', analysisIds: [dbscanId, gistarId] });
    expect(json.millis).toBeGreaterThan(0);

    const info = pdfinfo(out);
    expect(info).toEqual({ pages: 1, width: 612, height: 792 });

    const text = pdftext(out);
    const flat = squeeze(text);
    expect(flat).toContain(squeeze('San Luis Río Colorado and Mexicali hotspots'));
    // The banner opens and closes the page (the reprint command in the provenance quotes it too).
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(lines[0]).toBe(BANNER);
    expect(lines[lines.length - 1]).toBe(BANNER);
    for (const entry of ['Homicides', 'Hot spot, 99 % confidence', 'DBSCAN cluster', 'International border']) expect(text).toContain(entry);
    expect(text).toMatch(/\b0\s[\s\S]*\b\d+ km\b/);
    expect(text).toContain('SYNTHETIC — demonstration data');
    expect(text).toMatch(/DTG \d{6}Z[A-Z]{3}\d{2}/);
    // The period comparison with its p-value (homicides only: 13 before, 6 after in SLRC).
    expect(flat).toContain(squeeze('Homicides fell from 13 to 6'));
    expect(flat).toContain(squeeze('categories homicide, within municipalities:nombre=San Luis Río Colorado:'));
    expect(flat).toMatch(/p=0\.\d+/);
    // Provenance: analysis ids, parameters, the workspace fingerprint.
    expect(flat).toContain(`Analysis${dbscanId}:DBSCAN`);
    expect(flat).toContain(`Analysis${gistarId}:Getis`);
    expect(flat).toContain('"eps":1500,"minPoints":8');
    expect(flat).toContain(fingerprint.slice(0, 16));

    const dpi = imageDpi(out);
    expect(Math.max(...dpi)).toBeGreaterThanOrEqual(250);

    // The map is not blank and shows the result colours.
    const img = raster(out, 100);
    expect(img.width).toBe(850);
    expect(countNear(img, CLUSTER_COLOR, 12)).toBeGreaterThan(150);
    expect(countNear(img, GI_BIN_COLORS[3], 16)).toBeGreaterThan(150);
    // Two banner bars in the UNCLASSIFIED green, each the printable width × ~0.2 in.
    expect(countNear(img, '#007a33', 10)).toBeGreaterThan(2 * 700 * 12);
    fs.writeFileSync(path.join(outDir, 'letter-portrait.txt'), text);

    const audit = backend.workspace.listAudit(20).find((a) => a.id === json.auditId);
    expect(audit).toMatchObject({ action: 'briefing.print', actor: 'cli', target: out });
    expect(audit!.details).toMatchObject({
      format: 'pdf',
      pages: 1,
      banner: BANNER,
      analysisIds: [dbscanId, gistarId],
      options: { analyses: [dbscanId, gistarId], compare: { split: '2023-07-22', days: 8 } },
    });
  }, 240_000);

  it('frontera brief --lang es prints the same page in Spanish: no English heading or label is left', async () => {
    const out = path.join(outDir, 'letter-portrait-es.pdf');
    const r = await runCli(briefCommand, [
      wsFile,
      '--analysis', String(dbscanId),
      '--analysis', String(gistarId),
      '--title', 'Puntos calientes en San Luis Río Colorado y Mexicali',
      '--banner', 'CONFIDENCIAL',
      '--compare-split', '2023-07-22',
      '--compare-days', '8',
      '--category', 'homicide',
      '--within', 'municipalities:nombre=San Luis Río Colorado',
      '--lang', 'es',
      '--out', out,
      '--json',
      '--browser', CHROMIUM,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { auditId: number };
    expect(pdfinfo(out).pages).toBe(1);
    const text = pdftext(out);
    const flat = squeeze(text);
    fs.writeFileSync(path.join(outDir, 'letter-portrait-es.txt'), text);
    // Where the English page says Legend, Homicides, Hot spot …, the Spanish one says it in Spanish.
    for (const words of [
      'LEYENDA', 'Homicidios', 'Punto caliente, 99 % de confianza', 'Clúster DBSCAN', 'Límite internacional',
      'CIFRAS CLAVE', 'Incidentes en la selección', 'Clústeres', 'Punto caliente #1',
      'MAPA DE UBICACIÓN', 'MÉXICO', 'ESTADOS UNIDOS', 'INCIDENTES POR SEMANA', 'FUENTES Y PROCEDENCIA',
      'DATOS SINTÉTICOS — solo para demostración', 'exacta a', '(centro del mapa)', 'Mapa base', 'Para reimprimir',
      'Los homicidios disminuyeron de 13 a 6', '(prueba exacta, p', `Análisis ${dbscanId}: Agrupamiento por densidad DBSCAN`,
    ]) expect(flat, words).toContain(squeeze(words));
    // The sentence's p-value, wherever the neighbouring column's words fall into it.
    expect(flat).toMatch(/pruebaexacta,p.{0,80}=0\.\d+\)\./);
    expect(text).toMatch(/GFH \d{6}Z[A-Z]{3}\d{2}/);
    // es-MX numbers and dates: thousands with a comma (the DBSCAN run's incidents), months named in Spanish.
    expect(flat).toMatch(/Incidentesenlaselección\d+/);
    expect(flat).toMatch(/\d{1,3},\d{3}incidentes,\d+%enclústeres/);
    expect(text).toContain('Del 1 ene 2023 al 31 dic 2023 (America/Tijuana)');
    expect(text).toMatch(/\b\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic) 2023\b/);
    // The analyst's title and banner, and the data's names, are printed as given.
    expect(flat).toContain(squeeze('Puntos calientes en San Luis Río Colorado y Mexicali'));
    expect(text.split('\n').map((l) => l.trim()).filter(Boolean)[0]).toBe('CONFIDENCIAL');
    expect(text).toContain('incidents');
    for (const english of [
      'LEGEND', 'KEY FIGURES', 'OVERVIEW', 'SOURCES AND PROVENANCE', 'INCIDENTS PER', 'Homicides', 'Hot spot', 'Hotspot',
      'DBSCAN cluster', 'International border', 'Incidents in selection', 'SYNTHETIC', 'true at', 'map centre',
      'DTG', 'Basemap', 'Workspace', 'Reprint', 'MEXICO', 'UNITED STATES', 'fell from', 'exact test',
    ]) expect(flat, english).not.toContain(squeeze(english));
    expect(backend.workspace.listAudit(20).find((a) => a.id === json.auditId)!.details).toMatchObject({ options: { language: 'es' } });

    // The page itself says what language it is in; an empty selection says so in Spanish.
    const empty = await printBriefing({ backend, browser, staticRoot, options: { from: '2030-01-01', language: 'es' }, out: path.join(outDir, 'empty-es.pdf'), format: 'pdf' });
    expect(empty.info.lang).toBe('es');
    expect(squeeze(pdftext(path.join(outDir, 'empty-es.pdf')))).toContain(squeeze('No hay incidentes en esta selección'));
  }, 240_000);

  it('prints A3 landscape with a scale bar true to the map at its centre (within 2 %)', async () => {
    const out = path.join(outDir, 'a3-landscape.pdf');
    const r = await printBriefing({
      backend,
      browser,
      staticRoot,
      options: {
        analyses: [gistarId],
        layers: ['incidents', 'roads', 'municipalities'],
        page: 'a3',
        orientation: 'landscape',
        bbox: [-115.1, 32.25, -114.55, 32.6],
        title: 'Gi* hot spots around San Luis Río Colorado',
      },
      out,
      format: 'pdf',
    });
    const info = pdfinfo(out);
    expect(info.pages).toBe(1);
    // Chromium rounds the sheet to whole device pixels: within a point of ISO A3.
    expect(Math.abs(info.width - 1190.55)).toBeLessThan(1);
    expect(Math.abs(info.height - 841.89)).toBeLessThan(1);

    // Independent of the page's formula: the ground length of the map's width along the centre
    // parallel (Mercator's scale is constant along a parallel) over its width in CSS px.
    const { map, scale } = r.info;
    const [west, , east] = map.bounds;
    const lat = map.center[1];
    const metresPerPx = (distance([west, lat], [east, lat], { units: 'kilometers' }) * 1000) / map.widthPx;
    expect(Math.abs(scale.metresPerPx / metresPerPx - 1)).toBeLessThan(0.02);
    expect(Math.abs((scale.barPx * metresPerPx) / scale.metres - 1)).toBeLessThan(0.02);
    expect(scale.label).toMatch(/^(1|2|5)(0*) (k?m)$/);
    // The bar as printed: its length on paper (points → CSS px at 72 pt = 96 px) times the
    // measured ground scale is the length its label claims.
    const printedPx = (printedBarLength(words(out), scale.label) * 96) / 72;
    expect(Math.abs(printedPx / scale.barPx - 1)).toBeLessThan(0.02);
    expect(Math.abs((printedPx * metresPerPx) / scale.metres - 1)).toBeLessThan(0.02);
    const text = pdftext(out);
    expect(text).toContain(scale.label);
    expect(text).toContain('roads');
    expect(text).toContain('municipalities');
    expect(squeeze(text)).toContain(`Analysis${gistarId}:Getis`);
    // On paper: 96 CSS px to the inch, so the bar's printed length is its px length / 96 in.
    expect(scale.barPx / 96).toBeGreaterThan(0.5);
    expect(map.pixelRatio * 96).toBeGreaterThanOrEqual(250);
    const img = raster(out, 100);
    expect(countNear(img, GI_BIN_COLORS[3], 16)).toBeGreaterThan(300);
    expect(r.info.mapErrors).toEqual([]);
  }, 240_000);

  it('prints an empty selection with a "No incidents in this selection" notice', async () => {
    const out = path.join(outDir, 'empty.pdf');
    const r = await runCli(briefCommand, [wsFile, '--from', '2030-01-01', '--out', out, '--browser', CHROMIUM]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('No incidents in this selection');
    expect(pdfinfo(out).pages).toBe(1);
    expect(squeeze(pdftext(out))).toContain(squeeze('No incidents in this selection'));
  }, 240_000);

  it('writes a 300 dpi PNG with --png', async () => {
    const out = path.join(outDir, 'letter.png');
    const r = await printBriefing({ backend, browser, staticRoot, options: { analyses: [dbscanId] }, out, format: 'png' });
    expect(r.pages).toBe(1);
    expect(r.info.lang).toBe('en');
    const png = fs.readFileSync(out);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(8.5 * 300);
    expect(png.readUInt32BE(20)).toBe(11 * 300);
  }, 240_000);

  it('fails a print whose page tries to reach beyond the local server, and names the address', async () => {
    // The built page with one foreign image added: the route handler must refuse and report it.
    const root = path.join(tmp, 'renderer-with-leak');
    fs.cpSync(staticRoot, root, { recursive: true });
    const page = path.join(root, 'briefing.html');
    fs.writeFileSync(page, fs.readFileSync(page, 'utf8').replace('<body>', '<body><img src="http://tiles.example.invalid/0/0/0.png" alt="">'));
    const out = path.join(outDir, 'leak.pdf');
    fs.rmSync(out, { force: true });
    await expect(printBriefing({ backend, browser, staticRoot: root, options: { from: '2030-01-01' }, out, format: 'pdf' })).rejects.toThrow(
      /outside the local server.*tiles\.example\.invalid/,
    );
    expect(fs.existsSync(out)).toBe(false);
  }, 240_000);

  it('frontera brief prints the view the app saved with the map unless --bbox or --fit says otherwise', async () => {
    const view = { center: [-114.77, 32.46] as [number, number], zoom: 11, bearing: 0, pitch: 0, bounds: [-114.95, 32.38, -114.6, 32.55] as [number, number, number, number] };
    await backend['mapState.save'](
      validateInput('mapState.save', {
        layers: [],
        view,
        timeWindow: null,
        panels: {
          activeLayerId: null,
          tableLayerId: null,
          analysisTool: null,
          analysisPanelOpen: true,
          shownAnalyses: [],
          timeline: { layerId: null, bin: 'week', collapsed: false, dayHour: false },
        },
        print: {},
      }),
    );
    try {
      const extentOf = async (args: string[]) => {
        const r = await runCli(briefCommand, [wsFile, '--out', path.join(outDir, 'saved-view.pdf'), '--json', '--browser', CHROMIUM, ...args]);
        expect(r.code, r.stderr).toBe(0);
        const json = JSON.parse(r.stdout) as { auditId: number; extent: string };
        const printed = backend.workspace.listAudit(50).find((a) => a.id === json.auditId)!.details.extent as number[];
        return { extent: json.extent, printed };
      };
      const saved = await extentOf([]);
      expect(saved.extent).toBe('saved view');
      expect(saved.printed).toEqual(view.bounds);
      const fit = await extentOf(['--fit']);
      expect(fit.extent).toBe('fit');
      expect(fit.printed[2] - fit.printed[0]).toBeGreaterThan(view.bounds[2] - view.bounds[0]);
      const given = await extentOf(['--bbox=-115.5,32.2,-114.5,32.8']);
      expect(given).toEqual({ extent: 'given', printed: [-115.5, 32.2, -114.5, 32.8] });
      await expect(runCli(briefCommand, [wsFile, '--fit', '--bbox=-115,32,-114,33', '--out', path.join(outDir, 'x.pdf')])).rejects.toThrow(/give one/);
    } finally {
      backend.workspace.connection.exec('DELETE FROM map_state');
    }
  }, 240_000);

  it('refuses a briefing of an unknown analysis before starting a browser', async () => {
    await expect(runCli(briefCommand, [wsFile, '--analysis', '999', '--out', path.join(outDir, 'x.pdf')])).rejects.toThrow(/no analysis 999/);
    await expect(runCli(briefCommand, [wsFile, '--lang', 'fr', '--out', path.join(outDir, 'x.pdf')])).rejects.toThrow(/--lang must be en or es, got "fr"/);
    await expect(runCli(briefCommand, [wsFile, '--out', path.join(outDir, 'x.pdf'), '--browser', '/nonexistent/chrome'])).rejects.toThrow(
      /browser not found/,
    );
  });
});
