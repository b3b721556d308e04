/**
 * The back end behind every host (Electron IPC, the loopback web server, the CLI): the typed
 * Api over one open Workspace. Kept thin: each method validates nothing itself (hosts validate
 * with the contract's schemas) and delegates to a module. Calls run one at a time, because an
 * import holds the connection's write transaction across event-loop turns.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { Api, ApiInput, ApiOutput, CallContext, LayerInfo, WorkspaceInfo } from '../../shared/api/contract.ts';
import { Workspace } from './store/workspace.ts';
import type { WorkspaceStore } from './store/store.ts';
import { readFeatures } from './store/store.ts';
import { SqliteStore } from './store/sqliteStore.ts';
import { openStore } from './store/openStore.ts';
import { SCHEMA_VERSION } from './store/migrations.ts';
import { importFiles, previewFile } from './importer.ts';
import { exportItems, exportLayer } from './export/layerExport.ts';
import { exportAnalysis } from './export/analysisExport.ts';
import { formatsInfo } from './formats/registry.ts';
import type { BriefingPrinter } from './briefing/printer.ts';
import { readSavedMapState } from './savedMapState.ts';
import { UserError } from '../../shared/errors.ts';
import { prepareRun, saveRun } from './analysis/analysisService.ts';
import { runInWorker } from './analysis/runInWorker.ts';
import { toDetail, toListing } from './analysis/analysisResults.ts';
import { runCompare } from './analysis/compareService.ts';
import { runTimeline } from './analysis/timelineService.ts';
import { suggestEpsFor } from './analysis/suggestEpsService.ts';
import { layerSummary } from './analysis/summaryService.ts';
import { bufferLayer } from './layerBuffer.ts';
import { distancesLayer } from './layerDistances.ts';
import { layerFieldValues } from './layerFieldValues.ts';
import { layerLabels, setLayerLabels } from './layerLabels.ts';
import { publishToTeam } from './teamPublish.ts';
import { briefingModel, checkBriefingOptions } from './briefing/briefingModel.ts';
import { PointCache } from './pointCache.ts';
import { binPoints } from '../../shared/geo/viewBins.ts';
import { compileFilter } from '../../shared/analysis/attributeFilter.ts';
import type { FeatureFilter } from './store/featureFilter.ts';

/** What the host running the back end lends it. */
/** A query's attribute filter as the store's predicate, typed by the layer's fields. */
function whereFilter(layer: LayerInfo, where: string | undefined): { where?: FeatureFilter['where'] } {
  return where ? { where: compileFilter(where, layer.fields, layer.name) } : {};
}

export interface BackendHost {
  /** Prints briefings with the host's browser engine; absent, `briefing.print` says printing is unavailable. */
  printBriefing?: BriefingPrinter;
}

export class Backend implements Api {
  private queue: Promise<unknown> = Promise.resolve();
  /** Big point layers' columns for the map's view bins (dropped with the layer). */
  private readonly points = new PointCache();

  /** The workspace, whatever engine holds it (store/store.ts). */
  readonly store: WorkspaceStore;

  constructor(
    store: WorkspaceStore | Workspace,
    private readonly host: BackendHost = {},
  ) {
    this.store = store instanceof Workspace ? new SqliteStore(store) : store;
  }

  /** The SQLite workspace underneath, for tests and tools that read a file directly; a team workspace has none. */
  get workspace(): Workspace {
    if (!(this.store instanceof SqliteStore)) throw new Error(`${this.store.location} is a team workspace, not an SQLite file`);
    return this.store.workspace;
  }

