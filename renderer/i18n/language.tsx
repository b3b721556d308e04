/**
 * The app's language: the analyst's choice (the switch in the status bar), remembered in this
 * browser profile's localStorage — it belongs to the person, not to the workspace, whose map
 * state other analysts may open — and written to `<html lang>` so the page says what it is in.
 * Components read their words and number/date formats from `useWords()`; the words themselves
 * are the `app` namespace of shared/i18n, the same catalogue the printed briefing uses.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { formatDateText, formatDay, formatNumber } from '../../shared/i18n/format.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../shared/i18n/languages.ts';
import { translator } from '../../shared/i18n/translator.ts';

const LANGUAGE_STORAGE_KEY = 'frontera.language';

export interface Words {
  language: Language;
  /** `t(key, values)` in the app namespace. */
  t: TFunction;
  /** A number as the language writes it: whole by default, else at most `maxDigits` decimals. */
  num: (n: number, maxDigits?: number) => string;
  /** A calendar day (YYYY-MM-DD): 2023-07-14 in English, 14 jul 2023 in Spanish. */
  day: (isoDay: string) => string;
  /** A date or instant as typed (a time window's end), shown in zone `tz`. */
  dateText: (text: string, tz: string) => string;
}

/** The words of one language, outside React too (a legend or popup built by a plain function). */
export function wordsFor(language: Language): Words {
  return {
    language,
    t: translator(language, 'app'),
    num: (n, maxDigits = 0) => formatNumber(n, language, maxDigits),
    day: (isoDay) => formatDay(isoDay, language),
    dateText: (text, tz) => formatDateText(text, tz, language),
  };
}

interface LanguageContextValue {
  words: Words;
  setLanguage: (language: Language) => void;
}

// Outside a provider (a component rendered on its own) the app speaks English and cannot switch.
const LanguageContext = createContext<LanguageContextValue>({ words: wordsFor(DEFAULT_LANGUAGE), setLanguage: () => {} });

const isLanguage = (v: unknown): v is Language => (LANGUAGES as readonly unknown[]).includes(v);

/** The saved choice; English when there is none, or storage is not available (a locked-down profile). */
function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(v) ? v : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(storedLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
    // The desktop app's menu is main's: it is rebuilt in the page's language (absent in a browser).
    void window.frontera?.setLanguage(language);
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // Not remembered, but the window still switches.
    }
  }, [language]);
  const value = useMemo(() => ({ words: wordsFor(language), setLanguage }), [language]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

/** The words and formats of the language in force. */
export function useWords(): Words {
  return useContext(LanguageContext).words;
}

/** The language switch itself: a choice of the languages, each named in its own words. */
export function LanguageSwitch() {
  const { words, setLanguage } = useContext(LanguageContext);
  const { t, language } = words;
  return (
    <select
      className="language-switch"
      value={language}
      onChange={(e) => isLanguage(e.target.value) && setLanguage(e.target.value)}
      aria-label={t('language.switch')}
      title={t('language.switch')}
      data-testid="language-switch"
    >
      {LANGUAGES.map((l) => (
        <option key={l} value={l} lang={l}>
          {t(`language.${l}`)}
        </option>
      ))}
    </select>
  );
}
