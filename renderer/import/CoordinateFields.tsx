/**
 * Where a table's points are (CSV and other tables of values): latitude and longitude columns,
 * or a column of WKT. When the file's column names did not say, the preview tells why and the
 * fields wait for the analyst's choice.
 */
import type { ImportOptions, ImportPreview } from '../../shared/api/contract.ts';
import { ColumnSelect } from './ColumnSelect.tsx';
import { useWords } from '../i18n/language.tsx';
import { importControls } from './controls.ts';
import { inDialogWords } from './importMessages.ts';
import { sayIn } from '../../shared/import/problems.ts';

type Columns = Pick<ImportOptions, 'lat' | 'lon' | 'wkt'>;

export function CoordinateFields({ preview, value, onChange }: { preview: ImportPreview; value: Columns; onChange: (c: Columns) => void }) {
  const { t, language } = useWords();
  const c = importControls(t);
  const missing = preview.coordinatesMissingWords ? sayIn(preview.coordinatesMissingWords, language) : preview.coordinatesMissing;
  const columns = preview.fields.map((f) => f.name);
  return (
    <div className="coordinate-fields" style={{ margin: '10px 0' }}>
      {missing !== undefined && (
        <p className="coordinates-missing" role="status" data-testid="coordinates-missing">
          <strong>{t('import.coordinatesNotFound')}</strong> {inDialogWords(missing, c)}
        </p>
      )}
      <div className="form-grid">
        {/* Latitude and longitude, or WKT: choosing one kind clears the other. */}
        <ColumnSelect label={c.lat} value={value.lat} columns={columns} onChange={(lat) => onChange({ lat, lon: value.lon })} testId="map-lat" />
        <ColumnSelect label={c.lon} value={value.lon} columns={columns} onChange={(lon) => onChange({ lat: value.lat, lon })} testId="map-lon" />
        <ColumnSelect label={c.wkt} value={value.wkt} columns={columns} onChange={(wkt) => onChange(wkt ? { wkt } : { lat: value.lat, lon: value.lon })} testId="map-wkt" />
      </div>
    </div>
  );
}