  /** Runs calls in arrival order; a failed call does not block the ones after it. */
  protected serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Closes the workspace (a team workspace's connections: await it before the process ends). */
  close(): Promise<void> {
    return this.store.close();
  }

  'workspace.info'(_input: ApiInput<'workspace.info'>): Promise<WorkspaceInfo> {
    return this.serial(async () => ({
      path: this.store.location,
      timezone: await this.store.timezone(),
      layerCount: (await this.store.listLayers()).length,
      fingerprint: await this.store.fingerprint(),
      schemaVersion: this.store.engine === 'sqlite' ? SCHEMA_VERSION : await this.store.schemaVersion(),
      engine: this.store.engine,
      readOnly: this.store.readOnly,
      ...(this.store.role !== null ? { role: this.store.role } : {}),
    }));
  }

  'layers.list'(_input: ApiInput<'layers.list'>): Promise<ApiOutput<'layers.list'>> {
    return this.serial(async () => {
      const layers = await this.store.listLayers();
      this.points.retain(layers);
      return layers;
    });
  }

  'layers.get'(input: ApiInput<'layers.get'>): Promise<ApiOutput<'layers.get'>> {
    return this.serial(() => this.store.getLayer(input.layerId));
  }

  'layers.remove'(input: ApiInput<'layers.remove'>, ctx: CallContext = {}): Promise<ApiOutput<'layers.remove'>> {
    return this.serial(async () => {
      this.points.drop(input.layerId);
      return { removed: await this.store.removeLayer(input.layerId, ctx.actor ?? 'system') };
    });
  }

  'layers.features'(input: ApiInput<'layers.features'>): Promise<FeatureCollection<Geometry | null>> {
    return this.serial(async () => {
      const layer = await this.store.getLayer(input.layerId);
      const { layerId, where, ...rest } = input;
      const filter = { ...rest, ...whereFilter(layer, where) };
      const features = [];
      for (const f of await readFeatures(this.store, layerId, filter)) {
        features.push({
          type: 'Feature' as const,
          id: f.id,
          geometry: f.geometry,
          properties: {
            ...f.properties,
            $sourceIndex: f.sourceIndex,
            $time: f.time,
            $timePrecision: f.timePrecision,
            $category: f.category,
            $quantity: f.quantity,
            $unit: f.unit,
            ...(f.timeEnd != null ? { $timeEnd: f.timeEnd, $timeEndPrecision: f.timeEndPrecision } : {}),
            ...(f.precision != null ? { $precision: f.precision } : {}),
          },
        });
      }
      return { type: 'FeatureCollection', features };
    });
  }

  'layers.summary'(input: ApiInput<'layers.summary'>): Promise<ApiOutput<'layers.summary'>> {
    return this.serial(() => layerSummary(this.store, input));
  }

  'layers.buffer'(input: ApiInput<'layers.buffer'>, ctx: CallContext = {}): Promise<ApiOutput<'layers.buffer'>> {
    return this.serial(() => bufferLayer(this.store, input, ctx.actor ?? 'system'));
  }

  'layers.distances'(input: ApiInput<'layers.distances'>, ctx: CallContext = {}): Promise<ApiOutput<'layers.distances'>> {
    return this.serial(() => distancesLayer(this.store, input, ctx.actor ?? 'system'));
  }

  'layers.labels'(input: ApiInput<'layers.labels'>): Promise<ApiOutput<'layers.labels'>> {
    return this.serial(() => layerLabels(this.store, input));
  }

  'layers.setLabels'(input: ApiInput<'layers.setLabels'>, ctx: CallContext = {}): Promise<ApiOutput<'layers.setLabels'>> {
    return this.serial(() => setLayerLabels(this.store, input, ctx.actor ?? 'system'));
  }

  'layers.fieldValues'(input: ApiInput<'layers.fieldValues'>): Promise<ApiOutput<'layers.fieldValues'>> {
    return this.serial(() => layerFieldValues(this.store, input));
  }

  'layers.count'(input: ApiInput<'layers.count'>): Promise<ApiOutput<'layers.count'>> {
    return this.serial(async () => {
      const layer = await this.store.getLayer(input.layerId);
      const { layerId, limit: _limit, offset: _offset, sort: _sort, where, ...rest } = input;
      const filter = { ...rest, ...whereFilter(layer, where) };
      const unfiltered = Object.values(filter).every((v) => v === undefined || v === '');
      return { count: unfiltered ? layer.featureCount : await this.store.countFeatures(layerId, filter) };
    });
  }

  /**
   * From the point cache: a warm layer is binned at once, without waiting behind other calls (a
   * pan must not wait for an analysis to be stored); a cold one is read in turn with the rest.
   */
  async 'layers.bins'(input: ApiInput<'layers.bins'>): Promise<ApiOutput<'layers.bins'>> {
    const { layerId, where, ...options } = input;
    const warm = this.points.peek(layerId, where);
    if (warm) return binPoints(warm, options);
    return this.serial(async () => {
      const layer = await this.store.getLayer(layerId);
      return binPoints(await this.points.get(this.store, layer, where), options);
    });
  }

  'import.preview'(input: ApiInput<'import.preview'>): Promise<ApiOutput<'import.preview'>> {
    return this.serial(() => previewFile(input.path, input.options));
  }

  'import.run'(input: ApiInput<'import.run'>, ctx: CallContext = {}): Promise<ApiOutput<'import.run'>> {
    return this.serial(() => {
      this.points.drop();
      return importFiles(this.store, input.paths, input.options, ctx);
    });
  }

  'export.layer'(input: ApiInput<'export.layer'>, ctx: CallContext = {}): Promise<ApiOutput<'export.layer'>> {
    return this.serial(() => exportLayer(this.store, input.layerId, input.out, ctx, input.format));
  }

  'export.items'(input: ApiInput<'export.items'>, ctx: CallContext = {}): Promise<ApiOutput<'export.items'>> {
    return this.serial(() => exportItems(this.store, input.layers, input.analyses, input.out, ctx, input.format));
  }

  'formats.list'(_input: ApiInput<'formats.list'>): Promise<ApiOutput<'formats.list'>> {
    return Promise.resolve(formatsInfo());
  }

  'export.analysis'(input: ApiInput<'export.analysis'>, ctx: CallContext = {}): Promise<ApiOutput<'export.analysis'>> {
    return this.serial(() => exportAnalysis(this.store, input.id, input.out, ctx, input.format));
  }

  /** Reads and stores in turn with other calls; the computation itself runs on a worker thread. */
  async 'analysis.run'(input: ApiInput<'analysis.run'>, ctx: CallContext = {}): Promise<ApiOutput<'analysis.run'>> {
    const prep = await this.serial(() => prepareRun(this.store, input));
    const output = await runInWorker(prep.req, prep.input, { onProgress: ctx.onProgress, signal: ctx.signal });
    return this.serial(() => saveRun(this.store, prep, output, ctx.actor ?? 'app'));
  }

  'analysis.list'(_input: ApiInput<'analysis.list'>): Promise<ApiOutput<'analysis.list'>> {
    return this.serial(async () => (await this.store.listAnalyses()).map(toListing));
  }

  'analysis.get'(input: ApiInput<'analysis.get'>): Promise<ApiOutput<'analysis.get'>> {
    return this.serial(async () => toDetail(await this.store.getAnalysis(input.id)));
  }

  'analysis.compare'(input: ApiInput<'analysis.compare'>): Promise<ApiOutput<'analysis.compare'>> {
    return this.serial(() => runCompare(this.store, input));
  }

  'analysis.timeline'(input: ApiInput<'analysis.timeline'>): Promise<ApiOutput<'analysis.timeline'>> {
    return this.serial(() => runTimeline(this.store, input));
  }

  'analysis.suggestEps'(input: ApiInput<'analysis.suggestEps'>): Promise<ApiOutput<'analysis.suggestEps'>> {
    return this.serial(() => suggestEpsFor(this.store, input));
  }

  'briefing.model'(input: ApiInput<'briefing.model'>): Promise<ApiOutput<'briefing.model'>> {
    return this.serial(() => briefingModel(this.store, input));
  }

  /**
   * Not queued behind other calls as a whole: the printing page asks this back end for its
   * model while the print is under way, and would wait on itself.
   */
  async 'briefing.print'(input: ApiInput<'briefing.print'>, ctx: CallContext = {}): Promise<ApiOutput<'briefing.print'>> {
    const print = this.host.printBriefing;
    if (!print) throw new UserError('printing a briefing is not available in this window; use the Frontera app or `frontera brief`');
    // The request's mistakes (unknown analysis or layer, bad dates) surface before a page opens.
    await this.serial(() => checkBriefingOptions(this.store, input.options));
    return print(this, { options: input.options, out: input.out, format: input.format, actor: ctx.actor ?? 'app' });
  }

  'mapState.get'(_input: ApiInput<'mapState.get'>): Promise<ApiOutput<'mapState.get'>> {
    return this.serial(() => readSavedMapState(this.store));
  }

  'mapState.save'(input: ApiInput<'mapState.save'>, ctx: CallContext = {}): Promise<ApiOutput<'mapState.save'>> {
    return this.serial(async () => ({ savedAt: await this.store.saveMapState(JSON.stringify(input), ctx.actor ?? 'app') }));
  }

  /** Reads this workspace in turn with other calls; writes only the team workspace it names. */
  'team.publish'(input: ApiInput<'team.publish'>, ctx: CallContext = {}): Promise<ApiOutput<'team.publish'>> {
    return this.serial(() => publishToTeam(this.store, input, ctx));
  }

  'audit.list'(input: ApiInput<'audit.list'>): Promise<ApiOutput<'audit.list'>> {
    return this.serial(() => this.store.listAudit(input.limit ?? 100));
  }
}

/** The back end over a workspace file, opened at once (tests, the demo); openWorkspace takes any workspace. */
export function openBackend(path: string, opts: { create?: boolean } & BackendHost = {}): Backend {
  const { printBriefing, ...open } = opts;
  return new Backend(Workspace.open(path, open), { printBriefing });
}

/** The back end over any workspace: a file's path, or a team workspace's postgresql:// URL. */
export async function openWorkspace(location: string, opts: { create?: boolean; password?: string } & BackendHost = {}): Promise<Backend> {
  const { printBriefing, ...open } = opts;
  return new Backend(await openStore(location, open), { printBriefing });
}
