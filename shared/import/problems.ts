import { UserError } from '../errors.ts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import { translator } from '../i18n/translator.ts';
import type { importEn } from '../i18n/import.en.ts';

/** A key of the import catalogue (shared/i18n/import.en.ts), plural suffixes left off. */
type Keys<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K extends `${infer B}_${'one' | 'other'}` ? B : K}` : Keys<T[K], `${P}${K}.`>;
}[keyof T & string];
export type ImportKey = Keys<typeof importEn>;

/**
 * A value of an import sentence: a number or data as it stands, another sentence of the
 * catalogue, or `{ path }`, a place in a file or a geometry as the readers write it in English
 * ("row 3 (line 5)", "polygon 2 ring 1 position 4 "): its words are the closed set of
 * import.where and are said in the language word by word (see `pathIn`).
 */
export type ImportValue = string | number | ImportWords | { path: string };
/** An import sentence as its catalogue key and values, for a host to say in the analyst's language. */
export interface ImportWords {
  key: ImportKey;
  values?: Record<string, ImportValue>;
}
/** An import sentence: its English (what messages, the audit log and --json carry) and its words. */
export interface Said {
  text: string;
  words: ImportWords;
}

export function said(key: ImportKey, values?: Record<string, ImportValue>): Said {
  const words: ImportWords = values ? { key, values } : { key };
  return { text: sayIn(words, DEFAULT_LANGUAGE), words };
}

/** A reason as readers give it: a sentence of the catalogue, or (what is not in it yet) English text. */
export type Reason = string | Said;

export function sayIn(words: ImportWords, language: Language): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(words.values ?? {})) values[k] = valueIn(v, language);
  return translator(language, 'import')(words.key, values);
}

function valueIn(v: ImportValue, language: Language): string | number {
  if (typeof v !== 'object') return v;
  return 'path' in v ? pathIn(v.path, language) : sayIn(v, language);
}

const PLACE_WORDS = /\b(row|line|sheet row|feature|record|placemark|waypoint|route|track|polygon|ring|position) (\d+)/g;

/** A place written in English by a reader, in the language: each "word N" through import.where. */
function pathIn(path: string, language: Language): string {
  if (language === DEFAULT_LANGUAGE) return path;
  const t = translator(language, 'import');
  return path.replace(PLACE_WORDS, (_, word: string, n: string) => t(`where.${word === 'sheet row' ? 'sheetRow' : word}`, { n })).replace(/^header\b/, t('where.header'));
}

/**
 * Import problems name the file, the record and the reason, so an analyst can fix the source.
 * `index` is the 0-based source index (row without header, or feature/record index);
 * `location` is the human form of it ("row 12", "feature 3", "record 7", "byte 1024").
 * `reason` is English; `words`, when the reason is in the import catalogue, says it in another language.
 */
export interface ImportProblem {
  file: string;
  location: string | null;
  index: number | null;
  reason: string;
  words?: ImportWords;
}

/** A problem with its reason's English and, for a catalogue sentence, its words. */
export function importProblem(file: string, location: string | null, index: number | null, reason: Reason): ImportProblem {
  return typeof reason === 'string' ? { file, location, index, reason } : { file, location, index, reason: reason.text, words: reason.words };
}

export const MAX_REPORTED_PROBLEMS = 20;

/** The problem's reason in the language (English as recorded where it has no words). */
export function reasonIn(p: ImportProblem, language: Language = DEFAULT_LANGUAGE): string {
  return p.words && language !== DEFAULT_LANGUAGE ? sayIn(p.words, language) : p.reason;
}

/** The problem's location ("fila 3 (línea 5)") in the language. */
export function locationIn(p: ImportProblem, language: Language = DEFAULT_LANGUAGE): string | null {
  return p.location === null ? null : pathIn(p.location, language);
}

export function formatProblem(p: ImportProblem, language: Language = DEFAULT_LANGUAGE): string {
  const location = locationIn(p, language);
  const reason = reasonIn(p, language);
  return location ? `${p.file}: ${location}: ${reason}` : `${p.file}: ${reason}`;
}

/** Thrown when an import must stop; carries up to MAX_REPORTED_PROBLEMS problems. */
export class ImportError extends UserError {
  readonly problems: ImportProblem[];
  /** Total number of problems found, which may exceed problems.length. */
  readonly total: number;

  constructor(problems: ImportProblem[], total = problems.length) {
    super(importErrorText(problems.slice(0, MAX_REPORTED_PROBLEMS), total, DEFAULT_LANGUAGE));
    this.name = 'ImportError';
    this.problems = problems.slice(0, MAX_REPORTED_PROBLEMS);
    this.total = total;
  }

  /** The message in the language: its problems, one a line. */
  textIn(language: Language): string {
    return importErrorText(this.problems, this.total, language);
  }
}

function importErrorText(shown: ImportProblem[], total: number, language: Language): string {
  const more = total > shown.length ? `\n${translator(language, 'import')('more', { n: total - shown.length })}` : '';
  return shown.map((p) => formatProblem(p, language)).join('\n') + more;
}

/** A problem found with the whole file rather than one record (unreadable, missing sibling, bad .prj). */
export function fileProblem(file: string, reason: Reason): ImportError {
  return new ImportError([importProblem(file, null, null, reason)]);
}

/** What a reading left out or changed, for the import's summary: English `notes` and, index for index, their words. */
export function notesOf(reasons: readonly Reason[]): { notes: string[]; noteWords?: (ImportWords | null)[] } {
  const notes = reasons.map((r) => (typeof r === 'string' ? r : r.text));
  return reasons.some((r) => typeof r !== 'string') ? { notes, noteWords: reasons.map((r) => (typeof r === 'string' ? null : r.words)) } : { notes };
}

/** An import summary's notes in the language. */
export function notesIn(s: { notes?: string[]; noteWords?: (ImportWords | null)[] }, language: Language): string[] {
  return (s.notes ?? []).map((n, k) => {
    const words = s.noteWords?.[k];
    return words && language !== DEFAULT_LANGUAGE ? sayIn(words, language) : n;
  });
}
