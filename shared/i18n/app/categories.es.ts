/** The app's words for the per-layer table of category labels, in Mexican Spanish (a section of app.es.ts). */
import type { Translation } from '../languages.ts';
import type { categoriesEn } from './categories.en.ts';

export const categoriesEs: Translation<typeof categoriesEn> = {
  button: 'Etiquetas de categoría…',
  buttonTitle: 'Etiquetas para los códigos de categoría de {{layer}}, en inglés y en español',
  dialog: 'Etiquetas de categoría de {{layer}}',
  intro:
    'Cada código del campo de categoría {{field}} con sus registros. Su etiqueta aparece dondequiera que aparecería el código: leyendas, línea de tiempo, ventanas emergentes, la tabla, los análisis y los informes. Si una etiqueta se deja vacía en un idioma, se muestra la del otro.',
  noField: '(ninguno asignado)',
  code: 'Código',
  records: 'Registros',
  labels: 'Etiquetas',
  en: 'Etiqueta en inglés',
  es: 'Etiqueta en español',
  labelFor: '{{language}} del código {{code}}',
  save: 'Guardar etiquetas',
  saving: 'Guardando…',
  notInLayer: 'ya no está en la capa',
};
