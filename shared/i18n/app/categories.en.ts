/** The app's words for the per-layer table of category labels, in English (a section of app.en.ts). */
export const categoriesEn = {
  /** The layer row's button (the accessible name the e2e test and the user guide use). */
  button: 'Category labels…',
  buttonTitle: 'Labels for the category codes of {{layer}}, in English and Spanish',
  dialog: 'Category labels of {{layer}}',
  intro:
    'Each code of the category field {{field}} with its records. Its label is shown wherever the code would be — legends, timeline, popups, the table, analyses and briefings. A label left empty in one language shows the other.',
  noField: '(none mapped)',
  code: 'Code',
  records: 'Records',
  labels: 'Labels',
  en: 'English label',
  es: 'Spanish label',
  /** Accessible name of one label field. */
  labelFor: '{{language}} for code {{code}}',
  save: 'Save labels',
  saving: 'Saving…',
  notInLayer: 'no longer in the layer',
};
