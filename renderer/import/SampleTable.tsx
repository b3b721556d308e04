/** The first rows of the file as read, so the analyst can see what the columns hold. */
import type { ImportPreview } from '../../shared/api/contract.ts';

const ROWS = 5;

export function SampleTable({ preview }: { preview: ImportPreview }) {
  const names = preview.fields.map((f) => f.name);
  if (preview.sample.length === 0) return null;
  return (
    <div className="sample" data-testid="import-sample">
      <table>
        <thead>
          <tr>
            {names.map((n) => (
              <th key={n}>{n}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.sample.slice(0, ROWS).map((row, i) => (
            <tr key={i}>
              {names.map((n) => (
                <td key={n}>{row[n] === null || row[n] === undefined ? '' : String(row[n])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
