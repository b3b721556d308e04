/**
 * The "Spread over time windows" checkbox of the timeline, the compare panel and the emerging
 * hot spots tool (issue 17): records known only to a window (time_end) spread over it, or each
 * counted at its time. Shown for layers with windows; unticked by hand it says so, untouched it
 * follows the back end's default (on when the layer has windows), so `aoristicRequest` sends
 * nothing until the analyst changes it.
 */
import type { LayerInfo } from '../../shared/api/contract.ts';
import { describeWindows } from '../../shared/analysis/aoristic.ts';
import { useWords } from '../i18n/language.tsx';

/** The analyst's choice: null until the checkbox is touched (then the layer's default holds). */
export type AoristicChoice = boolean | null;

function layerHasWindows(layer: LayerInfo | null): boolean {
  return (layer?.timeWindows?.count ?? 0) > 0;
}

/** The request's `aoristic`: only when the analyst chose. */
export function aoristicRequest(choice: AoristicChoice): { aoristic?: boolean } {
  return choice === null ? {} : { aoristic: choice };
}

export function AoristicCheckbox({
  layer,
  value,
  onChange,
  testId,
}: {
  layer: LayerInfo | null;
  value: AoristicChoice;
  onChange: (on: boolean) => void;
  testId: string;
}) {
  const { t, language } = useWords();
  if (!layer || !layerHasWindows(layer)) return null;
  const title = t('aoristic.title', { windows: describeWindows(layer.timeWindows!, language) });
  return (
    <label className="inline" title={title}>
      <input type="checkbox" checked={value ?? true} onChange={(e) => onChange(e.target.checked)} data-testid={testId} /> {t('aoristic.label')}
    </label>
  );
}
