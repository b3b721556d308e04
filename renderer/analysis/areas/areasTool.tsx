/**
 * Counts per area: the incidents in every polygon of a layer (municipalities …), drawn as a
 * choropleth in classes, with the table of counts. The run is `analysis.run` of kind 'areas'
 * (the CLI's `frontera summary --by`); its classes are stored with it, so the legend, the
 * briefing and an export show the same map.
 */
import { useState } from 'react';
import { registerAnalysisTool, type ToolContext } from '../registry.ts';
import { Param, ToolForm } from '../ToolForm.tsx';
import { polygonLayers } from '../selectionFields.tsx';
import { AreaTable } from './AreaTable.tsx';

const TEXT = {
  title: 'Counts per area',
  description: 'Incidents in every polygon of a layer, as a choropleth and a table',
  noPolygons: 'Import a polygon layer (municipalities …) to count incidents in.',
  areas: 'Areas',
  areasHint: 'Each incident counts in one area: one on a boundary two areas share goes to the first of them in the layer.',
  name: 'Name field',
  nameHint: 'The field the table names each area by (default: the first text field).',
  population: 'Population field',
  populationHint: 'A numeric field: adds incidents per 100,000 people.',
  none: 'none',
  map: 'Map',
  mapHint: 'Counts favour large areas; density and rates compare areas of different size.',
  values: { count: 'incidents', density: 'incidents per 100 km²', per100k: 'incidents per 100,000 people' },
  classify: 'Classes by',
  classifyHint: 'Natural breaks (Jenks) groups similar values; quantiles put as many areas in each class.',
  methods: { 'natural-breaks': 'natural breaks (Jenks)', quantiles: 'quantiles', 'equal-interval': 'equal interval', manual: 'manual limits' },
  classes: 'Classes',
  classesHint: 'From 2 to 9.',
  limits: 'Class limits',
  limitsHint: 'The upper limits of every class but the last, ascending: "5, 20, 50" makes 4 classes.',
  badClasses: 'Classes must be a whole number from 2 to 9',
  badLimits: (t: string) => `Class limits must be numbers separated by commas, got "${t}"`,
};

type MapValue = keyof typeof TEXT.values;
type Method = keyof typeof TEXT.methods;

function AreasPanel(ctx: ToolContext) {
  const polys = polygonLayers(ctx.layers);
  const [byId, setById] = useState<number | null>(null);
  const by = polys.find((l) => l.id === byId) ?? polys[0] ?? null;
  const [nameField, setNameField] = useState('');
  const [per, setPer] = useState('');
  const [mapValue, setMapValue] = useState<MapValue>('count');
  const [method, setMethod] = useState<Method>('natural-breaks');
  const [classes, setClasses] = useState('5');
  const [limits, setLimits] = useState('');
  if (!by) return <p className="muted">{TEXT.noPolygons}</p>;
  const textFields = by.fields.filter((f) => f.type === 'string');
  const numberFields = by.fields.filter((f) => f.type === 'number' || f.type === 'integer');
  const perField = numberFields.some((f) => f.name === per) ? per : '';
  const shown: MapValue = mapValue === 'per100k' && !perField ? 'count' : mapValue;
  return (
    <ToolForm
      ctx={ctx}
      kind="areas"
      params={() => {
        const p: Record<string, unknown> = { by: by.id, mapValue: shown, classify: method };
        if (nameField && by.fields.some((f) => f.name === nameField)) p.nameField = nameField;
        if (perField) p.per = perField;
        if (method === 'manual') {
          const breaks = limits.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
          if (!breaks.length || breaks.some((b) => !Number.isFinite(b))) return TEXT.badLimits(limits);
          p.breaks = breaks;
        } else {
          const k = Number(classes);
          if (!Number.isInteger(k) || k < 2 || k > 9) return TEXT.badClasses;
          p.classes = k;
        }
        return p;
      }}
      describeRun={(run) => <AreaTable run={run} ctx={ctx} />}
    >
      {() => (
        <>
          <Param label={TEXT.areas} hint={TEXT.areasHint}>
            <select value={by.id} onChange={(e) => setById(Number(e.target.value))} data-testid="areas-layer">
              {polys.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name} ({l.featureCount.toLocaleString('en-US')})
                </option>
              ))}
            </select>
          </Param>
          <Param label={TEXT.name} hint={TEXT.nameHint}>
            <select value={textFields.some((f) => f.name === nameField) ? nameField : ''} onChange={(e) => setNameField(e.target.value)} data-testid="areas-name-field">
              <option value="">{textFields[0]?.name ?? TEXT.none}</option>
              {textFields.slice(1).map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name}
                </option>
              ))}
            </select>
          </Param>
          <Param label={TEXT.population} hint={TEXT.populationHint}>
            <select value={perField} onChange={(e) => setPer(e.target.value)} data-testid="areas-per">
              <option value="">{TEXT.none}</option>
              {numberFields.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name}
                </option>
              ))}
            </select>
          </Param>
          <Param label={TEXT.map} hint={TEXT.mapHint}>
            <select value={shown} onChange={(e) => setMapValue(e.target.value as MapValue)} data-testid="areas-map-value">
              {(Object.keys(TEXT.values) as MapValue[]).map((v) => (
                <option key={v} value={v} disabled={v === 'per100k' && !perField}>
                  {TEXT.values[v]}
                </option>
              ))}
            </select>
          </Param>
          <Param label={TEXT.classify} hint={TEXT.classifyHint}>
            <select value={method} onChange={(e) => setMethod(e.target.value as Method)} data-testid="areas-classify">
              {(Object.keys(TEXT.methods) as Method[]).map((m) => (
                <option key={m} value={m}>
                  {TEXT.methods[m]}
                </option>
              ))}
            </select>
          </Param>
          {method === 'manual' ? (
            <Param label={TEXT.limits} hint={TEXT.limitsHint}>
              <input value={limits} onChange={(e) => setLimits(e.target.value)} placeholder="5, 20, 50" data-testid="areas-limits" />
            </Param>
          ) : (
            <Param label={TEXT.classes} hint={TEXT.classesHint}>
              <input type="number" min={2} max={9} value={classes} onChange={(e) => setClasses(e.target.value)} data-testid="areas-classes" />
            </Param>
          )}
        </>
      )}
    </ToolForm>
  );
}

registerAnalysisTool({ id: 'areas', title: TEXT.title, description: TEXT.description, Panel: AreasPanel });
