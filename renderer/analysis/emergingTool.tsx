/** Emerging hot spots: space-time cube, Gi* per step, Mann-Kendall trend, ArcGIS patterns. */
import { useRef, useState } from 'react';
import { useWords } from '../i18n/language.tsx';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { Param, ToolForm, optionalPositive } from './ToolForm.tsx';
import { DEFAULT_STUDY_AREA, StudyAreaField, StudyAreaNote, studyAreaSpec } from './selectionFields.tsx';
import { AoristicCheckbox, aoristicRequest, type AoristicChoice } from './aoristicField.tsx';

function EmergingPanel(ctx: ToolContext) {
  const { t, num } = useWords();
  const [cellSize, setCellSize] = useState('2000');
  const [step, setStep] = useState<'day' | 'week' | 'month'>('week');
  const [grid, setGrid] = useState<'hex' | 'square'>('hex');
  const [studyArea, setStudyArea] = useState(DEFAULT_STUDY_AREA);
  // Aoristic: the layer's default (on when it has time windows) until the analyst chooses.
  const [aoristic, setAoristic] = useState<{ layerId: number; on: boolean } | null>(null);
  // The layer the form shows (ToolForm hands it to the fields, not to params): a choice made on
  // another layer does not carry over.
  const shownLayer = useRef<number | null>(null);
  const choiceFor = (layerId: number | null): AoristicChoice => (aoristic && aoristic.layerId === layerId ? aoristic.on : null);
  return (
    <ToolForm
      ctx={ctx}
      kind="emerging"
      params={() => {
        const c = optionalPositive(cellSize, t('params.common.cellSize'), t);
        if (typeof c === 'string') return c;
        if (c === undefined) return t('params.emerging.cellSizeRequired');
        return { cellSize: c, step, grid, ...studyAreaSpec(studyArea), ...aoristicRequest(choiceFor(shownLayer.current)) };
      }}
      describeRun={(run) => (
        <>
          <p className="sentence">{String(run.summary.sentence)}</p>
          <StudyAreaNote summary={run.summary} />
        </>
      )}
    >
      {({ layer }) => {
        shownLayer.current = layer?.id ?? null;
        return (
          <>
            <Param label={t('params.common.cellSize')} hint={t('params.emerging.cellSizeHint', { metres: num(2000) })}>
              <input value={cellSize} onChange={(e) => setCellSize(e.target.value)} inputMode="decimal" />
            </Param>
            <Param label={t('params.emerging.step')} hint={t('params.emerging.stepHint')}>
              <select value={step} onChange={(e) => setStep(e.target.value as typeof step)}>
                <option value="day">{t('params.emerging.steps.day')}</option>
                <option value="week">{t('params.emerging.steps.week')}</option>
                <option value="month">{t('params.emerging.steps.month')}</option>
              </select>
            </Param>
            <Param label={t('params.common.grid')} hint={t('params.emerging.gridHint')}>
              <select value={grid} onChange={(e) => setGrid(e.target.value as 'hex' | 'square')}>
                <option value="hex">{t('params.common.hex')}</option>
                <option value="square">{t('params.common.square')}</option>
              </select>
            </Param>
            <StudyAreaField kind="emerging" layers={ctx.layers} value={studyArea} onChange={setStudyArea} />
            <AoristicCheckbox
              layer={layer}
              value={choiceFor(layer?.id ?? null)}
              onChange={(on) => layer && setAoristic({ layerId: layer.id, on })}
              testId="emerging-aoristic"
            />
          </>
        );
      }}
    </ToolForm>
  );
}

registerAnalysisTool({ id: 'emerging', title: 'Emerging hot spots', description: 'Space-time trends per cell (ArcGIS patterns)', Panel: EmergingPanel });
