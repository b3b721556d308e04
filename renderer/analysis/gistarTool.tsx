/** Getis-Ord Gi*: incidents aggregated to hexagons/squares, or a polygon layer's numeric field. */
import { useState } from 'react';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { Param, ToolForm, optionalPositive } from './ToolForm.tsx';
import { DEFAULT_STUDY_AREA, StudyAreaField, StudyAreaNote, polygonLayers, studyAreaSpec } from './selectionFields.tsx';

function GistarPanel(ctx: ToolContext) {
  const [mode, setMode] = useState<'grid' | 'field'>('grid');
  const [cellSize, setCellSize] = useState('');
  const [grid, setGrid] = useState<'hex' | 'square'>('hex');
  const [band, setBand] = useState('');
  const [fdr, setFdr] = useState(true);
  const [fieldLayer, setFieldLayer] = useState<number | null>(null);
  const [field, setField] = useState('');
  const [studyArea, setStudyArea] = useState(DEFAULT_STUDY_AREA);
  const polys = polygonLayers(ctx.layers);
  const fl = polys.find((l) => l.id === fieldLayer) ?? polys[0] ?? null;
  const numericFields = fl?.fields.filter((f) => f.type === 'number') ?? [];
  return (
    <ToolForm
      ctx={ctx}
      kind="gistar"
      params={() => {
        const b = optionalPositive(band, 'distance band');
        if (typeof b === 'string') return b;
        const common = { fdr, ...(b !== undefined ? { distanceBand: b } : {}) };
        if (mode === 'field') {
          const f = field || numericFields[0]?.name;
          if (!fl || !f) return 'choose a polygon layer with a numeric field';
          return { ...common, layer: fl.id, field: f };
        }
        const c = optionalPositive(cellSize, 'cell size');
        if (typeof c === 'string') return c;
        return { ...common, grid, ...(c !== undefined ? { cellSize: c } : {}), ...studyAreaSpec(studyArea) };
      }}
      describeRun={(run) => (
        <>
          <p>
            {String(run.summary.hot99)} / {String(run.summary.hot95)} / {String(run.summary.hot90)} hot and {String(run.summary.cold99)} /{' '}
            {String(run.summary.cold95)} / {String(run.summary.cold90)} cold cells at 99 / 95 / 90 %.
          </p>
          <StudyAreaNote summary={run.summary} />
        </>
      )}
    >
      {() => (
        <>
          <Param label="Values" hint="Default: count incidents per cell. Or use a numeric field of a polygon layer's own features.">
            <select value={mode} onChange={(e) => setMode(e.target.value as 'grid' | 'field')}>
              <option value="grid">incident counts in cells</option>
              <option value="field" disabled={polys.length === 0}>
                a polygon layer's field
              </option>
            </select>
          </Param>
          {mode === 'grid' ? (
            <>
              <Param label="Cell size (m)" hint="Empty = as ArcGIS's Optimized Hot Spot Analysis chooses it from the incidents' spacing.">
                <input value={cellSize} onChange={(e) => setCellSize(e.target.value)} placeholder="auto" inputMode="decimal" />
              </Param>
              <Param label="Grid" hint="Hexagons (default) have equal neighbours in every direction.">
                <select value={grid} onChange={(e) => setGrid(e.target.value as 'hex' | 'square')}>
                  <option value="hex">hexagons</option>
                  <option value="square">squares</option>
                </select>
              </Param>
              <StudyAreaField kind="gistar" layers={ctx.layers} value={studyArea} onChange={setStudyArea} />
            </>
          ) : (
            <>
              <Param label="Polygon layer" hint="Gi* on this layer's own features.">
                <select value={fl?.id ?? ''} onChange={(e) => setFieldLayer(Number(e.target.value))}>
                  {polys.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </Param>
              <Param label="Field" hint="A numeric attribute (rate, count) of each polygon.">
                <select value={field || numericFields[0]?.name || ''} onChange={(e) => setField(e.target.value)}>
                  {numericFields.map((f) => (
                    <option key={f.name} value={f.name}>
                      {f.name}
                    </option>
                  ))}
                </select>
              </Param>
            </>
          )}
          <Param label="Distance band (m)" hint="Empty = on cells, the cell spacing (each cell and the ring around it); on a layer's features, the distance at which every feature has at least one neighbour.">
            <input value={band} onChange={(e) => setBand(e.target.value)} placeholder="auto" inputMode="decimal" />
          </Param>
          <label className="inline">
            <input type="checkbox" checked={fdr} onChange={(e) => setFdr(e.target.checked)} /> FDR correction (default on: guards against
            chance hot spots among many cells)
          </label>
        </>
      )}
    </ToolForm>
  );
}

registerAnalysisTool({ id: 'gistar', title: 'Hot spots (Gi*)', description: 'Getis-Ord Gi* hot and cold spots', Panel: GistarPanel });
