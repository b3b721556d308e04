"""
Reference buffers with GDAL's GEOS bindings, for test/unit/geo/buffer.test.ts.

For each source feature: GEOS's buffer (30 segments per quarter circle, GDAL's default) in an
ellipsoidal azimuthal equidistant projection centred on the feature's box (PROJ), and in UTM zone
11N (EPSG:32611) as `ogr2ogr -dialect SQLite "SELECT ST_Buffer(ST_Transform(geom, 32611), d)"` does;
the area of each and of Frontera's buffer of the same feature, all measured in a Lambert azimuthal
equal-area projection centred there (PROJ), and the area of the symmetric difference between
Frontera's and the azimuthal one.

Usage: python3 buffer_reference.py SOURCE.geojson OURS.geojson METRES OUT.json
  OURS.geojson: one feature per source feature, in the same order.
"""
import json
import sys

from osgeo import ogr, osr

source_file, ours_file, metres, out_file = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
sources = json.load(open(source_file))['features']
ours = json.load(open(ours_file))['features']

wgs84 = osr.SpatialReference()
wgs84.ImportFromEPSG(4326)
wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
utm = osr.SpatialReference()
utm.ImportFromEPSG(32611)
utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)


def local(proj, lon, lat):
    s = osr.SpatialReference()
    s.ImportFromProj4(f'+proj={proj} +lat_0={lat!r} +lon_0={lon!r} +ellps=WGS84 +units=m +no_defs')
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def buffered_in(g, srs):
    h = g.Clone()
    h.Transform(osr.CoordinateTransformation(wgs84, srs))
    b = h.Buffer(metres, 30)
    b.Transform(osr.CoordinateTransformation(srs, wgs84))
    return b


def area_in(g, srs):
    h = g.Clone()
    h.Transform(osr.CoordinateTransformation(wgs84, srs))
    return h.GetArea()


out = []
for src, mine in zip(sources, ours):
    g = ogr.CreateGeometryFromJson(json.dumps(src['geometry']))
    o = ogr.CreateGeometryFromJson(json.dumps(mine['geometry']))
    w, e, s, n = g.GetEnvelope()
    lon, lat = (w + e) / 2, (s + n) / 2
    az = buffered_in(g, local('aeqd', lon, lat))
    um = buffered_in(g, utm)
    laea = local('laea', lon, lat)
    out.append({
        'aeqd': area_in(az, laea),
        'utm': area_in(um, laea),
        'ours': area_in(o, laea),
        'symdiff': area_in(o.SymDifference(az), laea),
    })

json.dump(out, open(out_file, 'w'))
