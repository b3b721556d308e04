/**
 * The `frontera` command line's human output in English (`--lang en`, the default): table
 * headings and the words of its lines. `--json` is the same in every language and never passes
 * through here; nor do data values (layer, field and category names as stored).
 */
export const cliEn = {
  layers: {
    none: 'no layers (import some with `frontera import`)',
    columns: { id: 'id', name: 'name', geometry: 'geometry', features: 'features', extent: 'extent (lon/lat: W, S, E, N)', crs: 'source CRS' },
    empty: '(empty)',
    fields: 'fields:',
    layer: 'layer',
    noFields: '(none)',
    timeWindows: 'time windows:',
    windows: 'windows',
  },
  bins: { day: 'day', week: 'week', month: 'month' },
  weekdays: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
  timeline: {
    head_one: '{{n}} incident, {{bins}} {{bin}} bins ({{tz}})',
    head_other: '{{n}} incidents, {{bins}} {{bin}} bins ({{tz}})',
    wider: 'wider than a {{bin}}, spread over several: {{wider}}',
    outside: 'outside the period: {{n}}',
    incidents: 'incidents',
    dayHourAoristic: 'weekday × hour of day (aoristic: each record over the hours of its window, a date-only one over its day):',
    dayHour: 'weekday × hour of day (unknown: date-only records):',
    unknown: 'unknown',
  },
  compare: {
    before: 'before {{from}}..{{to}} ({{days}} days): {{count}}',
    after: 'after  {{from}}..{{to}} ({{days}} days): {{count}}',
    rate: 'rate ratio {{ratio}} 95 % CI {{ci}}; {{test}}; {{significance}} at 0.05',
    na: 'n/a',
    noTest: 'no test (no incidents)',
    significant: 'significant',
    notSignificant: 'not significant',
    zones: 'per zone of analysis #{{id}} (q: Benjamini–Hochberg across the zones):',
    columns: { zone: 'zone', before: 'before', after: 'after', significant: 'significant' },
    zoneNoTest: 'no test',
    yes: 'yes',
    no: 'no',
  },
};
