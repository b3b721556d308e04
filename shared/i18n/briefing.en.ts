/**
 * Every word the printed briefing map says of its own, in English: the model's texts
 * (shared/report/model.ts) and the page's labels (renderer/briefing/). Data values (layer and
 * category names as stored, the analyst's title and banner) never pass through here. Keys ending
 * in _one/_other are i18next plurals, chosen by `count`.
 */
export const briefingEn = {
  methods: {
    dbscan: 'DBSCAN density clustering',
    gistar: 'Getis–Ord Gi* hot spot analysis',
    kde: 'Kernel density estimation',
    nni: 'Average nearest neighbour index',
    corridors: 'Corridor detection',
    emerging: 'Emerging hot spot analysis',
    areas: 'Counts per area',
  },
  incidents_one: '{{n}} incident',
  incidents_other: '{{n}} incidents',
  /** The default title's subject when the workspace has no incident layer. */
  workspace: 'workspace',
  synthetic: 'SYNTHETIC — demonstration data',
  notice: {
    noIncidents: 'No incidents in this selection',
    inPeriod: 'No incidents in this selection ({{period}}).',
    noLayer: 'No incidents in this selection: the workspace has no incident layer to draw.',
  },
  /** The selection's time window (the subtitle); an open end is "…". */
  period: '{{from}} to {{to}} ({{tz}})',
  legend: {
    title: 'Legend',
    heat: 'Incident density ({{incidents}})',
    noCategory: 'No category',
    reference: 'Reference',
    cluster: 'DBSCAN cluster (label: rank: incidents)',
    clusterPoint: 'DBSCAN cluster on one spot or a line (circle: incidents)',
    giBin: {
      hot99: 'Hot spot, 99 % confidence',
      hot95: 'Hot spot, 95 % confidence',
      hot90: 'Hot spot, 90 % confidence',
      cold90: 'Cold spot, 90 % confidence',
      cold95: 'Cold spot, 95 % confidence',
      cold99: 'Cold spot, 99 % confidence',
    },
    noSignificantCell: 'No significant cell',
    densest: 'Densest {{percent}} % of the area',
    corridor: 'Corridor centreline',
    border: 'International border',
    /** Counts per area: what the choropleth's classes measure (the legend group's title). */
    areaValue: {
      count: 'incidents',
      density: 'incidents per 100 km²',
      per100k: 'incidents per 100,000 people',
    },
    areaClass: '{{from}} – {{to}}',
    noValue: 'No value (no population)',
    /** A layer styled by attribute (style editor): its group's title, the values beyond the listed ones, the features without a value, the labels' field. */
    styledBy: '{{layer}} by {{field}}',
    otherValues: 'Other values',
    noFieldValue: 'No value',
    labels: 'Labels: {{field}}',
  },
  figures: {
    title: 'Key figures',
    inSelection: 'Incidents in selection',
    insideMap: 'of them inside the map',
    clusters: 'Clusters',
    clustered: '{{incidents}}, {{percent}} % clustered',
    hotspot: 'Hotspot #{{rank}}',
    hotCells: 'Hot spot cells (99/95/90 %)',
    coldCells: 'Cold spot cells (99/95/90 %)',
    hottestCell: 'Hottest cell {{id}}',
    bandwidth: 'Bandwidth',
    cellSize: 'cell {{size}}',
    peakDensity: 'Peak density',
    perKm2: '{{value}} per km²',
    pattern: 'Pattern',
    summary: 'Summary',
    noTest: 'no test (no incidents)',
    inAreas: 'Incidents in the areas',
    ofAll: 'of {{n}}',
    per100Km2: '{{value}} per 100 km²',
  },
  /** Hemisphere letters after a coordinate (32.456°N 114.770°W). */
  compass: { N: 'N', S: 'S', E: 'E', W: 'W' },
  /** The incidents an analysis ran on, in the provenance block. */
  selection: {
    all: 'all incidents',
    period: '{{from}} to {{to}}',
    categories: 'categories {{list}}',
    within: 'within {{area}}',
    where: 'filter {{filter}}',
    withinDistance: 'within {{metres}} m of {{layer}}',
    precisionMax: 'location precision ≤ {{max}} ({{records}} records left out)',
    excludeStacked: 'stacked points left out ({{records}} records)',
  },
  sources: {
    features_one: '{{n}} feature',
    features_other: '{{n}} features',
    synthetic: '{{source}} — SYNTHETIC',
    basemap: 'Basemap: Natural Earth (public domain) via world-atlas; Mexican states: INEGI, Marco Geoestadístico; US states and counties: US Census via us-atlas; ports of entry: CBP port list',
  },
  dtg: {
    label: 'DTG',
    /** The date-time group's months, January first. */
    months: 'JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC',
  },
  scale: { trueAt: 'true at {{latitude}} (map centre)' },
  map: { alt: 'Map', north: 'North', northLetter: 'N' },
  overview: { title: 'Overview', label: 'Overview of the map extent', mexico: 'MEXICO', us: 'UNITED STATES' },
  timeline: {
    title: 'Incidents per {{unit}} ({{n}} in the selection, {{tz}})',
    label: 'Incidents over time',
    unit: { day: 'day', week: 'week', month: 'month' },
  },
  provenance: {
    title: 'Sources and provenance',
    workspace: 'Workspace {{file}}, fingerprint {{fingerprint}} (time zone {{tz}}).',
    selection: 'Selection: {{layer}}, from {{from}} to {{to}}, categories {{categories}}: {{incidents}}.',
    noLayer: 'none',
    firstRecord: 'first record',
    lastRecord: 'last record',
    allCategories: 'all',
    analysis: 'Analysis {{id}}: {{method}} on {{selection}}; parameters {{params}}; input {{fingerprint}}; run {{at}}.',
    comparison: 'Comparison: {{request}}; {{test}}.',
    timeline: 'Timeline: {{unit}} bins, {{tz}}.',
    reprint: '{{generator}}, {{at}}. Reprint:',
  },
};
