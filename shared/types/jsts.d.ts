// jsts ships no types; the parts Frontera uses (shared/geo/buffer.ts), from its UMD bundle.
declare module 'jsts' {
  import type { Geometry } from 'geojson';
  export interface JstsGeometry {
    isEmpty(): boolean;
    getArea(): number;
  }
  const jsts: {
    io: {
      GeoJSONReader: new () => { read(geometry: Geometry): JstsGeometry };
      GeoJSONWriter: new () => { write(geometry: JstsGeometry): Geometry };
    };
    operation: {
      buffer: { BufferOp: { bufferOp(geometry: JstsGeometry, distance: number, quadrantSegments: number): JstsGeometry } };
      union: { UnaryUnionOp: { union(geometry: JstsGeometry): JstsGeometry } };
    };
  };
  export default jsts;
}
