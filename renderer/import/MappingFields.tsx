/**
 * The analysis fields a layer's records carry, from the file's columns: time (and the end of a
 * window it is known only to lie in), category, quantity and unit, location precision.
 */
import type { FieldMapping } from '../../shared/api/contract.ts';
import { ColumnSelect } from './ColumnSelect.tsx';
import { useWords } from '../i18n/language.tsx';
import { importControls } from './controls.ts';

export function MappingFields({ columns, mapping, onChange }: { columns: string[]; mapping: FieldMapping; onChange: (m: FieldMapping) => void }) {
  const { t } = useWords();
  const c = importControls(t);
  const [date, clock] = mapping.time ?? [];
  return (
    <>
      <ColumnSelect label={c.time} value={date} columns={columns} onChange={(v) => onChange({ ...mapping, time: v ? [v, ...(clock ? [clock] : [])] : undefined })} testId="map-time" />
      <ColumnSelect
        label={t('import.separateTime')}
        value={clock}
        columns={columns}
        onChange={(v) => onChange({ ...mapping, time: date ? (v ? [date, v] : [date]) : undefined })}
        testId="map-time2"
      />
      <ColumnSelect label={c['time-end']} value={mapping.timeEnd} columns={columns} onChange={(v) => onChange({ ...mapping, timeEnd: v })} testId="map-time-end" />
      <label className="field">
        <span>{t('import.optional', { label: c['time-format'] })}</span>
        <input value={mapping.timeFormat ?? ''} placeholder={t('import.timeFormatExample')} onChange={(e) => onChange({ ...mapping, timeFormat: e.target.value || undefined })} />
      </label>
      <ColumnSelect label={c.category} value={mapping.category} columns={columns} onChange={(v) => onChange({ ...mapping, category: v })} testId="map-category" />
      <ColumnSelect label={c.quantity} value={mapping.quantity} columns={columns} onChange={(v) => onChange({ ...mapping, quantity: v })} testId="map-quantity" />
      <ColumnSelect label={c.unit} value={mapping.unit} columns={columns} onChange={(v) => onChange({ ...mapping, unit: v })} testId="map-unit" />
      <label className="field">
        <span>{t('import.optional', { label: c['unit-value'] })}</span>
        <input value={mapping.unitValue ?? ''} placeholder="kg" onChange={(e) => onChange({ ...mapping, unitValue: e.target.value || undefined })} />
      </label>
      <ColumnSelect label={c.precision} value={mapping.precision} columns={columns} onChange={(v) => onChange({ ...mapping, precision: v })} testId="map-precision" />
    </>
  );
}
