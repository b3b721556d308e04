/**
 * GeoPackage (OGC 12-128r18), what QGIS shops send. In: every feature table a layer, or the one
 * `--table` names (gpkgRead.ts). Out: several layers and results in one file, each a feature
 * table with its R-tree, a result's provenance in the metadata extension (gpkgWrite.ts).
 */
import { openGeoPackage } from './gpkgRead.ts';
import { writeGeoPackage } from './gpkgWrite.ts';
import type { FormatModule } from './types.ts';

export const gpkgFormat: FormatModule = {
  id: 'gpkg',
  label: 'GeoPackage',
  read: {
    extensions: ['gpkg'],
    open: openGeoPackage,
  },
  write: {
    extensions: ['gpkg'],
    geometry: 'any',
    multiple: true,
    provenanceInFile: true,
    write: writeGeoPackage,
  },
};
