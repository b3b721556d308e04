/** The command line's human output in Mexican Spanish (`--lang es`; cli.en.ts explains the keys). */
import type { cliEn } from './cli.en.ts';
import type { Translation } from './languages.ts';

export const cliEs: Translation<typeof cliEn> = {
  layers: {
    none: 'no hay capas (importe alguna con `frontera import`)',
    columns: { id: 'núm.', name: 'nombre', geometry: 'geometría', features: 'elementos', extent: 'extensión (lon/lat: O, S, E, N)', crs: 'SRC de origen' },
    empty: '(vacía)',
    fields: 'campos:',
    layer: 'capa',
    noFields: '(ninguno)',
    timeWindows: 'ventanas de tiempo:',
    windows: 'ventanas',
  },
  bins: { day: 'día', week: 'semana', month: 'mes' },
  weekdays: { mon: 'lun', tue: 'mar', wed: 'mié', thu: 'jue', fri: 'vie', sat: 'sáb', sun: 'dom' },
  timeline: {
    head_one: '{{n}} incidente, {{bins}} intervalos por {{bin}} ({{tz}})',
    head_other: '{{n}} incidentes, {{bins}} intervalos por {{bin}} ({{tz}})',
    wider: 'más amplios que un intervalo por {{bin}}, repartidos entre varios: {{wider}}',
    outside: 'fuera del periodo: {{n}}',
    incidents: 'incidentes',
    dayHourAoristic: 'día de la semana × hora del día (aorístico: cada registro entre las horas de su ventana; uno con solo la fecha, entre las de su día):',
    dayHour: 'día de la semana × hora del día (desconocida: registros con solo la fecha):',
    unknown: 'desconocida',
  },
  compare: {
    before: 'antes   {{from}}..{{to}} ({{days}} días): {{count}}',
    after: 'después {{from}}..{{to}} ({{days}} días): {{count}}',
    rate: 'razón de tasas {{ratio}} IC 95 % {{ci}}; {{test}}; {{significance}} a 0.05',
    na: 'n/d',
    noTest: 'sin prueba (no hay incidentes)',
    significant: 'significativo',
    notSignificant: 'no significativo',
    zones: 'por zona del análisis #{{id}} (q: Benjamini–Hochberg entre las zonas):',
    columns: { zone: 'zona', before: 'antes', after: 'después', significant: 'significativo' },
    zoneNoTest: 'sin prueba',
    yes: 'sí',
    no: 'no',
  },
};
