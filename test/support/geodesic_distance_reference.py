"""
Reference distances from points to geometries on the WGS 84 ellipsoid, with PROJ and GEOS (GDAL's
Python bindings): each point's own azimuthal equidistant projection (+proj=aeqd centred on it,
ellipsoidal), the geometries transformed into it vertex by vertex, and GEOS's planar distance from
the origin. Distances from the centre of that projection are geodesic. A segment is the geodesic
between its vertices: each is first cut into pieces of at most 2 km along it, by PROJ (a geodesic
through the centre of an azimuthal equidistant projection is a straight line from it, so the
pieces are even steps along B's direction in A's projection), and the chord of a 2 km piece is
within millimetres of it.

Also SpatiaLite's ST_Distance(point, geometry, 1) on the same input, for comparison: it measures on
the ellipsoid the shortest line GEOS finds in longitude/latitude degrees.

Usage: python3 geodesic_distance_reference.py POINTS.json GEOMETRIES.geojson OUT.json
  POINTS.json: [[lon, lat], ...]; OUT.json: {"aeqd": [[metres, feature], ...], "spatialite": [metres, ...]}
"""
import json
import math
import sys

from osgeo import ogr, osr

points_file, geometries_file, out_file = sys.argv[1:4]
points = json.load(open(points_file))
features = json.load(open(geometries_file))['features']
geoms = [ogr.CreateGeometryFromJson(json.dumps(f['geometry'])) for f in features]

wgs84 = osr.SpatialReference()
wgs84.ImportFromEPSG(4326)
wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)


def aeqd_at(lon, lat):
    local = osr.SpatialReference()
    local.ImportFromProj4(f'+proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +ellps=WGS84 +units=m +no_defs')
    local.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return local


def geodesic_line(coords, step=2000.0):
    out = [coords[0]]
    for (x1, y1), (x2, y2) in zip(coords, coords[1:]):
        local = aeqd_at(x1, y1)
        fwd = osr.CoordinateTransformation(wgs84, local)
        back = osr.CoordinateTransformation(local, wgs84)
        bx, by, _ = fwd.TransformPoint(x2, y2)
        n = max(1, int(math.ceil(math.hypot(bx, by) / step)))
        for k in range(1, n):
            lon, lat, _ = back.TransformPoint(bx * k / n, by * k / n)
            out.append((lon, lat))
        out.append((x2, y2))
    return out


def densify(g, ring=False):
    t = g.GetGeometryType()
    if t in (ogr.wkbLineString, ogr.wkbLinearRing):
        # OGR reports a polygon's rings as line strings; a polygon only takes linear rings back.
        t = ogr.wkbLinearRing if ring else t
        pts = geodesic_line([g.GetPoint_2D(i) for i in range(g.GetPointCount())]) if g.GetPointCount() > 1 else [g.GetPoint_2D(0)]
        h = ogr.Geometry(t)
        for x, y in pts:
            h.AddPoint_2D(x, y)
        return h
    if g.GetGeometryCount() > 0:
        h = ogr.Geometry(t)
        for i in range(g.GetGeometryCount()):
            h.AddGeometry(densify(g.GetGeometryRef(i), ring=ogr.GT_Flatten(t) == ogr.wkbPolygon))
        return h
    return g.Clone()


dense = [densify(g) for g in geoms]

aeqd = []
for lon, lat in points:
    to_local = osr.CoordinateTransformation(wgs84, aeqd_at(lon, lat))
    origin = ogr.CreateGeometryFromWkt('POINT (0 0)')
    best, which = float('inf'), -1
    for k, g in enumerate(dense):
        h = g.Clone()
        h.Transform(to_local)
        d = h.Distance(origin)
        if d < best:
            best, which = d, k
    aeqd.append([best, which])

# SpatiaLite, through GDAL's SQLite dialect over an in-memory copy of the geometries.
driver = ogr.GetDriverByName('SQLite')
ds = driver.CreateDataSource('/vsimem/ref.sqlite', options=['SPATIALITE=YES'])
layer = ds.CreateLayer('g', wgs84, ogr.wkbUnknown)
for g in geoms:
    f = ogr.Feature(layer.GetLayerDefn())
    f.SetGeometry(g)
    layer.CreateFeature(f)
spatialite = []
for lon, lat in points:
    sql = f'SELECT MIN(ST_Distance(MakePoint({lon!r}, {lat!r}, 4326), GEOMETRY, 1)) FROM g'
    res = ds.ExecuteSQL(sql)
    spatialite.append(res.GetNextFeature().GetField(0))
    ds.ReleaseResultSet(res)

json.dump({'aeqd': aeqd, 'spatialite': spatialite}, open(out_file, 'w'))
