/** Average nearest-neighbour index: "are these incidents clustered at all?" */
import { useState } from 'react';
import { registerAnalysisTool, type ToolContext } from './registry.ts';
import { Param, ToolForm } from './ToolForm.tsx';
import { polygonLayers } from './selectionFields.tsx';

function NniPanel(ctx: ToolContext) {
  const [area, setArea] = useState('');
  return (
    <ToolForm
      ctx={ctx}
      kind="nni"
      params={() => (area ? { area } : {})}
      describeRun={(run) => (
        <p className="sentence" data-testid="nni-sentence">
          {String(run.summary.sentence)}
        </p>
      )}
    >
      {() => (
        <Param label="Study area" hint="Default: the convex hull of the incidents. The area changes the expected distance, so choose it deliberately.">
          <select value={area} onChange={(e) => setArea(e.target.value)}>
            <option value="">convex hull of the incidents</option>
            {polygonLayers(ctx.layers).map((l) => (
              <option key={l.id} value={l.name}>
                {l.name}
              </option>
            ))}
          </select>
        </Param>
      )}
    </ToolForm>
  );
}

registerAnalysisTool({ id: 'nni', title: 'Nearest-neighbour index', description: 'Clustered, random or dispersed?', Panel: NniPanel });
