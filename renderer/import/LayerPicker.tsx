/** The layer of a file of several (a GeoPackage's tables, a workbook's sheets) to import. */
import { IMPORT_CONTROLS } from './controls.ts';
import { layerPick } from './importChoices.ts';

export function LayerPicker(props: { format: string; layers: string[]; value: string | undefined; onChange: (layer: string | undefined) => void }) {
  const pick = layerPick(props.format);
  return (
    <label className="field">
      <span>{IMPORT_CONTROLS[pick.option]}</span>
      <select value={props.value ?? ''} data-testid="import-layer-pick" onChange={(e) => props.onChange(e.target.value || undefined)}>
        {pick.all && <option value="">All {props.layers.length} layers, one each</option>}
        {props.layers.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
