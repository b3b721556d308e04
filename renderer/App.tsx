import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { ImportSummary, LayerInfo, WorkspaceInfo } from '../shared/api/contract.ts';
import type { MapState, MapViewState, PrintDefaults } from '../shared/api/mapState.ts';
import { AnalysisPanel } from './analysis/AnalysisPanel.tsx';
import { useAnalysisResults } from './analysis/results.ts';
import { ApiCallError, type ApiClient } from './api/client.ts';
import type { OutputSink } from './api/outputs.ts';
import { PAGE_SIZE, loadLayerFeatures } from './api/layerData.ts';
import { commandHandlers, useAppCommands } from './commands.ts';
import { ExportDialog, type ExportTarget } from './export/ExportDialog.tsx';
import type { MapController } from './map/MapController.ts';
import { MapView } from './map/MapView.tsx';
import { MapToolbar } from './map/MapToolbar.tsx';
import { showFeaturePopup } from './map/featurePopup.ts';
import { geometryBBox, panIntoView, setSelectionHighlight, unionBBox, zoomToBBox } from './map/selection.ts';
import { selectOnly, selectRows, toggleSelected, type Selection } from './map/selectionModel.ts';
import { BinsLegend } from './map/BinsLegend.tsx';
import { isViewportLayer } from './map/layerStyle.ts';
import { viewOf } from './map/viewState.ts';
import { ViewportLoader, type ViewportState } from './map/viewportLoader.ts';
import { defaultStyle, existingId, toSaved } from './mapState/mapStateModel.ts';
import { useOpeningState, useSaveMapState } from './mapState/useMapStatePersistence.ts';
import { AttributeTable } from './panels/AttributeTable.tsx';
import { ImportDialog, type FileSource } from './panels/ImportDialog.tsx';
import { LayerPanel, type LayerStyle } from './panels/LayerPanel.tsx';
import { StatusBar } from './panels/StatusBar.tsx';
import { arrangeLayers, moveLayer, reorderLayer } from './panels/layerOrder.ts';
import { PrintDialog } from './print/PrintDialog.tsx';
import { DEFAULT_TIMELINE_PANEL, Timeline, type TimelinePanel } from './timeline/Timeline.tsx';
import { applyTimeWindow } from './timeline/mapFilter.ts';
import type { TimeWindow } from './timeline/timeWindow.ts';

export interface AppProps {
  api: ApiClient;
  files: FileSource;
  /** Where exports and printed briefings go: a save dialog (desktop) or a download (browser). */
  outputs: OutputSink;
  basemapBase: string;
  /** Menu commands from the Electron main process; absent in the browser, which answers the shortcuts itself. */
  subscribeCommands?: (listener: (command: string) => void) => () => void;
}

type LayerData = FeatureCollection<Geometry | null>;

const NO_IDS: ReadonlySet<number> = new Set();

function describe(e: unknown): string {
  if (e instanceof ApiCallError) return e.userFacing ? e.message : 'Internal error in the back end (see its log).';
  return (e as Error)?.message ?? String(e);
}

