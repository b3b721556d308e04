/**
 * The app's window: the layer panel, the map with its tools, table and timeline, the analysis
 * panel and the dialogs — wired together here; the state each part keeps lives in its hook
 * (renderer/app/), the map as the analyst left it is restored and saved (renderer/mapState/).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ImportSummary, LayerInfo } from '../shared/api/contract.ts';
import type { MapState, MapViewState, PrintDefaults } from '../shared/api/mapState.ts';
import { AnalysisPanel } from './analysis/AnalysisPanel.tsx';
import { useAnalysisResults } from './analysis/results.ts';
import type { ApiClient } from './api/client.ts';
import type { OutputSink } from './api/outputs.ts';
import { AppDialogs, type AppDialogsProps, type OpenDialog } from './app/AppDialogs.tsx';
import { describeError } from './analysis/errors.ts';
import { useMapLayers } from './app/useMapLayers.ts';
import { useSelection } from './app/useSelection.ts';
import { commandHandlers, useAppCommands } from './commands.ts';
import type { MapController } from './map/MapController.ts';
import { MapView } from './map/MapView.tsx';
import { MapToolbar } from './map/MapToolbar.tsx';
import { showFeaturePopup } from './map/featurePopup.ts';
import { goToCoordinate } from './map/goToCoordinate.ts';
import { geometryBBox, panIntoView } from './map/selection.ts';
import { selectOnly, selectRows, toggleSelected } from './map/selectionModel.ts';
import { BinsLegend } from './map/BinsLegend.tsx';
import { StyleLegend } from './legend/StyleLegend.tsx';
import { isViewportLayer } from './map/layerStyle.ts';
import { viewOf } from './map/viewState.ts';
import { existingId, toSaved } from './mapState/mapStateModel.ts';
import { useOpeningState, useSaveMapState } from './mapState/useMapStatePersistence.ts';
import { AttributeTable } from './panels/AttributeTable.tsx';
import type { FileSource } from './panels/ImportDialog.tsx';
import { importedMessage } from './import/importMessages.ts';
import { useWords } from './i18n/language.tsx';
import { LayerPanel } from './panels/LayerPanel.tsx';
import { StatusBar } from './panels/StatusBar.tsx';
import { moveLayer, reorderLayer } from './panels/layerOrder.ts';
import { DEFAULT_TIMELINE_PANEL, Timeline, type TimelinePanel } from './timeline/Timeline.tsx';
import type { TimeWindow } from './timeline/timeWindow.ts';

export interface AppProps {
  api: ApiClient;
  files: FileSource;
  /** Where exports and printed briefings go: a save dialog (desktop) or a download (browser). */
  outputs: OutputSink;
  basemapBase: string;
  /** Menu commands from the Electron main process; absent in the browser, which answers the shortcuts itself. */
  subscribeCommands?: (listener: (command: string) => void) => () => void;
  /** Open team workspace… in the desktop app (main opens it); absent in the browser shell. */
  openTeam?: AppDialogsProps['openTeam'];
}

const NO_IDS: ReadonlySet<number> = new Set();

