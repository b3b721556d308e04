/** The app's words for team workspaces: publish to and open a PostGIS workspace, in Mexican Spanish (a section of app.es.ts). */
import type { Translation } from '../languages.ts';
import type { teamEn } from './team.en.ts';

export const teamEs: Translation<typeof teamEn> = {
  url: 'URL del espacio de trabajo del equipo',
  urlExample: 'postgresql://USUARIO@SERVIDOR:PUERTO/BD?schema=NOMBRE',
  password: 'Contraseña',
  publish: {
    button: 'Publicar en el espacio de trabajo del equipo…',
    title: 'Publicar en el espacio de trabajo del equipo',
    intro: 'Copia capas de este espacio de trabajo a un espacio de trabajo del equipo en PostGIS, con sus huellas de origen, su procedencia y sus registros de auditoría (como lo hace frontera copy).',
    passwordHint: 'Se usa solo para esta publicación y nunca se guarda. Déjela vacía para usar PGPASSWORD o ~/.pgpass.',
    layers: 'Capas por publicar',
    analyses: 'Con sus análisis guardados',
    run: 'Publicar',
    running: 'Publicando…',
    progress: 'Se publicó {{name}} ({{done}} de {{total}})…',
    done_one: 'Se publicó {{count}} capa en {{url}} (análisis guardados: {{analyses}}).',
    done_other: 'Se publicaron {{count}} capas en {{url}} (análisis guardados: {{analyses}}).',
  },
  open: {
    button: 'Abrir espacio de trabajo del equipo…',
    title: 'Abrir espacio de trabajo del equipo',
    passwordHint: 'Se conserva en memoria mientras el espacio de trabajo esté abierto y nunca se guarda. Déjela vacía para usar PGPASSWORD o ~/.pgpass.',
    run: 'Abrir',
    running: 'Abriendo…',
    browserIntro: 'Esta ventana del navegador muestra el único espacio de trabajo con el que se inició su servidor. Para trabajar en el navegador sobre un espacio de trabajo del equipo, inicie el servidor con su URL:',
    browserPassword: 'El servidor toma la contraseña de PGPASSWORD o de ~/.pgpass (vea docs/team.md); la aplicación de escritorio la pide aquí.',
  },
  errors: {
    urlFormat: 'URL del espacio de trabajo del equipo: se espera postgresql://USUARIO@SERVIDOR:PUERTO/BD?schema=NOMBRE.',
    noLayers: 'Elija al menos una capa por publicar.',
    readOnly: 'Espacio de trabajo del equipo de solo lectura: su rol de base de datos puede abrirlo, verlo y analizarlo, pero no publicar en él. Su administrador otorga el permiso de escritura (docs/team.md).',
    refused: 'Conexión rechazada: ningún servidor de espacios de trabajo del equipo responde en ese servidor y puerto.',
    password: 'El servidor rechazó la contraseña de este rol.',
    exists: 'El espacio de trabajo del equipo ya tiene una capa llamada «{{name}}»: no se publicó nada. Cambie aquí el nombre de la capa o quítela primero allá.',
  },
};