export function App({ api, files, outputs, basemapBase, subscribeCommands }: AppProps) {
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  const [layers, setLayers] = useState<LayerInfo[]>([]);
  const [styles, setStyles] = useState<Map<number, LayerStyle>>(new Map());
  const [data, setData] = useState<Map<number, LayerData>>(new Map());
  const [activeLayerId, setActiveLayerId] = useState<number | null>(null);
  const [tableLayerId, setTableLayerId] = useState<number | null>(null);
  /** Features of one layer (selectionModel.ts); the table may since show another layer, or be closed. */
  const [selection, setSelection] = useState<Selection | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [printOpen, setPrintOpen] = useState(false);
  /** The Export dialog, opened on a layer or an analysis (or on nothing chosen yet), or closed. */
  const [exporting, setExporting] = useState<{ target: ExportTarget | null } | null>(null);
  const [cursor, setCursor] = useState<{ lng: number; lat: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [controller, setController] = useState<MapController | null>(null);
  const [order, setOrder] = useState<number[]>([]);
  /** The timeline brush's window: filters the incident layers and is every analysis's default selection. */
  const [timeWindow, setTimeWindow] = useState<TimeWindow | null>(null);
  const [timelinePanel, setTimelinePanel] = useState<TimelinePanel>(DEFAULT_TIMELINE_PANEL);
  const [analysisTool, setAnalysisTool] = useState<string | null>(null);
  const [analysisPanelOpen, setAnalysisPanelOpen] = useState(true);
  const [analysisFocus, setAnalysisFocus] = useState(0);
  const [measureToggles, setMeasureToggles] = useState(0);
  const [view, setView] = useState<MapViewState | null>(null);
  const [printDefaults, setPrintDefaults] = useState<PrintDefaults>({});
  const results = useAnalysisResults(controller);
  const loading = useRef(new Set<string>());
  const [viewport, setViewport] = useState<ViewportLoader | null>(null);
  const [viewportStates, setViewportStates] = useState<ViewportState[]>([]);

  // ---------- the saved map state: restored once, then saved on every change ----------
  const opening = useOpeningState(api, (e) => setMessage(describe(e)));
  /** True once the saved state is applied: only then does saving start (never over it with defaults). */
  const [restored, setRestored] = useState(false);

  const refreshLayers = useCallback(async () => {
    try {
      const [info, list] = await Promise.all([api['workspace.info']({}), api['layers.list']({})]);
      setWorkspace(info);
      setLayers(list);
      setOrder((prev) => arrangeLayers(prev, list));
      setStyles((prev) => new Map(list.map((l) => [l.id, prev.get(l.id) ?? defaultStyle(l.id)])));
    } catch (e) {
      setMessage(describe(e));
    }
  }, [api]);

  useEffect(() => {
    if (!opening) return;
    const { layers: list, saved } = opening;
    setWorkspace(opening.workspace);
    setLayers(list);
    setOrder(opening.order);
    setStyles(opening.styles);
    if (saved) {
      const p = saved.panels;
      setView(saved.view);
      setTimeWindow(saved.timeWindow);
      setActiveLayerId(existingId(p.activeLayerId, list));
      setTableLayerId(existingId(p.tableLayerId, list));
      setAnalysisTool(p.analysisTool);
      setAnalysisPanelOpen(p.analysisPanelOpen);
      setTimelinePanel({ ...p.timeline, layerId: existingId(p.timeline.layerId, list) });
      setPrintDefaults(saved.print);
    }
    // Bottom first, as each is shown on top of the last.
    for (const { detail, visible } of [...opening.shown].reverse()) {
      results.show(detail);
      if (!visible) results.toggle(detail.id);
    }
    setRestored(true);
    // Applied once, when the opening state has loaded; `results` keeps stable callbacks.
  }, [opening]);

  // The saved view, once the map exists; later moves are followed into `view`.
  useEffect(() => {
    if (!controller || !restored) return;
    if (view) controller.map.jumpTo({ center: view.center, zoom: view.zoom, bearing: view.bearing, pitch: view.pitch });
    const onMove = () => setView(viewOf(controller.map));
    controller.map.on('moveend', onMove);
    return () => void controller.map.off('moveend', onMove);
    // `view` is read once, when the map and the restore are both ready.
  }, [controller, restored]);

  const mapState: MapState | null = useMemo(
    () =>
      restored
        ? toSaved({
            order,
            styles,
            view,
            timeWindow,
            activeLayerId,
            tableLayerId,
            analysisTool,
            analysisPanelOpen,
            shownAnalyses: results.shown.map((r) => ({ id: r.detail.id, visible: r.visible })),
            timeline: timelinePanel,
            print: printDefaults,
          })
        : null,
    [restored, order, styles, view, timeWindow, activeLayerId, tableLayerId, analysisTool, analysisPanelOpen, results.shown, timelinePanel, printDefaults],
  );
  useSaveMapState(api, mapState, (e) => setMessage(`The map state could not be saved: ${describe(e)}`));

  // ---------- layers on the map ----------

  // Fetch each layer's features once per fingerprint; the controller skips unchanged versions.
  useEffect(() => {
    for (const layer of layers) {
      const key = `${layer.id}:${layer.fingerprint}`;
      // Big point layers are never loaded whole: the viewport loader fetches the view's bins or points.
      if (isViewportLayer(layer) || loading.current.has(key)) continue;
      loading.current.add(key);
      loadLayerFeatures(api, layer, {
        onPage: (fc, loaded) => {
          setData((prev) => new Map(prev).set(layer.id, fc));
          if (layer.featureCount > PAGE_SIZE) {
            setMessage(
              loaded < layer.featureCount
                ? `Loading ${layer.name}: ${loaded.toLocaleString('en-US')} of ${layer.featureCount.toLocaleString('en-US')} features…`
                : `${layer.name}: ${loaded.toLocaleString('en-US')} features loaded.`,
            );
          }
        },
      }).catch((e) => setMessage(`${layer.name}: ${describe(e)}`));
    }
  }, [api, layers]);

  useEffect(() => {
    if (!controller) return;
    const ordered = order.flatMap((id) => layers.filter((l) => l.id === id));
    controller.setLayers(
      ordered.flatMap((l) => {
        const s = styles.get(l.id);
        return s ? [{ id: l.id, geometryType: l.geometryType, featureCount: l.featureCount, ...s }] : [];
      }),
    );
    for (const l of ordered) {
      const fc = data.get(l.id);
      // The version changes with every page that arrives, and with the layer's content.
      if (fc) controller.setLayerData(l.id, fc, `${l.fingerprint}:${fc.features.length}`);
    }
  }, [controller, layers, styles, data, order]);

  useEffect(() => {
    if (!controller) return;
    const loader = new ViewportLoader(controller, api, setViewportStates, (l, e) => setMessage(`${l.name}: ${describe(e)}`));
    setViewport(loader);
    return () => loader.destroy();
  }, [controller, api]);

  // After the layer effect above (effects run in order), so the bins source exists when data arrive.
  useEffect(() => {
    viewport?.setLayers(layers);
  }, [viewport, layers]);

  useEffect(() => {
    viewport?.setFilter(timeWindow ? { from: timeWindow.from, to: timeWindow.to } : {});
  }, [viewport, timeWindow]);

  // After the controller has (re)made the layers: the time window as a filter on incident layers.
  useEffect(() => {
    if (controller) applyTimeWindow(controller, layers, timeWindow);
  }, [controller, layers, styles, data, order, timeWindow]);

  // ---------- selection ----------

  // The selection, highlighted on the map whichever way it was made (table rows or map clicks):
  // the app's own copy of a feature where it holds the layer, else the one the click gave.
  const selected = useMemo(() => {
    if (!selection) return [];
    const held = data.get(selection.layerId)?.features;
    const byId = held ? new Map(held.map((f) => [Number(f.id), f])) : null;
    return selection.ids.flatMap((id) => byId?.get(id) ?? selection.features.get(id) ?? []);
  }, [data, selection]);
  useEffect(() => {
    if (controller) setSelectionHighlight(controller.map, selected);
  }, [controller, selected, layers, order]);
  const zoomToSelection = useCallback(() => {
    const b = unionBBox(selected.map((f) => geometryBBox(f.geometry)));
    if (b && controller) zoomToBBox(controller.map, b);
  }, [selected, controller]);

  const zoomTo = useCallback(
    (id: number) => {
      const bbox = layers.find((l) => l.id === id)?.bbox;
      if (bbox && controller) controller.fitBounds(bbox);
    },
    [layers, controller],
  );

  // ---------- commands: the desktop menu, or the keyboard in the browser shell ----------

  const handlers = commandHandlers({
    openImport: () => setImportOpen(true),
    openExport: () => setExporting({ target: activeLayerId !== null ? { layerId: activeLayerId } : null }),
    openPrint: () => setPrintOpen(true),
    zoomToRegion: () => controller?.zoomToRegion(),
    toggleTable: () => setTableLayerId((id) => (id === null ? activeLayerId : null)),
    toggleMeasure: () => setMeasureToggles((n) => n + 1),
    zoomToSelection: () => {
      if (selected.length > 0) zoomToSelection();
    },
    showAnalysisPanel: () => {
      setAnalysisPanelOpen(true);
      setAnalysisFocus((n) => n + 1);
    },
  });
  useAppCommands(subscribeCommands, handlers);

  const onImported = (summaries: ImportSummary[]) => {
    setImportOpen(false);
    const total = summaries.reduce((n, s) => n + s.featureCount, 0);
    const skipped = summaries.reduce((n, s) => n + s.skippedCount, 0);
    setMessage(`Imported ${total.toLocaleString('en-US')} features${skipped ? `, skipped ${skipped}` : ''}.`);
    void refreshLayers().then(() => {
      const last = summaries[summaries.length - 1];
      if (last?.bbox && controller) controller.fitBounds(last.bbox);
      if (last) setActiveLayerId(last.layerId);
    });
  };

  const layersInOrder = order.flatMap((id) => layers.filter((l) => l.id === id));
  const tableLayer = layers.find((l) => l.id === tableLayerId) ?? null;

  return (
    <div className={analysisPanelOpen ? 'app' : 'app analysis-collapsed'}>
      <LayerPanel
        layers={layersInOrder}
        onMove={(id, delta) => setOrder((prev) => moveLayer(prev, id, delta))}
        onReorder={(id, index) => setOrder((prev) => reorderLayer(prev, id, index))}
        styles={styles}
        activeLayerId={activeLayerId}
        onSelect={setActiveLayerId}
        onStyle={(id, patch) =>
          setStyles((prev) => {
            const cur = prev.get(id);
            return cur ? new Map(prev).set(id, { ...cur, ...patch }) : prev;
          })
        }
        onZoomTo={zoomTo}
        onShowTable={(id) => setTableLayerId(id)}
        onExport={(id) => setExporting({ target: { layerId: id } })}
        onRemove={async (id) => {
          try {
            await api['layers.remove']({ layerId: id });
            if (tableLayerId === id) setTableLayerId(null);
            if (activeLayerId === id) setActiveLayerId(null);
            setSelection((sel) => (sel?.layerId === id ? null : sel));
            for (const r of results.shown) if (r.detail.layerId === id) results.remove(r.detail.id);
            setData((prev) => {
              const next = new Map(prev);
              next.delete(id);
              return next;
            });
            await refreshLayers();
          } catch (e) {
            setMessage(describe(e));
          }
        }}
        onImport={() => setImportOpen(true)}
        onPrint={() => setPrintOpen(true)}
        onZoomRegion={() => controller?.zoomToRegion()}
      />
      <main className="centre">
        <MapView
          basemapBase={basemapBase}
          onReady={setController}
          onCursor={setCursor}
          onFeatureClick={(layerId, featureId, at, hitProps, geometry, additive) => {
            setActiveLayerId(layerId);
            setTableLayerId(layerId);
            const f = data.get(layerId)?.features.find((x) => Number(x.id) === featureId);
            const feature = f ?? (geometry ? { type: 'Feature' as const, id: featureId, geometry, properties: hitProps } : null);
            if (additive) {
              setSelection((sel) => toggleSelected(sel, layerId, featureId, feature));
              return;
            }
            setSelection(selectOnly(layerId, featureId, feature));
            const layer = layers.find((l) => l.id === layerId);
            if (layer && controller) showFeaturePopup(controller.map, at, layer, featureId, (f?.properties as Record<string, unknown> | undefined) ?? hitProps);
          }}
        />
        <MapToolbar controller={controller} hasSelection={selected.length > 0} onZoomSelection={zoomToSelection} measureToggles={measureToggles} />
        <BinsLegend states={viewportStates.filter((v) => styles.get(v.layerId)?.visible)} layers={layers} />
        {tableLayer && (
          <AttributeTable
            layer={tableLayer}
            data={data.get(tableLayer.id) ?? null}
            remote={isViewportLayer(tableLayer)}
            api={api}
            selectedIds={selection?.layerId === tableLayer.id ? new Set(selection.ids) : NO_IDS}
            anchorId={selection?.layerId === tableLayer.id ? selection.anchor : null}
            onSelect={(fid, row, mode) => {
              setSelection((sel) => (mode === 'toggle' ? toggleSelected(sel, tableLayer.id, fid, row) : selectOnly(tableLayer.id, fid, row)));
              const f = data.get(tableLayer.id)?.features.find((x) => Number(x.id) === fid) ?? row;
              const b = geometryBBox(f.geometry);
              // Off screen: brought into view at the same zoom ("zoom to selection" frames it).
              if (b && controller) panIntoView(controller.map, b);
            }}
            onSelectRows={(rows, anchor) => setSelection(selectRows(tableLayer.id, rows, anchor))}
            onClearSelection={() => setSelection(null)}
            onClose={() => setTableLayerId(null)}
          />
        )}
        <Timeline
          api={api}
          layers={layers}
          tz={workspace?.timezone ?? 'UTC'}
          window={timeWindow}
          onWindow={setTimeWindow}
          panel={timelinePanel}
          onPanel={setTimelinePanel}
        />
        <StatusBar cursor={cursor} workspace={workspace?.path ?? null} message={message} />
      </main>
      <AnalysisPanel
        api={api}
        layers={layers}
        activeLayerId={activeLayerId}
        refreshLayers={refreshLayers}
        zoomTo={zoomTo}
        controller={controller}
        timeWindow={timeWindow}
        timezone={workspace?.timezone}
        results={results}
        openTool={analysisTool}
        onOpenTool={setAnalysisTool}
        expanded={analysisPanelOpen}
        onExpanded={setAnalysisPanelOpen}
        focusKey={analysisFocus}
        onExport={(id) => setExporting({ target: { analysisId: id } })}
      />
      {importOpen && <ImportDialog api={api} files={files} onImported={onImported} onClose={() => setImportOpen(false)} />}
      {exporting && (
        <ExportDialog
          api={api}
          outputs={outputs}
          layers={layersInOrder}
          target={exporting.target}
          onDone={(m) => {
            setExporting(null);
            setMessage(m);
          }}
          onClose={() => setExporting(null)}
        />
      )}
      {printOpen && (
        <PrintDialog
          api={api}
          outputs={outputs}
          layers={layersInOrder}
          visibleLayerIds={layersInOrder.filter((l) => styles.get(l.id)?.visible).map((l) => l.id)}
          shownAnalysisIds={results.shown.filter((r) => r.visible).map((r) => r.detail.id)}
          view={controller ? viewOf(controller.map) : view}
          timeWindow={timeWindow}
          timezone={workspace?.timezone ?? 'UTC'}
          defaults={printDefaults}
          onDefaults={setPrintDefaults}
          basemapBase={basemapBase}
          onDone={(m) => {
            setPrintOpen(false);
            setMessage(m);
          }}
          onClose={() => setPrintOpen(false)}
        />
      )}
    </div>
  );
}
