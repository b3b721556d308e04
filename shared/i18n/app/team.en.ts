/** The app's words for team workspaces: publish to and open a PostGIS workspace, in English (a section of app.en.ts). */
export const teamEn = {
  url: 'Team workspace URL',
  urlExample: 'postgresql://USER@HOST:PORT/DB?schema=NAME',
  password: 'Password',
  publish: {
    /** The button's and the menu item's label: a contract (issue 19), kept as written. */
    button: 'Publish to team workspace…',
    title: 'Publish to team workspace',
    intro: 'Copies layers of this workspace into a team workspace on PostGIS, keeping their source fingerprints, provenance and audit entries (as frontera copy does).',
    passwordHint: 'Used for this publish only, never stored. Leave it empty to use PGPASSWORD or ~/.pgpass.',
    layers: 'Layers to publish',
    analyses: 'With their stored analyses',
    run: 'Publish',
    running: 'Publishing…',
    progress: 'Published {{name}} ({{done}} of {{total}})…',
    done_one: 'Published {{count}} layer to {{url}} (stored analyses: {{analyses}}).',
    done_other: 'Published {{count}} layers to {{url}} (stored analyses: {{analyses}}).',
  },
  open: {
    /** The button's and the menu item's label: a contract (issue 19), kept as written. */
    button: 'Open team workspace…',
    title: 'Open team workspace',
    passwordHint: 'Kept in memory while the workspace is open, never stored. Leave it empty to use PGPASSWORD or ~/.pgpass.',
    run: 'Open',
    running: 'Opening…',
    browserIntro: 'This browser window shows the one workspace its server was started on. To work on a team workspace in the browser, start the server on its URL:',
    browserPassword: 'The server takes the password from PGPASSWORD or ~/.pgpass (see docs/team.md); the desktop app asks for it here.',
  },
  errors: {
    urlFormat: 'Team workspace URL: expected postgresql://USER@HOST:PORT/DB?schema=NAME.',
    noLayers: 'Choose at least one layer to publish.',
    readOnly: 'read-only team workspace: your database role may open, view and analyse it, not publish to it. Its administrator grants write access (docs/team.md).',
    refused: 'Connection refused: no team workspace server answers at that host and port.',
    password: 'The server refused the password for this role.',
    exists: 'The team workspace already has a layer named “{{name}}”: nothing was published. Rename the layer here, or remove it there first.',
  },
};
