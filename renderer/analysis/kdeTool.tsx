/** Kernel density: bandwidth (auto or metres), cell size, contour levels. */
import { useState } from 'react';
import { useWords } from '../i18n/language.tsx';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { Param, ToolForm, optionalPositive } from './ToolForm.tsx';
import { DEFAULT_STUDY_AREA, StudyAreaField, StudyAreaNote, studyAreaSpec } from './selectionFields.tsx';

function KdePanel(ctx: ToolContext) {
  const { t, num } = useWords();
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
        const b = optionalPositive(bandwidth, t('params.common.bandwidth'), t);
        if (typeof b === 'string') return b;
        const c = optionalPositive(cellSize, t('params.common.cellSize'), t);
        if (typeof c === 'string') return c;
        const levels = contours.split(/[,\s]+/).filter(Boolean).map(Number);
        if (levels.some((v) => !(v > 0 && v <= 100)) || levels.length > 10) return t('params.kde.contoursBad');
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
            {t('params.kde.result', {
              bandwidth: num(Number(run.summary.bandwidthM)),
              cell: num(Number(run.summary.cellSizeM)),
              peak: num(Number(run.summary.peakDensityPerKm2), 1),
            })}
          </p>
          <StudyAreaNote summary={run.summary} />
        </>
      )}
    >
      {() => (
        <>
          <Param label={t('params.common.bandwidth')} hint={t('params.kde.bandwidthHint')}>
            <input value={bandwidth} onChange={(e) => setBandwidth(e.target.value)} placeholder={t('params.common.auto')} inputMode="decimal" />
          </Param>
          <Param label={t('params.common.cellSize')} hint={t('params.kde.cellSizeHint')}>
            <input value={cellSize} onChange={(e) => setCellSize(e.target.value)} placeholder={t('params.common.auto')} inputMode="decimal" />
          </Param>
          <Param label={t('params.kde.contours')} hint={t('params.kde.contoursHint')}>
            <input value={contours} onChange={(e) => setContours(e.target.value)} />
          </Param>
          <StudyAreaField kind="kde" layers={ctx.layers} value={studyArea} onChange={setStudyArea} />
          <label className="inline">
            <input type="checkbox" checked={weight} onChange={(e) => setWeight(e.target.checked)} /> {t('params.kde.weight')}
          </label>
        </>
      )}
    </ToolForm>
  );
}

registerAnalysisTool({ id: 'kde', title: 'Kernel density', description: 'Quartic kernel density surface with contours', Panel: KdePanel });
