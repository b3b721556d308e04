/** Average nearest-neighbour index: "are these incidents clustered at all?" */
import { useState } from 'react';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { ToolForm } from './ToolForm.tsx';
import { DEFAULT_STUDY_AREA, StudyAreaField, StudyAreaNote, studyAreaSpec } from './selectionFields.tsx';

function NniPanel(ctx: ToolContext) {
  const [studyArea, setStudyArea] = useState(DEFAULT_STUDY_AREA);
  return (
    <ToolForm
      ctx={ctx}
      kind="nni"
      params={() => studyAreaSpec(studyArea)}
      describeRun={(run) => (
        <>
          <p className="sentence" data-testid="nni-sentence">
            {String(run.summary.sentence)}
          </p>
          <StudyAreaNote summary={run.summary} />
        </>
      )}
    >
      {() => <StudyAreaField kind="nni" layers={ctx.layers} value={studyArea} onChange={setStudyArea} />}
    </ToolForm>
  );
}

registerAnalysisTool({ id: 'nni', title: 'Nearest-neighbour index', description: 'Clustered, random or dispersed?', Panel: NniPanel });
