/** Kernel density: bandwidth (auto or metres), cell size, contour levels. */
import { useState } from 'react';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { Param, ToolForm, optionalPositive } from './ToolForm.tsx';
import { DEFAULT_STUDY_AREA, StudyAreaField, StudyAreaNote, studyAreaSpec } from './selectionFields.tsx';

function KdePanel(ctx: ToolContext) {
  const [bandwidth, setBandwidth] = useState('');
  const [cellSize, setCellSize] = useState('');
  const [contours, setContours] = useState('1, 5, 10');
  const [weight, setWeight] = useState(false);
  const [studyArea, setStudyArea] = useState(DEFAULT_STUDY_AREA);
  return (
    <ToolForm
      ctx={ctx}
      kind="kde"
      params={() => {
        const b = optionalPositive(bandwidth, 'bandwidth');
        if (typeof b === 'string') return b;
        const c = optionalPositive(cellSize, 'cell size');
        if (typeof c === 'string') return c;
        const levels = contours.split(/[,\s]+/).filter(Boolean).map(Number);
        if (levels.some((v) => !(v > 0 && v <= 100)) || levels.length > 10) return 'contours: up to 10 percentages between 0 and 100, e.g. "1, 5, 10"';
        return {
          bandwidth: b ?? 'auto',
          ...(c !== undefined ? { cellSize: c } : {}),
          ...(levels.length ? { contours: levels } : {}),
          ...(weight ? { weight: 'quantity' } : {}),
          ...studyAreaSpec(studyArea),
        };
      }}
      describeRun={(run) => (
        <>
          <p>
            Bandwidth {Math.round(Number(run.summary.bandwidthM)).toLocaleString('en-US')} m, cell {Math.round(Number(run.summary.cellSizeM))} m; peak{' '}
            {Number(run.summary.peakDensityPerKm2).toFixed(1)} incidents/km².
          </p>
          <StudyAreaNote summary={run.summary} />
        </>
      )}
    >
      {() => (
        <>
          <Param label="Bandwidth (m)" hint="Empty = auto: ArcGIS's spatial Silverman rule from the incidents' spread.">
            <input value={bandwidth} onChange={(e) => setBandwidth(e.target.value)} placeholder="auto" inputMode="decimal" />
          </Param>
          <Param label="Cell size (m)" hint="Empty = the shorter side of the extent ÷ 250, as ArcGIS does.">
            <input value={cellSize} onChange={(e) => setCellSize(e.target.value)} placeholder="auto" inputMode="decimal" />
          </Param>
          <Param label="Contours (%)" hint="Lines enclosing the densest 1, 5 and 10 % of cells by default.">
            <input value={contours} onChange={(e) => setContours(e.target.value)} />
          </Param>
          <StudyAreaField kind="kde" layers={ctx.layers} value={studyArea} onChange={setStudyArea} />
          <label className="inline">
            <input type="checkbox" checked={weight} onChange={(e) => setWeight(e.target.checked)} /> Weight by quantity (default: each incident counts 1)
          </label>
        </>
      )}
    </ToolForm>
  );
}

registerAnalysisTool({ id: 'kde', title: 'Kernel density', description: 'Quartic kernel density surface with contours', Panel: KdePanel });
