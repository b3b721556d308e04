/**
 * The attribute filter's reference count on the demo, by GDAL: the incidents layer exported to a
 * GeoPackage and counted with ogrinfo's SQL. The demo's municipalities are Mexicali and San Luis
 * Río Colorado, so `municipio contains "rio"` (accents aside) finds the second only.
 */
import path from 'node:path';
import type { Backend } from '../../electron/backend/backend.ts';
import { gdal } from './gdalFiles.ts';

/** GDAL's count of the demo's homicides in San Luis Río Colorado (municipio contains "rio" and tipo = "Homicidio doloso"). */
export async function gdalRioHomicides(backend: Backend, tmp: string): Promise<number> {
  const gpkg = path.join(tmp, 'incidents.gpkg');
  await backend['export.layer']({ layerId: 1, out: gpkg });
  const sql = "SELECT COUNT(*) AS n FROM incidents WHERE municipio = 'San Luis Río Colorado' AND tipo = 'Homicidio doloso'";
  return Number(/n \(Integer(?:64)?\) = (\d+)/.exec(gdal('ogrinfo', '-ro', '-q', gpkg, '-sql', sql))![1]);
}
