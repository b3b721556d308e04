/** The app's modal dialogs: import, export, print and buffer, each open or not. */
import type { ImportSummary, LayerInfo } from '../../shared/api/contract.ts';
import type { MapViewState, PrintDefaults } from '../../shared/api/mapState.ts';
import type { ApiClient } from '../api/client.ts';
import type { OutputSink } from '../api/outputs.ts';
import { ExportDialog, type ExportTarget } from '../export/ExportDialog.tsx';
import { ImportDialog, type FileSource } from '../panels/ImportDialog.tsx';
import { BufferDialog } from '../panels/BufferDialog.tsx';
import { PrintDialog, type PrintDialogProps } from '../print/PrintDialog.tsx';
import type { TimeWindow } from '../timeline/timeWindow.ts';
import { PublishDialog } from '../team/PublishDialog.tsx';
import { OpenTeamDialog, type OpenTeamDialogProps } from '../team/OpenTeamDialog.tsx';

/** Which dialog is open: at most one at a time. */
export type OpenDialog =
  | { kind: 'import' }
  | { kind: 'export'; target: ExportTarget | null }
  | { kind: 'print' }
  | { kind: 'buffer'; source: number | string | null }
  | { kind: 'publish-team'; layerId: number | null }
  | { kind: 'open-team' }
  | null;

export interface AppDialogsProps {
  open: OpenDialog;
  onClose: () => void;
  api: ApiClient;
  files: FileSource;
  outputs: OutputSink;
  basemapBase: string;
  /** In panel order. */
  layers: LayerInfo[];
  visibleLayerIds: number[];
  /** Results drawn on the map, top first. */
  shownAnalysisIds: number[];
  view: () => MapViewState | null;
  timeWindow: TimeWindow | null;
  /** The layers' attribute filters by layer id (a print follows them). */
  filters?: ReadonlyMap<number, string>;
  /** The layers' styles by attribute and labels by layer id (a print draws them). */
  styles?: PrintDialogProps['styles'];
  timezone: string;
  printDefaults: PrintDefaults;
  onPrintDefaults: (d: PrintDefaults) => void;
  onImported: (summaries: ImportSummary[]) => void;
  /** Buffer… made a layer. */
  onBuffered: (layer: LayerInfo) => void;
  /** A dialog's work is done: what to tell the analyst. */
  onDone: (message: string) => void;
  /** Open team workspace… in the desktop app (main opens it); absent in the browser shell. */
  openTeam?: OpenTeamDialogProps['openTeam'];
}

export function AppDialogs(p: AppDialogsProps) {
  if (!p.open) return null;
  const done = (message: string) => {
    p.onClose();
    p.onDone(message);
  };
  switch (p.open.kind) {
    case 'import':
      return <ImportDialog api={p.api} files={p.files} onImported={p.onImported} onClose={p.onClose} />;
    case 'export':
      return <ExportDialog api={p.api} outputs={p.outputs} layers={p.layers} target={p.open.target} onDone={done} onClose={p.onClose} />;
    case 'publish-team':
      return <PublishDialog api={p.api} layers={p.layers} layerId={p.open.layerId} onDone={p.onDone} onClose={p.onClose} />;
    case 'open-team':
      return <OpenTeamDialog openTeam={p.openTeam} onClose={p.onClose} />;
    case 'buffer':
      return <BufferDialog api={p.api} layers={p.layers} source={p.open.source} onBuffered={p.onBuffered} onClose={p.onClose} />;
    case 'print':
      return (
        <PrintDialog
          api={p.api}
          outputs={p.outputs}
          layers={p.layers}
          visibleLayerIds={p.visibleLayerIds}
          shownAnalysisIds={p.shownAnalysisIds}
          view={p.view()}
          timeWindow={p.timeWindow}
          filters={p.filters}
          styles={p.styles}
          timezone={p.timezone}
          defaults={p.printDefaults}
          onDefaults={p.onPrintDefaults}
          basemapBase={p.basemapBase}
          onDone={done}
          onClose={p.onClose}
        />
      );
  }
}
