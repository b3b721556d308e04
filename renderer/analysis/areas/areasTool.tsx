/**
 * Counts per area: the incidents in every polygon of a layer (municipalities …), drawn as a
 * choropleth in classes, with the table of counts. The run is `analysis.run` of kind 'areas'
 * (the CLI's `frontera summary --by`); its classes are stored with it, so the legend, the
 * briefing and an export show the same map.
 */
import { useState } from 'react';
import { parseClassLimits } from '../../../shared/analysis/classify.ts';
import { useWords } from '../../i18n/language.tsx';
import { registerAnalysisTool, type ToolContext } from '../registry.ts';
import { Param, ToolForm } from '../ToolForm.tsx';
import { polygonLayers } from '../selectionFields.tsx';
import { AreaTable } from './AreaTable.tsx';

/** The choices' codes: the request's mapValue and classify (their words are params.areas.values and .methods). */
const MAP_VALUES = ['count', 'density', 'per100k'] as const;
const METHODS = ['natural-breaks', 'quantiles', 'equal-interval', 'manual'] as const;

type MapValue = (typeof MAP_VALUES)[number];
type Method = (typeof METHODS)[number];

function AreasPanel(ctx: ToolContext) {
  const { t, num } = useWords();
  const polys = polygonLayers(ctx.layers);
  const [byId, setById] = useState<number | null>(null);
  const by = polys.find((l) => l.id === byId) ?? polys[0] ?? null;
  const [nameField, setNameField] = useState('');
  const [per, setPer] = useState('');
  const [mapValue, setMapValue] = useState<MapValue>('count');
  const [method, setMethod] = useState<Method>('natural-breaks');
  const [classes, setClasses] = useState('5');
  const [limits, setLimits] = useState('');
  if (!by) return <p className="muted">{t('params.areas.noPolygons')}</p>;
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
          const typed = parseClassLimits(limits);
          if ('problem' in typed) return t('params.areas.badLimits', { text: limits });
          p.breaks = typed.limits;
        } else {
          const k = Number(classes);
          if (!Number.isInteger(k) || k < 2 || k > 9) return t('params.areas.badClasses');
          p.classes = k;
        }
        return p;
      }}
      describeRun={(run) => <AreaTable run={run} ctx={ctx} />}
    >
      {() => (
        <>
          <Param label={t('params.areas.areas')} hint={t('params.areas.areasHint')}>
            <select value={by.id} onChange={(e) => setById(Number(e.target.value))} data-testid="areas-layer">
              {polys.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name} ({num(l.featureCount)})
                </option>
              ))}
            </select>
          </Param>
          <Param label={t('params.areas.name')} hint={t('params.areas.nameHint')}>
            <select value={textFields.some((f) => f.name === nameField) ? nameField : ''} onChange={(e) => setNameField(e.target.value)} data-testid="areas-name-field">
              <option value="">{textFields[0]?.name ?? t('params.areas.none')}</option>
              {textFields.slice(1).map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name}
                </option>
              ))}
            </select>
          </Param>
          <Param label={t('params.areas.population')} hint={t('params.areas.populationHint')}>
            <select value={perField} onChange={(e) => setPer(e.target.value)} data-testid="areas-per">
              <option value="">{t('params.areas.none')}</option>
              {numberFields.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name}
                </option>
              ))}
            </select>
          </Param>
          <Param label={t('params.areas.map')} hint={t('params.areas.mapHint')}>
            <select value={shown} onChange={(e) => setMapValue(e.target.value as MapValue)} data-testid="areas-map-value">
              {MAP_VALUES.map((v) => (
                <option key={v} value={v} disabled={v === 'per100k' && !perField}>
                  {t(`params.areas.values.${v}`)}
                </option>
              ))}
            </select>
          </Param>
          <Param label={t('params.areas.classify')} hint={t('params.areas.classifyHint')}>
            <select value={method} onChange={(e) => setMethod(e.target.value as Method)} data-testid="areas-classify">
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`params.areas.methods.${m}`)}
                </option>
              ))}
            </select>
          </Param>
          {method === 'manual' ? (
            <Param label={t('params.areas.limits')} hint={t('params.areas.limitsHint')}>
              <input value={limits} onChange={(e) => setLimits(e.target.value)} placeholder="5, 20, 50" data-testid="areas-limits" />
            </Param>
          ) : (
            <Param label={t('params.areas.classes')} hint={t('params.areas.classesHint')}>
              <input type="number" min={2} max={9} value={classes} onChange={(e) => setClasses(e.target.value)} data-testid="areas-classes" />
            </Param>
          )}
        </>
      )}
    </ToolForm>
  );
}

registerAnalysisTool({
  id: 'areas',
  title: 'Counts per area',
  description: 'Incidents in every polygon of a layer, as a choropleth and a table',
  Panel: AreasPanel,
});
