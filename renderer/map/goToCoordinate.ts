/** The go-to box's move: fly to a position and mark it until the next go-to. */
import { Marker, type Map as MapLibreMap } from 'maplibre-gl';

const markers = new WeakMap<MapLibreMap, Marker>();
/** Close enough to tell a building from its neighbour, as a typed coordinate asks for. */
const GO_TO_ZOOM = 15;

export function goToCoordinate(map: MapLibreMap, lon: number, lat: number): void {
  markers.get(map)?.remove();
  const marker = new Marker({ color: '#d7301f' }).setLngLat([lon, lat]).addTo(map);
  marker.getElement().dataset.testid = 'goto-marker';
  marker.getElement().title = 'Go-to position (click to remove)';
  marker.getElement().addEventListener('click', (e) => {
    e.stopPropagation();
    marker.remove();
  });
  markers.set(map, marker);
  map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), GO_TO_ZOOM) });
}
