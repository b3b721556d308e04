/** The layer of a file of several (a GeoPackage's tables, a workbook's sheets) to import. */
import { useWords } from '../i18n/language.tsx';
import { importControls } from './controls.ts';
import { layerPick } from './importChoices.ts';

export function LayerPicker(props: { format: string; layers: string[]; value: string | undefined; onChange: (layer: string | undefined) => void }) {
  const { t } = useWords();
  const pick = layerPick(props.format);
  return (
    <label className="field">
      <span>{importControls(t)[pick.option]}</span>
      <select value={props.value ?? ''} data-testid="import-layer-pick" onChange={(e) => props.onChange(e.target.value || undefined)}>
        {pick.all && <option value="">{t('import.allLayers', { n: props.layers.length })}</option>}
        {props.layers.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
