/**
 * `frontera labels --from-csv FILE`: a table of labels as an analyst keeps one in a spreadsheet —
 * a `code` column and either a `label` column (in the --lang language) or `en`/`es` columns (both
 * languages at once). Read with the importer's own CSV reader (delimiter, encoding and quoting
 * detected as for any imported table; codes such as "02" stay text), without coordinates.
 */
import fs from 'node:fs';
import { createCsvParser, csvRowLocation } from '../shared/import/csv.ts';
import { ImportError, type ImportProblem } from '../shared/import/problems.ts';
import type { Language } from '../shared/i18n/languages.ts';
import { UsageError } from './command.ts';

export interface CsvLabel {
  code: string;
  en?: string;
  es?: string;
}

const CODE_NAMES = ['code', 'codigo', 'código', 'value', 'valor', 'clave'];
const LABEL_NAMES = ['label', 'etiqueta', 'description', 'descripcion', 'descripción'];

const cellText = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

export function readLabelsCsv(file: string, language: Language): CsvLabel[] {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`--from-csv ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const rows: { index: number; properties: Record<string, unknown> }[] = [];
  const problems: ImportProblem[] = [];
  let columns: string[] = [];
  const parser = createCsvParser(
    // Coordinates are not looked for: a table of labels has none (rows come without geometry).
    { fileName: file, onCoordinatesMissing: () => {} },
    {
      onFields: (fields) => (columns = fields.map((f) => f.name)),
      onRecord: (r) => rows.push({ index: r.sourceIndex, properties: r.properties }),
      onProblem: (p) => problems.push(p),
    },
  );
  parser.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  parser.end();
  if (problems.length) throw new ImportError(problems);
  const find = (names: string[]) => columns.find((c) => names.includes(c.trim().toLowerCase()));
  const codeCol = find(CODE_NAMES);
  const labelCol = find(LABEL_NAMES);
  const enCol = find(['en']);
  const esCol = find(['es']);
  if (!codeCol || !(labelCol || enCol || esCol)) {
    throw new UsageError(
      `--from-csv ${file}: needs a "code" column and a "label" column (in the --lang language) or "en" and "es" columns; it has ${columns.map((c) => `"${c}"`).join(', ') || 'none'}`,
    );
  }
  const seen = new Map<string, number>();
  return rows.map(({ index, properties }) => {
    const code = cellText(properties[codeCol]);
    const where = `--from-csv ${file}: ${csvRowLocation(index)}`;
    if (!code) throw new UsageError(`${where}: the code is empty`);
    const before = seen.get(code);
    if (before !== undefined) throw new UsageError(`${where}: code "${code}" is already labelled on ${csvRowLocation(before)}`);
    seen.set(code, index);
    const out: CsvLabel = { code };
    if (labelCol) out[language] = cellText(properties[labelCol]);
    if (enCol) out.en = cellText(properties[enCol]);
    if (esCol) out.es = cellText(properties[esCol]);
    return out;
  });
}
