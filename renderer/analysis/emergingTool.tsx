/** Emerging hot spots: space-time cube, Gi* per step, Mann-Kendall trend, ArcGIS patterns. */
import { useState } from 'react';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { Param, ToolForm, optionalPositive } from './ToolForm.tsx';
import { DEFAULT_STUDY_AREA, StudyAreaField, StudyAreaNote, studyAreaSpec } from './selectionFields.tsx';

function EmergingPanel(ctx: ToolContext) {
  const [cellSize, setCellSize] = useState('2000');
  const [step, setStep] = useState<'day' | 'week' | 'month'>('week');
  const [grid, setGrid] = useState<'hex' | 'square'>('hex');
  const [studyArea, setStudyArea] = useState(DEFAULT_STUDY_AREA);
  return (
    <ToolForm
      ctx={ctx}
      kind="emerging"
      params={() => {
        const c = optionalPositive(cellSize, 'cell size');
        if (typeof c === 'string') return c;
        if (c === undefined) return 'cell size is required (metres)';
        return { cellSize: c, step, grid, ...studyAreaSpec(studyArea) };
      }}
      describeRun={(run) => (
        <>
          <p className="sentence">{String(run.summary.sentence)}</p>
          <StudyAreaNote summary={run.summary} />
        </>
      )}
    >
      {() => (
        <>
          <Param label="Cell size (m)" hint="Required; 2,000 m suggested for town-scale patterns over a year.">
            <input value={cellSize} onChange={(e) => setCellSize(e.target.value)} inputMode="decimal" />
          </Param>
          <Param label="Time step" hint="Week by default: enough incidents per step, enough steps for a trend (≥ 10 advised).">
            <select value={step} onChange={(e) => setStep(e.target.value as typeof step)}>
              <option value="day">day</option>
              <option value="week">week</option>
              <option value="month">month</option>
            </select>
          </Param>
          <Param label="Grid" hint="Hexagons by default.">
            <select value={grid} onChange={(e) => setGrid(e.target.value as 'hex' | 'square')}>
              <option value="hex">hexagons</option>
              <option value="square">squares</option>
            </select>
          </Param>
          <StudyAreaField kind="emerging" layers={ctx.layers} value={studyArea} onChange={setStudyArea} />
        </>
      )}
    </ToolForm>
  );
}

registerAnalysisTool({ id: 'emerging', title: 'Emerging hot spots', description: 'Space-time trends per cell (ArcGIS patterns)', Panel: EmergingPanel });
