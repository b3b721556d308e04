/** The app's words for the layer tools: filter builder, style editor, legend, the coordinate readout and the map's popups, in English (a section of app.en.ts). */
export const layerToolsEn = {
  /** The field types as the pickers name them beside a field's name. */
  fieldTypes: { string: 'text', number: 'number', integer: 'integer', boolean: 'yes/no', date: 'date', unknown: 'unknown' },
  /** The layer's Filter… builder (renderer/panels/FilterBuilder.tsx). */
  filter: {
    title: 'Filter {{layer}}',
    join: 'Join',
    and: 'and',
    or: 'or',
    field: 'Field',
    operator: 'Operator',
    value: 'Value',
    valueList: 'Values, separated by commas',
    datePlaceholder: 'YYYY-MM-DD',
    add: 'Add condition',
    remove: 'Remove condition',
    apply: 'Apply filter',
    clear: 'Clear filter',
    expression: 'Expression',
    nested: 'This filter groups conditions in parentheses; it is kept as written until you change a condition.',
    noFields: 'This layer has no attribute fields to filter on.',
    /** The chip under a filtered layer; the filter itself is its text form, the same in both languages. */
    chip: 'Filter: {{filter}}',
    /** A condition whose value its field cannot take: the row's number, the field, the value as typed. */
    bad: {
      number: 'Condition {{n}}: field “{{field}}” holds numbers; “{{value}}” is not a number.',
      date: 'Condition {{n}}: field “{{field}}” holds dates; “{{value}}” is not a date (YYYY-MM-DD).',
      boolean: 'Condition {{n}}: field “{{field}}” holds true/false values; “{{value}}” is neither true nor false.',
    },
    /** The operators spelt in words; the comparison signs (=, ≠, <, ≤, >, ≥) are shown as signs. */
    ops: { contains: 'contains', startsWith: 'starts with', isEmpty: 'is empty', isNotEmpty: 'is not empty', in: 'in list' },
  },
  /** The layer's Style… editor (renderer/panels/StyleEditor.tsx). */
  style: {
    button: 'Style…',
    buttonTitle: 'Colour or label the features of {{layer}} by an attribute',
    title: 'Style {{layer}}',
    mode: 'Style',
    single: 'Single colour',
    categorized: 'Categorized',
    graduated: 'Graduated',
    field: 'Field',
    method: 'Classification',
    methods: { 'natural-breaks': 'Natural breaks (Jenks)', quantiles: 'Quantiles', 'equal-interval': 'Equal interval', manual: 'Manual limits' },
    classes: 'Classes',
    limits: 'Class limits',
    limitsHint: 'The limits between classes, rising, separated by commas: 5, 20, 50 makes ≤ 5, 5 – 20, 20 – 50 and above 50.',
    /** Manual class limits refused (shared/analysis/classify.ts parseClassLimits). */
    limitsProblem: {
      notNumbers: 'Class limits: “{{text}}” is not a list of numbers; type them with a decimal point, separated by commas (5, 20, 50).',
      notRising: 'Class limits must rise: {{before}} is followed by {{after}}.',
      tooMany: 'Class limits: at most {{max}} (twelve classes).',
    },
    by: 'Vary',
    byColor: 'Colour',
    bySize: 'Size',
    labels: 'Labels',
    noLabels: 'No labels',
    apply: 'Apply style',
    noNumbers: 'This layer has no number field to grade.',
    binsNote: 'Big layers are styled where the map shows their points; the aggregated cells keep their count colours.',
  },
  /** The key to the layers styled by attribute (renderer/legend/StyleLegend.tsx). */
  legend: {
    name: 'Layer styles',
    other: 'Other values',
    noData: 'No value',
    labels: 'Labels: {{field}}',
    filtered: 'Counts of the features that pass the layer’s filter.',
    bins: 'Styled where points are shown; the aggregated cells keep their count colours.',
  },
  /** The status bar's coordinate read-out and go-to box (renderer/panels/StatusBar.tsx). */
  status: {
    format: 'Coordinate format',
    /** The short names that differ by language (UTM and MGRS are the same in both), and each format's full name (a tooltip). */
    formats: { DD: 'DD', DMS: 'DMS' },
    formatNames: {
      DD: 'Decimal degrees',
      DMS: 'Degrees, minutes and seconds',
      UTM: 'Universal Transverse Mercator: zone, easting, northing',
      MGRS: 'Military Grid Reference System',
    },
    /** The letter of west longitudes in the read-out and popups (the go-to box reads W and O alike). */
    west: 'W',
    /** The read-out in UTM or MGRS where neither is defined (the poles are UPS). */
    beyondUtm: 'no {{format}} beyond 80° S and 84° N (UPS)',
    goTo: 'Go to coordinate',
    goToPlaceholder: 'Go to coordinate…',
    goToForms: 'lat, lon (32.4561, -114.7717), DMS, UTM (11S 709449 3593179) or MGRS (11SQR0944893179); Enter',
    north: 'North (click to reset the rotation)',
    northArrow: 'North arrow',
  },
  /** A feature's popup (renderer/map/featurePopup.ts): the words of ours beside the layer's own fields; the attribute table heads its analysis columns ($time …) with them too. */
  popup: {
    time: 'time',
    timeEnd: 'time_end',
    category: 'category',
    quantity: 'quantity',
    unit: 'unit',
    precision: 'precision',
    featureId: 'feature id',
    source: 'source',
    sourceRecord: '{{file}}, record {{n}} (source_index)',
  },
  /** Buffer… (renderer/panels/BufferDialog.tsx). */
  buffer: {
    title: 'Buffer',
    around: 'Around',
    basemap: 'Basemap',
    layers: 'Layers',
    /** The basemap's layers by their id after "basemap:", bare, for the new layer's default name (the list shows params.basemap). */
    basemapLayers: { border: 'US–Mexico border', 'ports-of-entry': 'Ports of entry' },
    onlyFeature: 'Only feature',
    onlyFeaturePlaceholder: 'all (or a record #)',
    distance: 'Distance (m)',
    newLayer: 'New layer',
    dissolve: 'One polygon for all features (dissolve)',
    note: 'Geodesic distance on the WGS 84 ellipsoid. Without dissolve, each feature gets its own polygon with its attributes.',
    defaultName: '{{source}} {{km}} km buffer',
    defaultNameNoDistance: '{{source}} buffer',
    run: 'Buffer',
    running: 'Buffering…',
    badDistance: 'Distance must be a positive number of metres.',
    badFeature: 'Only feature must be a record number (0, 1, 2 …) or empty.',
    noName: 'Name the new layer.',
  },
  /** The measure tool's labels on the map (renderer/map/measure.ts). */
  measure: {
    total: 'Total {{distance}}',
  },
  /** The attribute table's region (renderer/panels/AttributeTable.tsx). */
  table: {
    name: 'Attributes of {{layer}}',
  },
  /** The import dialog's own sentences (renderer/import/importMessages.ts, importChoices.ts, renderer/panels/ImportDialog.tsx). */
  import: {
    cancelled: 'Cancelled.',
    internal: 'The import failed because of an internal error.',
    problems_one: '{{n}} problem found, nothing was imported. {{advice}}',
    problems_other: '{{n}} problems found, nothing was imported. {{advice}}',
    fixOrSkip: 'Fix the file, or tick “{{skip}}”.',
    fix: 'Fix the file.',
    imported: 'Imported {{n}} features.',
    importedSkipped: 'Imported {{n}} features, skipped {{skipped}}.',
    stackedOne: 'Stacked point: {{sentence}}.',
    stackedMany: '{{points}} stacked points hold {{records}} records; the largest: {{sentence}}.',
    stackedAdvice: '“Exclude stacked points” in an analysis leaves them out.',
    note: 'Note: {{notes}}.',
    chooseCoordinates: 'Choose the columns that hold the coordinates: “{{lat}}” and “{{lon}}”, or “{{wkt}}”.',
    chooseCrs: 'Choose the “{{crs}}”: the coordinates are not longitude/latitude and the file does not say what they are.',
    noneReadable: 'None of the chosen files can be imported: choose a file of a format Frontera reads ({{extensions}}; a .shp with its .dbf, .shx and .prj).',
    /** The coordinate systems the import dialog offers (renderer/import/controls.ts CRS_CHOICES). */
    crsChoices: {
      wgs84: 'WGS 84 — longitude/latitude (EPSG:4326)',
      utm11: 'WGS 84 / UTM zone 11N (EPSG:32611)',
      utm12: 'WGS 84 / UTM zone 12N (EPSG:32612)',
      inegiLambert: 'INEGI Lambert, Mexico ITRF2008 / LCC (EPSG:6372)',
    },
  },
  /** The timeline's note on records spread over bins (renderer/timeline/Timeline.tsx), by the bin chosen. */
  timeline: {
    spread: {
      day: '{{wider}}, spread over several days',
      week: '{{wider}}, spread over several weeks',
      month: '{{wider}}, spread over several months',
    },
  },
};
