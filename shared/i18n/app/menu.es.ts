/** The app's words for the desktop menu (Electron main builds it in the app's language), in Mexican Spanish (a section of app.es.ts). */
import type { Translation } from '../languages.ts';
import type { menuEn } from './menu.en.ts';

export const menuEs: Translation<typeof menuEn> = {
  file: 'Archivo',
  newWorkspace: 'Nuevo espacio de trabajo…',
  openWorkspace: 'Abrir espacio de trabajo…',
  openRecent: 'Abrir reciente',
  noRecent: 'No hay espacios de trabajo recientes',
  openTeam: 'Abrir espacio de trabajo del equipo…',
  publishTeam: 'Publicar en el espacio de trabajo del equipo…',
  import: 'Importar datos…',
  export: 'Exportar capa…',
  print: 'Imprimir informe…',
  quit: 'Salir',
  closeWindow: 'Cerrar ventana',
  view: 'Ver',
  zoomRegion: 'Acercar a la zona fronteriza',
  table: 'Tabla de atributos',
  measure: 'Medir distancia',
  zoomSelection: 'Acercar a la selección',
  actualSize: 'Tamaño real',
  zoomIn: 'Ampliar',
  zoomOut: 'Reducir',
  fullScreen: 'Pantalla completa',
  analysis: 'Análisis',
  showAnalysis: 'Mostrar el panel de análisis',
  help: 'Ayuda',
  about: 'Acerca de Frontera',
  dialogs: {
    newTitle: 'Nuevo espacio de trabajo',
    openTitle: 'Abrir espacio de trabajo',
    workspaceFilter: 'Espacio de trabajo de Frontera',
    cannotOpen: 'No se puede abrir el espacio de trabajo',
    offline: 'Sin conexión: esta aplicación no hace ninguna petición a la red.',
  },
};
