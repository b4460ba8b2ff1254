/**
 * Geofence decisions (issue 16). Distances are great-circle distances on the mean Earth
 * sphere (haversine, IUGG mean radius), which stay exact across the antimeridian and near the
 * poles, where naive latitude/longitude differences fail.
 */
export const EARTH_RADIUS_METERS = 6_371_008.8;

export type LocationFlag = 'granted' | 'denied' | 'timeout';
export const LOCATION_FLAGS: readonly LocationFlag[] = ['granted', 'denied', 'timeout'];

export interface Position {
  lat: number;
  lng: number;
}

export interface Fence extends Position {
  radiusMeters: number;
}

const rad = (deg: number) => (deg * Math.PI) / 180;

export function isValidPosition(p: Position): boolean {
  return (
    Number.isFinite(p.lat) &&
    Number.isFinite(p.lng) &&
    p.lat >= -90 &&
    p.lat <= 90 &&
    p.lng >= -180 &&
    p.lng <= 180
  );
}

/** Great-circle distance in metres between two positions. */
export function distanceMeters(a: Position, b: Position): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface GeofenceDecision {
  flag: LocationFlag;
  /** Null when the client reported no fix. */
  distanceMeters: number | null;
}

/**
 * The documented rule: a fix is granted when its distance from the fence's centre is at most
 * the radius plus the reported accuracy, the accuracy counting for at most the radius itself
 * (a fix whose uncertainty circle touches the fence may be inside it; a fix vaguer than the
 * fence proves nothing, so a 5 km accuracy cannot grant a 100 m fence). Otherwise denied; no
 * fix at all is a timeout.
 */
export function decideGeofence(
  fence: Fence,
  fix: Position | null,
  accuracyMeters: number | null,
): GeofenceDecision {
  if (!fix) return { flag: 'timeout', distanceMeters: null };
  const distance = distanceMeters(fence, fix);
  const allowance = Math.min(Math.max(accuracyMeters ?? 0, 0), fence.radiusMeters);
  return {
    flag: distance <= fence.radiusMeters + allowance ? 'granted' : 'denied',
    distanceMeters: distance,
  };
}

/**
 * The latitude/longitude box that holds every point within `radiusMeters` of `centre`, for an
 * index-backed prefilter. Longitude comes as one or two ranges (two across the antimeridian);
 * near a pole the box covers every longitude.
 */
export function boundingBox(
  centre: Position,
  radiusMeters: number,
): { minLat: number; maxLat: number; lngRanges: Array<[number, number]> } {
  const dLat = (radiusMeters / EARTH_RADIUS_METERS) * (180 / Math.PI);
  const minLat = Math.max(-90, centre.lat - dLat);
  const maxLat = Math.min(90, centre.lat + dLat);
  if (minLat <= -90 || maxLat >= 90) return { minLat, maxLat, lngRanges: [[-180, 180]] };
  const ratio = Math.sin(radiusMeters / EARTH_RADIUS_METERS) / Math.cos(rad(centre.lat));
  if (ratio >= 1) return { minLat, maxLat, lngRanges: [[-180, 180]] };
  const dLng = Math.asin(ratio) * (180 / Math.PI);
  const west = centre.lng - dLng;
  const east = centre.lng + dLng;
  if (west < -180)
    return {
      minLat,
      maxLat,
      lngRanges: [
        [west + 360, 180],
        [-180, east],
      ],
    };
  if (east > 180)
    return {
      minLat,
      maxLat,
      lngRanges: [
        [west, 180],
        [-180, east - 360],
      ],
    };
  return { minLat, maxLat, lngRanges: [[west, east]] };
}
