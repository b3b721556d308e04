/**
 * Frontera's words in every language, through one i18next instance. Resources live beside this
 * file as `<namespace>.<language>.ts`; each namespace is one part of the product (`briefing`:
 * the printed page; `analysis`: the sentences analyses write; `app`: the app window's interface;
 * `cli`: the command line's human output; `import`: what an import says about a file). Everything is bundled: nothing is ever loaded over a network.
 */
import i18next, { type TFunction } from 'i18next';
import { analysisEn } from './analysis.en.ts';
import { analysisEs } from './analysis.es.ts';
import { appEn } from './app.en.ts';
import { appEs } from './app.es.ts';
import { briefingEn } from './briefing.en.ts';
import { briefingEs } from './briefing.es.ts';
import { cliEn } from './cli.en.ts';
import { cliEs } from './cli.es.ts';
import { importEn } from './import.en.ts';
import { importEs } from './import.es.ts';
import { DEFAULT_LANGUAGE, type Language } from './languages.ts';

export const RESOURCES = {
  en: { briefing: briefingEn, analysis: analysisEn, app: appEn, cli: cliEn, import: importEn },
  es: { briefing: briefingEs, analysis: analysisEs, app: appEs, cli: cliEs, import: importEs },
} as const;
export type Namespace = keyof (typeof RESOURCES)['en'];

const i18n = i18next.createInstance();
void i18n.init({
  resources: RESOURCES,
  lng: DEFAULT_LANGUAGE,
  // A key missing in one language (the unit test forbids it) would print in English, not as a key.
  fallbackLng: DEFAULT_LANGUAGE,
  ns: Object.keys(RESOURCES.en),
  defaultNS: false,
  // Text goes to React or plain strings, never into HTML; and data values (a layer named
  // "{{x}}" or "$t(…)") are interpolated as they are, never read as templates.
  interpolation: { escapeValue: false, skipOnVariables: true },
  initAsync: false,
});

const fixed = new Map<string, TFunction>();

/** `t(key, values)` for one language and namespace. */
export function translator(language: Language, namespace: Namespace): TFunction {
  const key = `${language}|${namespace}`;
  let t = fixed.get(key);
  if (!t) fixed.set(key, (t = i18n.getFixedT(language, namespace)));
  return t;
}