export function App({ api, files, outputs, basemapBase, subscribeCommands, openTeam }: AppProps) {
  const words = useWords();
  const { t, num } = words;
  const [controller, setController] = useState<MapController | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [cursor, setCursor] = useState<{ lng: number; lat: number } | null>(null);
  /** The timeline brush's window: filters the incident layers and is every analysis's default selection. */
  const [timeWindow, setTimeWindow] = useState<TimeWindow | null>(null);
  const map = useMapLayers(api, controller, timeWindow, setMessage);
  const { workspace, layers, layersInOrder, styles, setStyles, order, setOrder, data, refreshLayers } = map;
  const { selection, setSelection, selected, zoomToSelection } = useSelection(controller, data, layers, order);
  const results = useAnalysisResults(controller, layers);
  const [activeLayerId, setActiveLayerId] = useState<number | null>(null);
  const [tableLayerId, setTableLayerId] = useState<number | null>(null);
  const [timelinePanel, setTimelinePanel] = useState<TimelinePanel>(DEFAULT_TIMELINE_PANEL);
  const [analysisTool, setAnalysisTool] = useState<string | null>(null);
  const [analysisPanelOpen, setAnalysisPanelOpen] = useState(true);
  const [analysisFocus, setAnalysisFocus] = useState(0);
  const [measureToggles, setMeasureToggles] = useState(0);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [view, setView] = useState<MapViewState | null>(null);
  const [printDefaults, setPrintDefaults] = useState<PrintDefaults>({});

  // ---------- the saved map state: applied once, then saved on every change ----------
  const opening = useOpeningState(api, (e) => setMessage(describeError(e, words)));
  /** True once the saved state is applied: only then does saving start (never over it with defaults). */
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    if (!opening) return;
    const { layers: list, saved } = opening;
    map.setWorkspace(opening.workspace);
    map.setLayers(list);
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
    // Applied once, when the opening state has loaded; the setters and `results` are stable.
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
  useSaveMapState(api, mapState, (e) => setMessage(t('status.notSaved', { error: describeError(e, words) })));

  const zoomTo = useCallback(
    (id: number) => {
      const bbox = layers.find((l) => l.id === id)?.bbox;
      if (bbox && controller) controller.fitBounds(bbox);
    },
    [layers, controller],
  );

  // ---------- commands: the desktop menu, or the keyboard in the browser shell ----------
  useAppCommands(
    subscribeCommands,
    commandHandlers({
      openImport: () => setDialog({ kind: 'import' }),
      openExport: () => setDialog({ kind: 'export', target: activeLayerId !== null ? { layerId: activeLayerId } : null }),
      openPrint: () => setDialog({ kind: 'print' }),
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
      openPublishTeam: () => setDialog({ kind: 'publish-team', layerId: activeLayerId }),
      openTeamWorkspace: () => setDialog({ kind: 'open-team' }),
    }),
  );

  const onImported = (summaries: ImportSummary[]) => {
    setDialog(null);
    setMessage(importedMessage(summaries, words));
    void refreshLayers().then(() => {
      const last = summaries[summaries.length - 1];
      if (last?.bbox && controller) controller.fitBounds(last.bbox);
      if (last) setActiveLayerId(last.layerId);
    });
  };

  const onBuffered = (layer: LayerInfo) => {
    setDialog(null);
    setMessage(t('status.buffered', { name: layer.name, count: layer.featureCount, n: num(layer.featureCount) }));
    void refreshLayers().then(() => {
      if (layer.bbox && controller) controller.fitBounds(layer.bbox);
      setActiveLayerId(layer.id);
    });
  };

  const addDistances = async (id: number) => {
    const source = layers.find((l) => l.id === id);
    if (!source) return;
    try {
      const layer = await api['layers.distances']({ layer: id, name: t('layers.distancesLayer', { name: source.name }) });
      setMessage(t('status.distanced', { name: layer.name, n: num(layer.featureCount) }));
      await refreshLayers();
      setActiveLayerId(layer.id);
    } catch (e) {
      setMessage(describeError(e, words));
    }
  };

  const removeLayer = async (id: number) => {
    try {
      await api['layers.remove']({ layerId: id });
      if (tableLayerId === id) setTableLayerId(null);
      if (activeLayerId === id) setActiveLayerId(null);
      setSelection((sel) => (sel?.layerId === id ? null : sel));
      for (const r of results.shown) if (r.detail.layerId === id) results.remove(r.detail.id);
      map.dropData(id);
      await refreshLayers();
    } catch (e) {
      setMessage(describeError(e, words));
    }
  };

  const tableLayer = layers.find((l) => l.id === tableLayerId) ?? null;
  // The layers' attribute filters (kept with their styles): the timeline and the tools use them.
  const filters = useMemo(() => new Map([...styles].flatMap(([id, s]) => (s.filter ? [[id, s.filter] as const] : []))), [styles]);

  return (
    <div className={analysisPanelOpen ? 'app' : 'app analysis-collapsed'}>
      <LayerPanel
        layers={layersInOrder}
        onMove={(id, delta) => setOrder((prev) => moveLayer(prev, id, delta))}
        onReorder={(id, index) => setOrder((prev) => reorderLayer(prev, id, index))}
        styles={styles}
        filteredCounts={map.filteredCounts}
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
        onExport={(id) => setDialog({ kind: 'export', target: { layerId: id } })}
        onBuffer={(id) => setDialog({ kind: 'buffer', source: id })}
        onDistances={(id) => void addDistances(id)}
        api={api}
        onLabelsSaved={() => void refreshLayers()}
        onRemove={removeLayer}
        onImport={() => setDialog({ kind: 'import' })}
        onPrint={() => setDialog({ kind: 'print' })}
        onPublishTeam={() => setDialog({ kind: 'publish-team', layerId: activeLayerId })}
        onOpenTeam={() => setDialog({ kind: 'open-team' })}
        onZoomRegion={() => controller?.zoomToRegion()}
      />
      <main className="centre">
        <MapView
          basemapBase={basemapBase}
          onReady={setController}
          onCursor={setCursor}
          onFeatureClick={(layerId, featureId, at, hitProps, geometry, additive) => {
            setActiveLayerId(layerId);
            // Identify, as in QGIS and ArcGIS: a click shows the popup and selects; it never opens
            // the table (which covered the map and clipped the popup). An open table follows it.
            setTableLayerId((open) => (open === null ? null : layerId));
            const f = data.get(layerId)?.features.find((x) => Number(x.id) === featureId);
            const feature = f ?? (geometry ? { type: 'Feature' as const, id: featureId, geometry, properties: hitProps } : null);
            if (additive) {
              setSelection((sel) => toggleSelected(sel, layerId, featureId, feature));
              return;
            }
            setSelection(selectOnly(layerId, featureId, feature));
            const layer = layers.find((l) => l.id === layerId);
            if (layer && controller) showFeaturePopup(controller.map, at, layer, featureId, (f?.properties as Record<string, unknown> | undefined) ?? hitProps, feature?.geometry, words, workspace?.timezone ?? 'UTC');
          }}
        />
        <MapToolbar controller={controller} hasSelection={selected.length > 0} onZoomSelection={zoomToSelection} measureToggles={measureToggles} />
        <BinsLegend states={map.viewportStates.filter((v) => styles.get(v.layerId)?.visible)} layers={layers} />
        <StyleLegend layers={layersInOrder} styles={styles} />
        {tableLayer && (
          <AttributeTable
            layer={tableLayer}
            data={data.get(tableLayer.id) ?? null}
            remote={isViewportLayer(tableLayer)}
            api={api}
            where={styles.get(tableLayer.id)?.filter}
            timezone={workspace?.timezone ?? 'UTC'}
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
          filters={filters}
        />
        <StatusBar cursor={cursor} workspace={workspace?.path ?? null} message={message} onGoTo={controller ? (lon, lat) => goToCoordinate(controller.map, lon, lat) : undefined} />
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
        filters={filters}
        results={results}
        openTool={analysisTool}
        onOpenTool={setAnalysisTool}
        expanded={analysisPanelOpen}
        onExpanded={setAnalysisPanelOpen}
        focusKey={analysisFocus}
        onExport={(id) => setDialog({ kind: 'export', target: { analysisId: id } })}
      />
      <AppDialogs
        open={dialog}
        onClose={() => setDialog(null)}
        api={api}
        files={files}
        outputs={outputs}
        basemapBase={basemapBase}
        layers={layersInOrder}
        visibleLayerIds={layersInOrder.filter((l) => styles.get(l.id)?.visible).map((l) => l.id)}
        shownAnalysisIds={results.shown.filter((r) => r.visible).map((r) => r.detail.id)}
        view={() => (controller ? viewOf(controller.map) : view)}
        timeWindow={timeWindow}
        filters={filters}
        styles={styles}
        timezone={workspace?.timezone ?? 'UTC'}
        printDefaults={printDefaults}
        onPrintDefaults={setPrintDefaults}
        onImported={onImported}
        onBuffered={onBuffered}
        onDone={setMessage}
        openTeam={openTeam}
      />
    </div>
  );
}
