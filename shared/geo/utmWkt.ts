/**
 * ESRI-style WKT of WGS 84 and of a WGS 84 / UTM zone, for the .prj written beside exported
 * shapefiles and grids: neither format carries a CRS, and QGIS/ArcGIS read the one in the .prj.
 */
import { UserError } from '../errors.ts';

/** WGS 84 longitude/latitude, as ESRI writes it. */
export const WGS84_ESRI_WKT =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

export function utmPrjText(epsg: number): string {
  const north = epsg >= 32601 && epsg <= 32660;
  const south = epsg >= 32701 && epsg <= 32760;
  if (!north && !south) throw new UserError(`EPSG:${epsg} is not a WGS 84 UTM zone`);
  const zone = epsg % 100;
  const cm = -183 + 6 * zone;
  return (
    `PROJCS["WGS_1984_UTM_Zone_${zone}${north ? 'N' : 'S'}",${WGS84_ESRI_WKT},` +
    `PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],` +
    `PARAMETER["False_Northing",${north ? '0.0' : '10000000.0'}],PARAMETER["Central_Meridian",${cm}.0],` +
    `PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
  );
}
