/** Getis-Ord Gi*: incidents aggregated to hexagons/squares, or a polygon layer's numeric field. */
import { useState } from 'react';
import { useWords } from '../i18n/language.tsx';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { Param, ToolForm, optionalPositive } from './ToolForm.tsx';
import { DEFAULT_STUDY_AREA, StudyAreaField, StudyAreaNote, polygonLayers, studyAreaSpec } from './selectionFields.tsx';

/** The run's counts of hot and cold cells by confidence, as its summary keys them. */
const GI_COUNTS = ['hot99', 'hot95', 'hot90', 'cold99', 'cold95', 'cold90'] as const;

function GistarPanel(ctx: ToolContext) {
  const { t, num } = useWords();
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
        const b = optionalPositive(band, t('params.gistar.band'), t);
        if (typeof b === 'string') return b;
        const common = { fdr, ...(b !== undefined ? { distanceBand: b } : {}) };
        if (mode === 'field') {
          const f = field || numericFields[0]?.name;
          if (!fl || !f) return t('params.gistar.noField');
          return { ...common, layer: fl.id, field: f };
        }
        const c = optionalPositive(cellSize, t('params.common.cellSize'), t);
        if (typeof c === 'string') return c;
        return { ...common, grid, ...(c !== undefined ? { cellSize: c } : {}), ...studyAreaSpec(studyArea) };
      }}
      describeRun={(run) => (
        <>
          <p>
            {t('params.gistar.result', Object.fromEntries(GI_COUNTS.map((k) => [k, num(Number(run.summary[k]))])))}
          </p>
          <StudyAreaNote summary={run.summary} />
        </>
      )}
    >
      {() => (
        <>
          <Param label={t('params.gistar.values')} hint={t('params.gistar.valuesHint')}>
            <select value={mode} onChange={(e) => setMode(e.target.value as 'grid' | 'field')}>
              <option value="grid">{t('params.gistar.counts')}</option>
              <option value="field" disabled={polys.length === 0}>
                {t('params.gistar.field')}
              </option>
            </select>
          </Param>
          {mode === 'grid' ? (
            <>
              <Param label={t('params.common.cellSize')} hint={t('params.gistar.cellSizeHint')}>
                <input value={cellSize} onChange={(e) => setCellSize(e.target.value)} placeholder={t('params.common.auto')} inputMode="decimal" />
              </Param>
              <Param label={t('params.common.grid')} hint={t('params.gistar.gridHint')}>
                <select value={grid} onChange={(e) => setGrid(e.target.value as 'hex' | 'square')}>
                  <option value="hex">{t('params.common.hex')}</option>
                  <option value="square">{t('params.common.square')}</option>
                </select>
              </Param>
              <StudyAreaField kind="gistar" layers={ctx.layers} value={studyArea} onChange={setStudyArea} />
            </>
          ) : (
            <>
              <Param label={t('params.gistar.polygonLayer')} hint={t('params.gistar.polygonLayerHint')}>
                <select value={fl?.id ?? ''} onChange={(e) => setFieldLayer(Number(e.target.value))}>
                  {polys.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </Param>
              <Param label={t('params.gistar.fieldLabel')} hint={t('params.gistar.fieldHint')}>
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
          <Param label={t('params.gistar.band')} hint={t('params.gistar.bandHint')}>
            <input value={band} onChange={(e) => setBand(e.target.value)} placeholder={t('params.common.auto')} inputMode="decimal" />
          </Param>
          <label className="inline">
            <input type="checkbox" checked={fdr} onChange={(e) => setFdr(e.target.checked)} /> {t('params.gistar.fdr')}
          </label>
        </>
      )}
    </ToolForm>
  );
}

registerAnalysisTool({ id: 'gistar', title: 'Hot spots (Gi*)', description: 'Getis-Ord Gi* hot and cold spots', Panel: GistarPanel });
